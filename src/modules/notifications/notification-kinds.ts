/**
 * What an agent is told about, each of which they may switch off in "My settings": a case
 * assigned to them by someone else, a reply from the customer of a case of theirs, and the
 * morning's digest of their team's unassigned cases.
 */
export const NOTIFICATION_KINDS = [
  'case_assigned',
  'customer_replied',
  'unassigned_digest',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Each kind in words: the My settings switch and the line in the notifications list. */
export const NOTIFICATION_WORDS: Record<NotificationKind, { setting: string; hint: string }> = {
  case_assigned: {
    setting: 'A case is assigned to me',
    hint: 'When a manager or a colleague gives you a case (not when you claim one yourself).',
  },
  customer_replied: {
    setting: 'The customer of my case replies',
    hint: 'When the customer of a case assigned to you writes back.',
  },
  unassigned_digest: {
    setting: "Morning digest of my team's unassigned cases",
    hint: 'On working days at opening time, when cases wait for someone to take them.',
  },
};

export function isNotificationKind(value: unknown): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly unknown[]).includes(value);
}
