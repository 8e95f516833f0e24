import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { FollowUpCase } from './follow-up-case.entity';

/** Why an inbound email was kept aside instead of joining a case. */
export type UnmatchedReason = 'no_case' | 'sender_not_customer';

/**
 * Inbound email that reached the replies mailbox but was not added to any case: it named no case
 * (no signed Reply-To, no case email in In-Reply-To/References), or it answered a case email from
 * an address that is not the customer's. Kept for admins to see, with as little personal data as
 * will do: a keyed hash of the sender, the subject and the time, never the body or the address.
 * Rows older than 90 days are dropped as new ones arrive.
 */
@Entity('unmatched_inbound_mail')
@Index('unmatched_inbound_mail_received_idx', ['receivedAt'])
@Check('unmatched_inbound_mail_reason_check', `reason IN ('no_case', 'sender_not_customer')`)
export class UnmatchedInboundMail {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ type: 'text' })
  reason: UnmatchedReason;

  /** Keyed hash of the normalised From address (see senderHash); null when there was none. */
  @Column({ name: 'sender_hash', type: 'text', nullable: true })
  senderHash: string | null;

  @Column({ type: 'text' })
  subject: string;

  /** The case whose email it claimed to answer, for `sender_not_customer`. */
  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId: string | null;

  @ManyToOne(() => FollowUpCase, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'case_id' })
  case?: FollowUpCase | null;
}
