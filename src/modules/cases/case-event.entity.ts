import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { FollowUpCase } from './follow-up-case.entity';

export type CaseEventType =
  | 'created'
  | 'claimed'
  | 'assigned'
  | 'note'
  | 'contact_logged'
  | 'message_sent'
  | 'reply_received'
  | 'resolved'
  | 'reopened'
  | 'withdrawn'
  | 'escalated'
  | 'recovery_requested'
  | 'recovery_skipped'
  | 'recovery_answered'
  /** Ended: by the recovery answer, or because nothing more was awaited from the customer. */
  | 'closed';

/** The append-only timeline of a case; its status column is the latest state. */
@Entity('case_events')
@Index('case_events_case_idx', ['caseId', 'id'])
export class CaseEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => FollowUpCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: FollowUpCase;

  @Column({ type: 'text' })
  type: CaseEventType;

  /** Who did it; null for Candor itself. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  // RESTRICT: the timeline is append-only, so it cannot null its actors (users are disabled).
  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id' })
  actor?: User | null;

  /** A short code or text the event carries (never customer data copied from elsewhere). */
  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
