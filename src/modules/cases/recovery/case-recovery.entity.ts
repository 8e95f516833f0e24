import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { EmailMessage } from '../../email/email-message.entity';
import type { ContextPreference } from '../../responses/answer-columns';
import { FollowUpCase } from '../follow-up-case.entity';

/**
 * One recovery survey ("did we make it right?"), sent when a case is resolved: a new one each
 * time it is resolved again. Only the latest of a case's is open, and only while it is resolved.
 * The answer is personal data: it goes with the case when the customer is erased.
 */
@Entity('case_recoveries')
@Index('case_recoveries_case_idx', ['caseId', 'createdAt'])
export class CaseRecovery {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => FollowUpCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: FollowUpCase;

  /** SHA-256 of the link's token: the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash: string;

  @Column({ name: 'email_id', type: 'uuid', nullable: true })
  emailId: string | null;

  @ManyToOne(() => EmailMessage, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'email_id' })
  email?: EmailMessage | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The link works until then (the survey's expiry days after it was sent). */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'smallint', nullable: true })
  score: number | null;

  /** The answer was above the survey's dissatisfied threshold. */
  @Column({ type: 'boolean', nullable: true })
  recovered: boolean | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** How they want to be served next time, as stated in this answer. */
  @Column({ type: 'jsonb', nullable: true })
  preferences: ContextPreference[] | null;
}
