import { DEMO_SURVEY } from '../demo/demo-survey';
import type { Question } from './survey-definition';
import { labelledAnswers } from './answer-labels';

const QUESTIONS = [
  ...(DEMO_SURVEY.questions as unknown as Question[]),
  { id: 'details', type: 'free_text', label: { en: 'Details', fi: 'Lisätiedot' } },
  { id: 'staff', type: 'rating', label: { en: 'The staff' } },
] as Question[];

describe('labelledAnswers', () => {
  it('words every question and its answer in the language asked, unanswered ones included', () => {
    expect(
      labelledAnswers(
        QUESTIONS,
        { what_went_wrong: ['room', 'billing'], details: 'Room 214', staff: '4' },
        'en',
      ),
    ).toEqual([
      {
        questionId: 'what_went_wrong',
        question: 'What could have gone better?',
        answer: ['The room', 'Billing'],
      },
      { questionId: 'details', question: 'Details', answer: ['Room 214'] },
      { questionId: 'staff', question: 'The staff', answer: ['4 of 5'] },
    ]);
    expect(labelledAnswers(QUESTIONS, {}, 'fi')[0]).toEqual({
      questionId: 'what_went_wrong',
      question: 'Mikä olisi voinut mennä paremmin?',
      answer: [],
    });
  });

  it('shows a value no option has any more as it was stored', () => {
    expect(labelledAnswers(QUESTIONS, { what_went_wrong: ['sauna'] }, 'en')[0].answer).toEqual([
      'sauna',
    ]);
  });
});
