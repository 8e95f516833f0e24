import type { FollowUpPolicy } from '../../surveys/survey-definition';
import { addBusinessHours, type BusinessCalendar } from '../business-hours';

export const ESCALATION_STEPS = [
  'first_contact_warning',
  'first_contact_overdue',
  'resolution_warning',
  'resolution_overdue',
] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

/** A warning comes when this share of a deadline's business hours has gone. */
const WARNING_AT = 0.75;

/**
 * When each step of a case's escalation fires: a warning when three quarters of the business
 * hours before a deadline have gone, and the overdue step at the deadline itself.
 */
export function escalationTimes(
  openedAt: Date,
  policy: FollowUpPolicy,
  calendar: BusinessCalendar,
): Record<EscalationStep, Date> {
  return {
    first_contact_warning: addBusinessHours(
      openedAt,
      policy.firstContactHours * WARNING_AT,
      calendar,
    ),
    first_contact_overdue: addBusinessHours(openedAt, policy.firstContactHours, calendar),
    resolution_warning: addBusinessHours(openedAt, policy.resolutionHours * WARNING_AT, calendar),
    resolution_overdue: addBusinessHours(openedAt, policy.resolutionHours, calendar),
  };
}

/** Whether a step is about the first contact (moot once the customer has been contacted). */
export const isFirstContactStep = (step: EscalationStep) => step.startsWith('first_contact');
export const isOverdueStep = (step: EscalationStep) => step.endsWith('_overdue');
