import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';

export const CASE_STATUSES = [
  'open',
  'assigned',
  'contacted',
  'resolved',
  'closed',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** What can happen to a case, and from which statuses: the one state machine of follow-ups. */
const TRANSITIONS = {
  claim: { from: ['open'], to: 'assigned' },
  withdraw: { from: ['open', 'assigned', 'contacted', 'resolved'], to: 'withdrawn' },
} as const satisfies Record<string, { from: readonly CaseStatus[]; to: CaseStatus }>;

export type CaseAction = keyof typeof TRANSITIONS;

const DONE: Record<CaseAction, string> = { claim: 'claimed', withdraw: 'withdrawn' };

/** The statuses an action may start from (for conditional updates in SQL). */
export function statusesAllowing(action: CaseAction): readonly CaseStatus[] {
  return TRANSITIONS[action].from;
}

export function statusAfter(action: CaseAction): CaseStatus {
  return TRANSITIONS[action].to;
}

/** 409, for an action the case's status does not allow. */
export function illegalTransition(action: CaseAction, status: CaseStatus): ApiError {
  return new ApiError(
    HttpStatus.CONFLICT,
    'illegal_transition',
    `A case that is ${status} cannot be ${DONE[action]}.`,
  );
}
