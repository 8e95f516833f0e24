import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who viewed or changed identified data, when, and from where. Append-only (a trigger refuses
 * UPDATE and DELETE). Ids only, no foreign keys: the trail outlives the rows it speaks of, and
 * an erased customer leaves behind an id that no longer leads to anybody.
 */
@Entity('audit_events')
@Index('audit_events_subject_idx', ['subjectType', 'subjectId', 'at'])
@Index('audit_events_customer_idx', ['customerId', 'at'])
@Index('audit_events_actor_idx', ['actorUserId', 'at'])
/** The whole trail newest first (migration AuditByTime: descending, which TypeORM cannot declare). */
@Index('audit_events_at_idx', { synchronize: false })
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  /** A user's id; null when Candor itself acted. */
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  /** An API key's id, when an integration acted. */
  @Column({ name: 'actor_api_key_id', type: 'uuid', nullable: true })
  actorApiKeyId: string | null;

  /** What happened: `case.viewed`, or a change's method and route (`POST /api/v1/cases/:id/notes`). */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'text' })
  subjectId: string;

  /** The customer whose identified data it was, when it was a customer's. */
  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  /** The client's address as the HTTP layer saw it (after TRUST_PROXY). */
  @Column({ type: 'text', nullable: true })
  ip: string | null;
}
