import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type RetagStatus = 'waiting' | 'running' | 'done' | 'superseded';
export type RetagPhase = 'identified' | 'anonymous';

/**
 * One run of re-tagging every comment after topics or rules changed (`TopicRetag`). A change
 * supersedes the unfinished run and asks for a new one, so the latest run is the only one that
 * works. Its place (`phase`, `afterId`: identified comments, then anonymous ones, by id) is
 * written with every batch, so a run whose worker was killed goes on where it was.
 */
@Entity('topic_retags')
@Check('topic_retags_status', `status IN ('waiting', 'running', 'done', 'superseded')`)
@Check('topic_retags_phase', `phase IN ('identified', 'anonymous')`)
export class TopicRetagRun {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ type: 'text', default: 'waiting' })
  status: RetagStatus;

  @Column({ type: 'text', default: 'identified' })
  phase: RetagPhase;

  @Column({ name: 'after_id', type: 'uuid', nullable: true })
  afterId: string | null;

  /** Comments to go through (counted when the run starts) and gone through so far. */
  @Column({ type: 'integer', default: 0 })
  total: number;

  @Column({ type: 'integer', default: 0 })
  done: number;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
