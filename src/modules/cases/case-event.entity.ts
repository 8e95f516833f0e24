import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
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
  | 'closed'
  /** The CRM's ticket id was set (the detail) or cleared (no detail). */
  | 'external_ref_set';

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

  /** Who did it; null for Candor itself, the customer, or an integration (`apiKeyId`). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  // RESTRICT: the timeline is append-only, so it cannot null its actors (users are disabled).
  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id' })
  actor?: User | null;

  /** The integration (API key) that did it, a CRM working the case; null for anyone else. */
  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId: string | null;

  // RESTRICT as for people: keys are revoked, never deleted, and the timeline keeps who acted.
  @ManyToOne(() => ApiKey, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'api_key_id' })
  apiKey?: ApiKey | null;

  /** A short code or text the event carries (never customer data copied from elsewhere). */
  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
