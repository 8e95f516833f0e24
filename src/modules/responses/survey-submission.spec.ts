import { DEMO_SURVEY } from '../demo/demo-survey';
import type { SurveyVersion } from '../surveys/survey-version.entity';
import {
  fieldsFromForm,
  fieldsFromJson,
  MalformedSubmission,
  type PostedFields,
  validateSubmission,
} from './survey-submission';
import { SURVEY_PAGE_TEXTS } from './survey-page-texts';

const VERSION = {
  scale: 'csat5',
  // The demo's questions and a free-text one, whose answers are checked as text.
  questions: [
    ...DEMO_SURVEY.questions,
    { id: 'comment', type: 'free_text', label: { en: 'Tell us more' } },
  ],
  preferences: DEMO_SURVEY.preferences,
  dissatisfiedAtOrBelow: 2,
} as unknown as SurveyVersion;
const TEXT_ID = 'text-1';

const validate = (fields: PostedFields) =>
  validateSubmission(fields, VERSION, SURVEY_PAGE_TEXTS.en, {
    asksConsent: true,
    acceptableConsentText: (id) => id === TEXT_ID,
  });
const form = (pairs: [string, string][]): PostedFields => {
  const fields: PostedFields = new Map();
  for (const [name, value] of pairs) fields.set(name, [...(fields.get(name) ?? []), value]);
  return fields;
};
const erroredFields = (fields: PostedFields) => {
  const result = validate(fields);
  return 'errors' in result ? result.errors.map((e) => e.field) : [];
};

describe('fieldsFromJson', () => {
  it('maps a full answer onto the form field names', () => {
    const fields = fieldsFromJson({
      consent: 'identified',
      consentText: TEXT_ID,
      score: 2,
      answers: { what_went_wrong: ['room', 'staff'], comment: 'Cold.' },
      comment: null,
      preferences: [{ context: 'family_travel', channel: 'phone', interests: 'spa' }],
    });
    expect(Object.fromEntries(fields)).toEqual({
      consent: ['identified'],
      consentText: [TEXT_ID],
      score: ['2'],
      q_what_went_wrong: ['room', 'staff'],
      q_comment: ['Cold.'],
      context: ['family_travel'],
      channel_family_travel: ['phone'],
      interests_family_travel: ['spa'],
    });
    expect(validate(fields)).toHaveProperty('submission.score', 2);
  });

  it.each([
    [{ consent: 'anonymous', score: 3, extra: 1 }, /"extra" is not part/],
    [{ consent: 'anonymous', score: 3, constructor: 'x' }, /"constructor" is not part/],
    [
      { consent: 'anonymous', score: 3, preferences: [{ context: 'x', y: 1 }] },
      /preferences\[0\]\.y/,
    ],
    [{ consent: ['anonymous'], score: 3 }, /consent must be a single value/],
    [{ consent: 'anonymous', score: [3] }, /score must be a single value/],
    [{ consent: 'anonymous', score: true }, /score must be a number/],
    [{ consent: 'anonymous', score: 3, comment: 5 }, /comment must be text/],
    [{ consent: 'anonymous', score: 3, answers: { comment: {} } }, /answers.comment must be/],
    [{ consent: 'anonymous', score: 3, preferences: [{ context: '' }] }, /with a context/],
    [
      { consent: 'anonymous', score: 3, preferences: [{ context: 'a', interests: [1] }] },
      /text or a list/,
    ],
    [{ consent: 'anonymous', score: 3, comment: 'a\u0000b' }, /comment holds characters/],
    [{ consent: 'anonymous', score: 3, answers: { comment: 'a\ud800' } }, /q_comment holds/],
  ])('refuses %j', (body, message) => {
    expect(() => fieldsFromJson(body)).toThrow(MalformedSubmission);
    expect(() => fieldsFromJson(body)).toThrow(message);
  });

  it('keeps a well-formed surrogate pair (an emoji is text)', () => {
    expect(fieldsFromJson({ comment: 'ok 👍' }).get('comment')).toEqual(['ok 👍']);
  });
});

describe('fieldsFromForm', () => {
  it('refuses a NUL, which PostgreSQL cannot store', () => {
    expect(() => fieldsFromForm({ consent: 'anonymous', comment: 'a\u0000' })).toThrow(
      /comment holds characters that are not text/,
    );
  });
});

describe('validateSubmission', () => {
  it.each(['1', '5'])('takes the score %s', (score) => {
    expect(
      validate(
        form([
          ['consent', 'anonymous'],
          ['score', score],
        ]),
      ),
    ).toHaveProperty('submission.score', Number(score));
  });

  it.each([' 3', '3 ', '03', '+3', '3.0', '1e3', '0x3', '٣', '6', '0'])(
    'refuses the score %j',
    (score) => {
      expect(
        erroredFields(
          form([
            ['consent', 'anonymous'],
            ['score', score],
          ]),
        ),
      ).toEqual(['score']);
    },
  );

  it('refuses two different values for a field that takes one', () => {
    const repeated = (name: string, a: string, b: string) =>
      erroredFields(
        form([
          ['consent', 'anonymous'],
          ['score', '3'],
          [name, a],
          [name, b],
        ]),
      );
    expect(
      erroredFields(
        form([
          ['consent', 'anonymous'],
          ['consent', 'identified'],
          ['score', '3'],
        ]),
      ),
    ).toContain('consent');
    expect(repeated('score', '3', '4')).toEqual(['score']);
    expect(repeated('q_comment', 'one', 'two')).toEqual(['q_comment']);
    expect(repeated('q_what_went_wrong', 'room', 'staff')).toEqual([]);
  });

  it('takes identified consent only with a consent text still acceptable', () => {
    const identified = (textId: string) =>
      validate(
        form([
          ['consent', 'identified'],
          ['consentText', textId],
          ['score', '4'],
        ]),
      );
    expect(identified(TEXT_ID)).toHaveProperty(
      'submission',
      expect.objectContaining({
        consent: 'identified',
        consentTextId: TEXT_ID,
      }),
    );
    expect(identified('text-0')).toEqual({
      errors: [{ field: 'consent', message: SURVEY_PAGE_TEXTS.en.consentTextChanged }],
    });
    expect(erroredFields(form([['score', '4']]))).toEqual(['consent']);
  });

  it('asks no consent on a recovery form: the customer answers as themselves', () => {
    const result = validateSubmission(form([['score', '2']]), VERSION, SURVEY_PAGE_TEXTS.en, {
      asksConsent: false,
    });
    expect(result).toHaveProperty(
      'submission',
      expect.objectContaining({ consent: 'identified', consentTextId: null, score: 2 }),
    );
  });

  it('refuses answers to questions the survey does not ask', () => {
    expect(
      erroredFields(
        form([
          ['consent', 'anonymous'],
          ['score', '3'],
          ['q_nope', 'x'],
        ]),
      ),
    ).toEqual(['q_nope']);
    // Other unknown form fields (a browser extension's, say) are ignored, as before.
    expect(
      erroredFields(
        form([
          ['consent', 'anonymous'],
          ['score', '3'],
          ['utm', 'x'],
        ]),
      ),
    ).toEqual([]);
  });
});
