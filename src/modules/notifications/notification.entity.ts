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
import { FollowUpCase } from '../cases/follow-up-case.entity';
import { User } from '../users/user.entity';
import type { ToldKind } from './notification-kinds';

/**
 * What a person at the console was told (the badge counts the unseen ones), with the email that
 * told them. `dedupe_key` makes each notification happen once, however often its event is
 * delivered or its job runs: the timeline entry of the assignment, the reply or the reopening,
 * or the person and the day of a digest. Staff data only: a case id, never anything about the customer.
 */
@Entity('notifications')
@Index('notifications_unseen_idx', ['userId'], { where: 'seen_at IS NULL' })
@Index('notifications_user_created_idx', ['userId', 'createdAt'])
@Check(
  'notifications_kind_check',
  `kind IN ('case_assigned', 'customer_replied', 'case_reopened', 'unassigned_digest', 'weekly_digest', 'kpi_alert', 'topic_alert', 'webhook_disabled')`,
)
export class Notification {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'text' })
  kind: ToldKind;

  /** The case it is about; null for a digest. */
  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId: string | null;

  @ManyToOne(() => FollowUpCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: FollowUpCase;

  /** Who did what it tells of (who assigned the case); null for Candor itself or a customer. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id' })
  actor?: User;

  /** A digest: how many cases waited unassigned when it was made. */
  @Column({ name: 'waiting', type: 'integer', nullable: true })
  waiting: number | null;

  /**
   * What a digest or an alert tells, as it was when made: the week, the KPI and its figures, the
   * topic. Staff data: figures and ids, never anything about a customer.
   */
  @Column({ type: 'jsonb', nullable: true })
  detail: Record<string, unknown> | null;

  @Column({ name: 'dedupe_key', type: 'text', unique: true })
  dedupeKey: string;

  /** The outbox email that told them, to compose it from. */
  @Column({ name: 'email_id', type: 'uuid', nullable: true, unique: true })
  emailId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'seen_at', type: 'timestamptz', nullable: true })
  seenAt: Date | null;
}
