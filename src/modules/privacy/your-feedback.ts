import { deadlineText } from '../../common/i18n/deadline';
import type { Locale } from '../../common/i18n/locale';
import { longDate } from '../../common/i18n/long-date';
import { linkPath } from '../../common/links/survey-links';
import type { CustomerCaseView } from '../cases/customer-cases';
import type { CustomerAnswer } from '../responses/customer-answers';
import { SCALE_RANGE } from '../surveys/survey-definition';
import type { PrivacyTexts } from './privacy-texts';

/** One thing the customer told us, and what became of it. */
export interface FeedbackItemView {
  heading: string;
  /** "Your score: 2 of 5"; null for a request to be contacted. */
  score: string | null;
  comment: string | null;
  case: FeedbackCaseView | null;
}

export interface FeedbackCaseView {
  /** The element id the forms come back to. */
  anchor: string;
  status: string;
  resolution: string | null;
  messages: { from: string; subject: string; body: string }[];
  replyAction: string | null;
  reopenAction: string | null;
  /** Why their last message was refused, or null. */
  error: string | null;
}

/**
 * "Your feedback": each identified answer with the case it opened, and each request to be
 * contacted, newest first; statuses in plain words, times in the customer's language and the
 * business calendar's zone.
 */
export function feedbackItems(
  context: { locale: Locale; t: PrivacyTexts; token: string; timeZone: string },
  answers: CustomerAnswer[],
  cases: CustomerCaseView[],
  error: { caseId: string; message: string } | null,
): FeedbackItemView[] {
  const { locale, t, token, timeZone } = context;
  const caseView = (item: CustomerCaseView): FeedbackCaseView => ({
    anchor: `case-${item.id}`,
    status: t.caseStatus[item.status]({
      by: deadlineText(locale, item.firstContactDueAt, timeZone),
      date: item.resolvedAt ? longDate(locale, item.resolvedAt) : null,
    }),
    resolution: item.resolution,
    messages: item.messages.map((message) => ({
      from:
        message.direction === 'outbound'
          ? t.fromUs(longDate(locale, new Date(message.at)))
          : t.fromYou(longDate(locale, new Date(message.at))),
      subject: message.subject,
      body: message.body,
    })),
    replyAction: item.canReply ? linkPath('privacy', token, 'cases', item.id, 'reply') : null,
    reopenAction: item.canReopen
      ? linkPath('privacy', token, 'cases', item.id, 'not-resolved')
      : null,
    error: error?.caseId === item.id ? error.message : null,
  });
  const answered = answers.map((answer) => ({
    at: answer.submittedAt,
    view: {
      heading: t.answered(answer.survey, longDate(locale, answer.submittedAt)),
      score: t.score(answer.score, SCALE_RANGE[answer.scale].max),
      comment: answer.comment,
      case: ((found) => (found ? caseView(found) : null))(
        cases.find((item) => item.responseId === answer.id),
      ),
    },
  }));
  const requested = cases
    .filter((item) => item.responseId === null)
    .map((item) => ({
      at: item.openedAt,
      view: {
        heading: t.contactRequested(longDate(locale, item.openedAt)),
        score: null,
        comment: null,
        case: caseView(item),
      },
    }));
  return [...answered, ...requested]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .map((item) => item.view);
}
