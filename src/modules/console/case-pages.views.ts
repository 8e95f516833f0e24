import type { UserPrincipal } from '../../common/auth/principal';
import type { CaseOutcome } from '../cases/case-outcomes';
import type { CaseDetailDto, CaseDto, CaseFilter } from '../cases/cases.service';
import { statusesAllowing } from '../cases/case-states';
import { CONTACT_CHANNELS } from '../cases/dto/case-actions.dto';
import type { PreferredContactDto } from '../cases/preferred-contact';
import { MESSAGE_TEMPLATES } from './message-templates';
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

export interface QueuePageView {
  csrfToken: string;
  notice: string | null;
  mine: CaseRowView[];
  hasTeam: boolean;
  team: CaseRowView[];
  /** Past a deadline and not resolved: the ones to look at first. */
  overdue: CaseRowView[];
  waiting: CaseRowView[];
}

export interface CaseRowView {
  id: string;
  customer: string;
  status: string;
  priority: number;
  opened: string;
  firstContactDue: string;
  overdue: boolean;
}

export function queuePageView(
  user: UserPrincipal,
  done: unknown,
  cases: { mine: CaseDto[]; team: CaseDto[]; overdue: CaseDto[]; waiting: CaseDto[] },
): QueuePageView {
  return {
    csrfToken: user.csrfToken,
    notice: noticeFor(done),
    mine: cases.mine
      .filter((c) => ['assigned', 'contacted', 'resolved'].includes(c.status))
      .map(caseRowView),
    hasTeam: user.teamId !== null,
    // Colleagues' cases in progress (waiting ones are under Waiting).
    team: cases.team
      .filter((c) => c.assigneeId !== null && c.assigneeId !== user.userId)
      .map(caseRowView),
    overdue: cases.overdue.map(caseRowView),
    waiting: cases.waiting.map(caseRowView),
  };
}

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
  /** The email form's starting text (from a message template, or empty). */
  compose: { subject: string; body: string };
  templates: { key: string; label: string; selected: boolean }[];
}

export function casePageView(
  csrfToken: string,
  detail: CaseDetailDto,
  rootCauses: { key: string; label: string }[],
  feedback: { done?: unknown; error?: string; template?: unknown },
  compose: { subject: string; body: string } | null = null,
): CasePageView {
  const status = detail.status;
  return {
    compose: compose ?? { subject: '', body: '' },
    templates: Object.entries(MESSAGE_TEMPLATES).map(([key, template]) => ({
      key,
      label: template.label,
      selected: key === feedback.template,
    })),
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

export function caseRowView(dto: CaseDto): CaseRowView {
  return {
    id: dto.id,
    customer: dto.customer.name ?? dto.customer.externalId ?? 'Erased customer',
    status: dto.status,
    priority: dto.priority,
    opened: when(dto.createdAt),
    firstContactDue: when(dto.firstContactDueAt),
    overdue: dto.overdueAt !== null && ['open', 'assigned', 'contacted'].includes(dto.status),
  };
}

function noticeFor(done: unknown): string | null {
  return typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : null;
}

const OUTCOME_WORDS: Record<CaseOutcome, string> = {
  resolved: 'resolved',
  unresolved: 'not resolved yet',
  late_first_contact: 'first contact late or still missing past its deadline',
  late_resolution: 'resolved late or still open past its deadline',
  recovered: 'the customer said we made it right',
  not_recovered: 'the customer said we did not make it right',
};

/** `console-case-list.hbs`: cases by any filter of the API's list, a page at a time. */
export interface CaseListView {
  /** Which cases these are, in words. */
  description: string;
  cases: CaseRowView[];
  next: string | null;
}

/** The list page's heading says which cases these are, in words. */
export function caseListView(
  filter: CaseFilter,
  cases: CaseDto[],
  next: string | null,
): CaseListView {
  const said: string[] = [];
  if (filter.openedFrom) said.push(`opened from ${when(filter.openedFrom)}`);
  if (filter.openedBefore) said.push(`before ${when(filter.openedBefore)}`);
  if (filter.outcome) said.push(OUTCOME_WORDS[filter.outcome]);
  if (filter.overdue) said.push('past a deadline and not resolved');
  if (filter.status) said.push(`status ${filter.status}`);
  if (filter.survey) said.push(`survey ${filter.survey}`);
  if (filter.touchpointType) said.push(`touchpoint ${filter.touchpointType}`);
  if (filter.team) said.push('one team');
  if (filter.assignee) said.push(filter.assignee === 'me' ? 'yours' : 'one agent');
  return {
    description: said.length > 0 ? said.join('; ') : 'all cases you may see',
    cases: cases.map(caseRowView),
    next,
  };
}
