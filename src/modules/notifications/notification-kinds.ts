import type { UserRole } from '../../common/auth/user-role';

/**
 * What a person may switch off in "My settings", each a kind of notification. An agent's: a case
 * assigned to them by someone else, a reply from the customer of a case of theirs, and the
 * morning's digest of their team's unassigned cases. A manager's and an admin's: the weekly
 * digest, a KPI crossing its target, and a topic's spike. An admin's too: a webhook endpoint
 * disabled by what it answered.
 */
export const NOTIFICATION_KINDS = [
  'case_assigned',
  'customer_replied',
  'unassigned_digest',
  'weekly_digest',
  'kpi_alerts',
  'topic_alerts',
  'webhook_disabled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The switches each role is shown: what it can be told (an admin owns no cases). */
export const KINDS_OF_ROLE: Record<UserRole, readonly NotificationKind[]> = {
  agent: ['case_assigned', 'customer_replied', 'unassigned_digest'],
  manager: ['case_assigned', 'customer_replied', 'weekly_digest', 'kpi_alerts', 'topic_alerts'],
  admin: ['weekly_digest', 'kpi_alerts', 'topic_alerts', 'webhook_disabled'],
};

/**
 * What a notification can tell (`notifications.kind`): the kinds above, and the customer saying
 * their resolved case is not resolved (a recovery answer, or "this is not resolved" on their
 * page), which comes with their replies: under the same switch and in the same kind of email.
 */
export type ToldKind =
  | Exclude<NotificationKind, 'kpi_alerts' | 'topic_alerts'>
  | 'case_reopened'
  | 'kpi_alert'
  | 'topic_alert';

/** What is told about one case (and composed from it when sent). */
export type CaseToldKind = 'case_assigned' | 'customer_replied' | 'case_reopened';

/** The switch in My settings (and the kind of email) of each thing told. */
export const SWITCH_OF: Record<ToldKind, NotificationKind> = {
  case_assigned: 'case_assigned',
  customer_replied: 'customer_replied',
  case_reopened: 'customer_replied',
  unassigned_digest: 'unassigned_digest',
  weekly_digest: 'weekly_digest',
  kpi_alert: 'kpi_alerts',
  topic_alert: 'topic_alerts',
  webhook_disabled: 'webhook_disabled',
};

/** Each kind in words: the My settings switch and the line in the notifications list. */
export const NOTIFICATION_WORDS: Record<NotificationKind, { setting: string; hint: string }> = {
  case_assigned: {
    setting: 'A case is assigned to me',
    hint: 'When a manager or a colleague gives you a case (not when you claim one yourself).',
  },
  customer_replied: {
    setting: 'The customer of my case replies',
    hint: 'When the customer of a case assigned to you writes back, or says it is not resolved.',
  },
  unassigned_digest: {
    setting: "Morning digest of my team's unassigned cases",
    hint: 'On working days at opening time, when cases wait for someone to take them.',
  },
  weekly_digest: {
    setting: 'Weekly digest of the numbers',
    hint: "On Monday mornings: last week's figures against the week before and the targets, root causes, overdue cases and three comments to read.",
  },
  kpi_alerts: {
    setting: 'A figure crosses its target',
    hint: 'When a figure with a target falls below it (or rises above it, where lower is better) over the last 7 days, and when it is back.',
  },
  topic_alerts: {
    setting: 'A topic spikes',
    hint: 'When customers write about a topic more than three times as often as in the four weeks before.',
  },
  webhook_disabled: {
    setting: 'A webhook endpoint is disabled',
    hint: 'When Candor stops sending to an integration or chat because it answered 410 Gone, or every delivery to it failed for 24 hours.',
  },
};

export function isNotificationKind(value: unknown): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly unknown[]).includes(value);
}

/** Where a case's work has ended: nobody needs telling that it was assigned to them. */
const ENDED: ReadonlySet<string> = new Set(['resolved', 'closed', 'withdrawn']);

/**
 * Whether a notice about a case is wanted, asked when its event is delivered and again when its
 * email is sent (the case may have moved on between). An assignment, while the case is worked.
 * The customer's word (a reply, "it is not resolved"), on any case they can still write to: a
 * resolved or closed one above all, where it is the only sign the work is not over; not on one
 * withdrawn (their consent went) or whose customer was erased.
 */
export function noticeWanted(
  kind: CaseToldKind,
  theCase: { status: string; erased: boolean },
): boolean {
  if (theCase.erased) return false;
  if (kind === 'case_assigned') return !ENDED.has(theCase.status);
  return theCase.status !== 'withdrawn';
}
