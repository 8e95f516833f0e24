import type { UserPrincipal } from '../../common/auth/principal';
import type { CaseOutcome } from '../cases/case-outcomes';
import type { CaseDto, CaseFilter } from '../cases/cases.service';
import { noticeFor } from './case-pages.views';
import { when } from './when';

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
