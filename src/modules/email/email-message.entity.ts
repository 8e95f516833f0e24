import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { Customer } from '../customers/customer.entity';
import { Invitation } from '../invitations/invitation.entity';

export const EMAIL_KINDS = [
  'invitation',
  'reminder',
  'case_message',
  'thank_you',
  'recovery',
  'case_escalation',
  // To agents about their work (notifications).
  'case_assigned',
  'customer_replied',
  'unassigned_digest',
  // To managers and admins about the numbers (notifications).
  'weekly_digest',
  'kpi_alerts',
  'topic_alerts',
  // To admins about the integrations (notifications).
  'webhook_disabled',
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
/**
 * Contact the customer did not ask for, which the contact budget counts and may refuse or defer.
 * The rest of what goes to a customer is the dialogue they asked for: never refused or deferred.
 */
export const UNSOLICITED_KINDS: readonly EmailKind[] = ['invitation', 'reminder'];
export type EmailStatus = 'queued' | 'sent' | 'failed' | 'cancelled';

/**
 * The outbox and delivery log: one row per email Candor means to send, written in the same
 * transaction as the business change, with its outcome recorded here rather than only in a log.
 */
@Entity('email_messages')
@Index('email_messages_customer_created_idx', ['customerId', 'createdAt'])
@Index('email_messages_invitation_idx', ['invitationId'])
@Check('email_messages_status_check', `status IN ('queued', 'sent', 'failed', 'cancelled')`)
export class EmailMessage {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  kind: EmailKind;

  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  @ManyToOne(() => Customer, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'customer_id' })
  customer?: Customer;

  @Column({ name: 'invitation_id', type: 'uuid', nullable: true })
  invitationId: string | null;

  @ManyToOne(() => Invitation, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invitation_id' })
  invitation?: Invitation;

  /** The address at the time of queueing (personal data: erased with the person). */
  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'text' })
  status: EmailStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** A short code (SMTP reply class and code), never the server's full text. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** Stable across retries, so a duplicate send is recognisable downstream. */
  @Column({ name: 'message_id', type: 'text', unique: true })
  messageId: string;

  /**
   * Until when a send holds this row (set just before SMTP, cleared with the outcome): another
   * run of its job leaves it alone until then. A send killed midway leaves it held until then.
   */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ name: 'provider_response', type: 'text', nullable: true })
  providerResponse: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Not before this time (a scheduled invitation, a preferred contact time); null: at once. */
  @Column({ name: 'send_after', type: 'timestamptz', nullable: true })
  sendAfter: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
