import { eng, fin } from 'stopword';
import { frequentPhrases, phrasesOf, wordsOf } from './phrases';
import { parseRules } from './topic-terms';

const STOP = new Set([...eng, ...fin]);

describe('phrases of comments', () => {
  it('reads words with their inner apostrophes, lower-cased', () => {
    expect(wordsOf("Don't! The FRONT-desk, 24h; Huoneessa ÄÄNIÄ")).toEqual([
      "don't",
      'the',
      'front',
      'desk',
      '24h',
      'huoneessa',
      'ääniä',
    ]);
  });

  it('takes runs of one to three words that neither start nor end with a stop word', () => {
    // "not" is no stop word: "not clean" says what "clean" alone would turn around.
    expect([...phrasesOf('The front of house was not clean', STOP)].sort()).toEqual([
      'clean',
      'front',
      'front of house',
      'house',
      'house was not',
      'not',
      'not clean',
    ]);
    expect([...phrasesOf('Room 214 was cold', STOP)].sort()).toEqual(['cold', 'room']);
    expect([...phrasesOf('Huone oli kylmä ja meluisa', STOP)].sort()).toEqual([
      'huone',
      'huone oli kylmä',
      'kylmä',
      'kylmä ja meluisa',
      'meluisa',
    ]);
  });

  it('counts a phrase once per comment, keeps the frequent, drops what a longer phrase covers', () => {
    const comments = [
      { comment: 'Slow check in. Slow check in!', score: 1, scale: 'csat5' },
      { comment: 'Slow check in again', score: 2, scale: 'csat5' },
      { comment: 'slow check in', score: 9, scale: 'nps' },
      { comment: 'Slow, but lovely.', score: 4, scale: 'csat5' },
    ];
    const phrases = frequentPhrases(comments, { stopWords: STOP, minComments: 3, top: 20 });
    expect(phrases).toEqual([
      { phrase: 'slow', words: 1, comments: 4, averageScore: { csat5: 2.33, nps: 9 } },
      { phrase: 'slow check', words: 2, comments: 3, averageScore: { csat5: 1.5, nps: 9 } },
    ]);
  });
});

describe('topic rules', () => {
  it('reads words, quoted phrases and prefixes, once each per language', () => {
    const { terms, problems } = parseRules({
      en: ['  Front   desk ', '"front desk"', 'clean*'],
      fi: ['huone'],
    });
    expect(problems).toEqual([]);
    expect(terms).toEqual([
      { locale: 'en', term: 'Front desk', prefix: false },
      { locale: 'en', term: 'clean*', prefix: true },
      { locale: 'fi', term: 'huone', prefix: false },
    ]);
  });

  it('says what is wrong with a rule', () => {
    expect(parseRules({ en: ['*', 'front desk*', ''], fi: ['a\u0007b'] }).problems).toEqual([
      'In the English rule “*”, * may only end a single word of at least two letters (“aamiai*”).',
      'In the English rule “front desk*”, * may only end a single word of at least two letters (“aamiai*”).',
      'A rule in English is empty: write a word or a phrase, or leave it out.',
      'A Finnish rule holds a control character: write it on one line.',
    ]);
  });
});
