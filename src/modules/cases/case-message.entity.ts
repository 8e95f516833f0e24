import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
} from 'typeorm';
import { EmailMessage } from '../email/email-message.entity';
import { User } from '../users/user.entity';
import { FollowUpCase } from './follow-up-case.entity';

export type CaseMessageDirection = 'outbound' | 'inbound';

/**
 * The email dialogue of a case: what the agent wrote to the customer (sent through the outbox)
 * and the customer's replies. Personal data: it goes with the case when the customer is erased.
 */
@Entity('case_messages')
@Index('case_messages_case_idx', ['caseId', 'createdAt'])
// One row per email: a reply delivered twice (an MTA retry, a provider's redelivery) is kept once.
@Unique('case_messages_case_message_id_key', ['caseId', 'messageId'])
@Check('case_messages_direction_check', `direction IN ('outbound', 'inbound')`)
export class CaseMessage {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => FollowUpCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: FollowUpCase;

  @Column({ type: 'text' })
  direction: CaseMessageDirection;

  /** The agent who wrote an outbound message; null for the customer's replies. */
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: User | null;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  /** The outbox row that sends an outbound message (its delivery status lives there). */
  @Column({ name: 'email_id', type: 'uuid', nullable: true })
  emailId: string | null;

  @ManyToOne(() => EmailMessage, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'email_id' })
  email?: EmailMessage | null;

  /** The email's Message-ID, with angle brackets: what replies point back to. */
  @Column({ name: 'message_id', type: 'text' })
  messageId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
