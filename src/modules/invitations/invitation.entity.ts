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
import { SurveyVersion } from '../surveys/survey-version.entity';

export const INVITATION_STATUSES = [
  'queued',
  'sent',
  'reminded',
  'answered',
  'bounced',
  'expired',
  'suppressed',
  'throttled',
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Delivered (or about to be) and not yet answered, bounced or expired: it may still be answered. */
export const OPEN_INVITATION_STATUSES = ['queued', 'sent', 'reminded'] as const;

/** The same, written into SQL (a literal list lets the planner use it; values are constants). */
export const OPEN_INVITATION_STATUSES_SQL = OPEN_INVITATION_STATUSES.map((s) => `'${s}'`).join(
  ', ',
);

/** An invitation to answer one survey version about one touchpoint. The token is only hashed here. */
@Entity('invitations')
@Index('invitations_customer_created_idx', ['customerId', 'createdAt'])
/** Reports window the response rate by when invitations were sent. */
@Index('invitations_sent_idx', ['sentAt'], { where: 'sent_at IS NOT NULL' })
/** A member of staff's latest name (migration TouchpointWhere): DESC, INCLUDE and partial. */
@Index('invitations_staff_idx', { synchronize: false })
@Check(
  'invitations_touchpoint_staff_check',
  '(touchpoint_staff_id IS NULL) = (touchpoint_staff_name IS NULL)',
)
@Check(
  'invitations_status_check',
  `status IN ('queued', 'sent', 'reminded', 'answered', 'bounced', 'expired', 'suppressed', 'throttled')`,
)
export class Invitation {
  /** Chosen before insert: the link token is derived from it. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Null once the customer was erased: the invitation stays, anonymous, for the response rate. */
  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  @ManyToOne(() => Customer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id' })
  customer?: Customer;

  @Column({ name: 'survey_version_id', type: 'uuid' })
  surveyVersionId: string;

  @ManyToOne(() => SurveyVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'survey_version_id' })
  surveyVersion?: SurveyVersion;

  @Column({ name: 'touchpoint_type', type: 'text', nullable: true })
  touchpointType: string | null;

  @Column({ name: 'touchpoint_reference', type: 'text', nullable: true })
  touchpointReference: string | null;

  @Column({ name: 'touchpoint_occurred_at', type: 'timestamptz', nullable: true })
  touchpointOccurredAt: Date | null;

  /** Where it happened ("Helsinki Airport hotel"): a place, kept by anonymous answers too. */
  @Column({ name: 'touchpoint_location', type: 'text', nullable: true })
  touchpointLocation: string | null;

  /** How ("front desk", "phone", "web"). */
  @Column({ name: 'touchpoint_channel', type: 'text', nullable: true })
  touchpointChannel: string | null;

  /** Who served the customer: their id in the company's systems, and their name; both or neither. */
  @Column({ name: 'touchpoint_staff_id', type: 'text', nullable: true })
  touchpointStaffId: string | null;

  @Column({ name: 'touchpoint_staff_name', type: 'text', nullable: true })
  touchpointStaffName: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true, unique: true })
  idempotencyKey: string | null;

  /** SHA-256 of the link token; the token itself is derived again when an email is rendered. */
  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash: string;

  @Column({ type: 'text' })
  status: InvitationStatus;

  /** Why it was suppressed or throttled, as a short code. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'send_at', type: 'timestamptz' })
  sendAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** When a person first opened the survey page (its stylesheet loaded: scanners never do). */
  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  /** When they first posted a choice of how to answer (as themselves or anonymously). */
  @Column({ name: 'consent_chosen_at', type: 'timestamptz', nullable: true })
  consentChosenAt: Date | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'reminder_count', type: 'integer', default: 0 })
  reminderCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
