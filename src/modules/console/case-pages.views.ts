import type { CaseDetailDto } from '../cases/cases.service';
import { statusesAllowing } from '../cases/case-states';
import { CONTACT_CHANNELS } from '../cases/dto/case-actions.dto';
import type { PreferredContactDto } from '../cases/preferred-contact';
import type { ComposerView } from './case-composer';
import { when } from './when';

/** What a finished form says on the page it returns to (`?done=…`). */
const DONE: Record<string, string> = {
  claimed: 'The case is yours now.',
  message: 'Your message is on its way to the customer.',
  note: 'Note added.',
  contact: 'Contact logged.',
  resolved: 'Resolved. The customer gets the recovery survey.',
  reopened: 'Reopened.',
  none: 'No case is waiting for you right now.',
};

export interface CasePageView {
  csrfToken: string;
  notice: string | null;
  error: string | null;
  case: CaseDetailDto & { title: string; opened: string };
  /** "2026-12-06 10:00 UTC" when the customer was erased: the case is a record, read-only. */
  erased: string | null;
  firstContactDue: string;
  resolutionDue: string;
  attributes: { name: string; value: string }[];
  messages: { outbound: boolean; subject: string; body: string; at: string; delivery: string }[];
  timeline: { type: string; at: string; detail: string | null }[];
  rootCauses: { key: string; label: string }[];
  /** The log form's channels, the customer's preferred one selected. */
  channels: { value: string; selected: boolean }[];
  /** How the customer wants to be reached, said first; null when they stated nothing. */
  reachOut: { prefers: string; stated: string; byAgent: boolean } | null;
  can: { write: boolean; resolve: boolean; reopen: boolean; note: boolean };
  /** The email form: templates to start from and the draft. */
  composer: ComposerView;
}

export function casePageView(
  csrfToken: string,
  detail: CaseDetailDto,
  rootCauses: { key: string; label: string }[],
  feedback: { done?: unknown; error?: string },
  composer: ComposerView,
): CasePageView {
  const status = detail.status;
  return {
    composer,
    csrfToken,
    notice: noticeFor(feedback.done),
    error: feedback.error ?? null,
    case: {
      ...detail,
      title: detail.customer
        ? (detail.customer.name ?? detail.customer.externalId)
        : 'Erased customer',
      opened: when(detail.createdAt),
    },
    erased: detail.erasedAt ? when(detail.erasedAt) : null,
    firstContactDue: when(detail.firstContactDueAt),
    resolutionDue: when(detail.resolutionDueAt),
    attributes: Object.entries(detail.customer?.attributes ?? {}).map(([name, value]) => ({
      name,
      value: typeof value === 'string' ? value : JSON.stringify(value),
    })),
    messages: detail.messages.map((message) => ({
      outbound: message.direction === 'outbound',
      subject: message.subject,
      body: message.body,
      at: when(message.at),
      delivery: message.delivery ?? 'received',
    })),
    timeline: detail.timeline.map((event) => ({ ...event, at: when(event.at) })),
    rootCauses,
    channels: CONTACT_CHANNELS.map((value) => ({
      value,
      selected: value === detail.preferredContact?.channel,
    })),
    reachOut: reachOutView(detail.preferredContact),
    // A case kept after its customer's erasure can no longer change.
    can: {
      write: !detail.erasedAt && statusesAllowing('contact').includes(status),
      resolve: !detail.erasedAt && statusesAllowing('resolve').includes(status),
      reopen: !detail.erasedAt && statusesAllowing('reopen').includes(status),
      note: !detail.erasedAt && statusesAllowing('note').includes(status),
    },
  };
}

/** "Phone, Evenings", stated when and for what; `byAgent`: a channel Candor cannot send. */
function reachOutView(preferred: PreferredContactDto | null): CasePageView['reachOut'] {
  if (!preferred) return null;
  const ways = [preferred.channelLabel, preferred.contactTimeLabel].filter(Boolean);
  return {
    prefers: ways.join(', '),
    stated: `${when(preferred.statedAt)}, for ${preferred.context.replace(/_/g, ' ')}`,
    byAgent: !preferred.candorCanSend,
  };
}

export function noticeFor(done: unknown): string | null {
  return typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : null;
}
