import type { EmailKind } from './email-message.entity';

/**
 * How other modules read the outbox inside their own statements: an email's Message-ID (to
 * thread a dialogue), its delivery status, whether an email was already queued about an invitation.
 */

/**
 * The outbox's email `emailId` (an SQL expression) as a relation of one row, `id` and
 * `message_id` (the Message-ID a reply names); no row when there is no such email.
 */
export function outboxEmailSql(emailId: string): string {
  return `(SELECT id, message_id FROM email_messages WHERE id = ${emailId})`;
}

/**
 * Joins the outbox email a row names, as `alias`, or nulls when it names none: its `status` is
 * the delivery (queued, sent, failed, cancelled). `emailId` is the SQL column naming the email.
 */
export function leftJoinEmailOf(emailId: string, alias: string): string {
  return `LEFT JOIN email_messages ${alias} ON ${alias}.id = ${emailId}`;
}

/**
 * Whether an email of `kind` was ever queued about the invitation `invitationId` (an SQL
 * expression), whatever became of it: `EXISTS (…)`.
 */
export function emailQueuedForInvitationSql(kind: EmailKind, invitationId: string): string {
  return `EXISTS (
    SELECT 1 FROM email_messages m WHERE m.invitation_id = ${invitationId} AND m.kind = '${kind}')`;
}
