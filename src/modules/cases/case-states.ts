import type { ApiError } from '../../common/errors/api-error';
import { illegalTransition as cannotBe } from './cases.errors';

export const CASE_STATUSES = [
  'open',
  'assigned',
  'contacted',
  'resolved',
  'closed',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Where a case is still being worked (anything but closed or withdrawn). */
const LIVE = ['open', 'assigned', 'contacted', 'resolved'] as const;

/**
 * The one state machine of follow-ups: what can happen to a case, from which statuses, and the
 * status after (`same`: unchanged; `assigned unless contacted`: a reassignment keeps the contact).
 */
const TRANSITIONS = {
  claim: { from: ['open'], to: 'assigned', done: 'claimed' },
  assign: {
    from: ['open', 'assigned', 'contacted'],
    to: 'assigned unless contacted',
    done: 'assigned',
  },
  note: { from: LIVE, to: 'same', done: 'noted' },
  contact: { from: ['assigned', 'contacted'], to: 'contacted', done: 'contacted' },
  resolve: { from: ['assigned', 'contacted'], to: 'resolved', done: 'resolved' },
  reopen: { from: ['resolved', 'closed'], to: 'assigned', done: 'reopened' },
  /** The customer's recovery answer ends the case. */
  close: { from: ['resolved'], to: 'closed', done: 'closed' },
  withdraw: { from: LIVE, to: 'withdrawn', done: 'withdrawn' },
  /** A CRM names its ticket about the case, or clears it: bookkeeping, in any status. */
  setExternalRef: { from: CASE_STATUSES, to: 'same', done: 'linked to a ticket' },
} as const satisfies Record<
  string,
  {
    from: readonly CaseStatus[];
    to: CaseStatus | 'same' | 'assigned unless contacted';
    done: string;
  }
>;

export type CaseAction = keyof typeof TRANSITIONS;

/** The statuses an action may start from (for conditional updates in SQL). */
export function statusesAllowing(action: CaseAction): readonly CaseStatus[] {
  return TRANSITIONS[action].from;
}

/** The status after an action, as an SQL expression over the row's `status`. */
export function statusAfterSql(action: CaseAction): string {
  const to = TRANSITIONS[action].to;
  if (to === 'same') return 'status';
  if (to === 'assigned unless contacted') {
    return `CASE WHEN status = 'contacted' THEN 'contacted' ELSE 'assigned' END`;
  }
  return `'${to}'`;
}

/** 409, for an action the case's status does not allow. */
export function illegalTransition(action: CaseAction, status: CaseStatus): ApiError {
  return cannotBe(status, TRANSITIONS[action].done);
}
