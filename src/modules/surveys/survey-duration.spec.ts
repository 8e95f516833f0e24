import { DEMO_SURVEY } from '../demo/demo-survey';
import type { Question } from './survey-definition';
import { estimatedMinutes } from './survey-duration';

const text = (id: string): Question => ({ id, type: 'free_text', label: { en: id } });

describe('estimatedMinutes', () => {
  it('counts what the page asks: the demo survey takes about two minutes', () => {
    expect(estimatedMinutes(DEMO_SURVEY, { asksConsent: true })).toBe(2);
  });

  it('promises more time for more to write, and never less than a minute', () => {
    const long = { questions: ['a', 'b', 'c', 'd', 'e', 'f'].map(text) };
    expect(estimatedMinutes(long, { asksConsent: true })).toBe(4);
    expect(estimatedMinutes({ questions: [] }, { asksConsent: false })).toBe(1);
  });
});
