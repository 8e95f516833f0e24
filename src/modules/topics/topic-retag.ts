import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import type { JobOutcome } from '../../common/jobs/job-types';
import { anonymousCommentsSql, identifiedCommentsSql } from '../responses/comment-sql';
import { CommentTagging, RULES_LOCK } from './comment-tagging';
import type { RetagPhase, RetagStatus } from './topic-retag.entity';
import { RetagProgress } from './dto/topic-views.dto';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** Goes on with the retag run `runId` (ids only, as every payload). */
    'topics.retag': { runId: string };
  }
}

/** Comments read and tagged per transaction. */
export const RETAG_BATCH = 500;
/** A job works this long, then hands the run to a job of its own (one job stays short). */
const SLICE_MS = 20_000;

const COMMENTS: Record<RetagPhase, (where: string) => string> = {
  identified: identifiedCommentsSql,
  anonymous: anonymousCommentsSql,
};

/** Where a retag is, for the admin page and `GET /api/v1/topics/retag-status`. */
export { RetagProgress };

interface RunRow {
  status: RetagStatus;
  phase: RetagPhase;
  after_id: string | null;
  done: number;
  total: number;
}

/**
 * Re-tags every comment when topics or rules change: identified comments, then anonymous ones,
 * by id, `RETAG_BATCH` at a time, each batch one transaction that moves the run's place with it.
 * A change supersedes the unfinished run and asks for a new one (`request`, in the change's
 * transaction), so one run works at a time and it reads the latest rules. A killed worker's job
 * is failed once past its time limit and retried: it goes on from the run's place; two jobs of
 * one run (a retry beside a live one) take turns on the run's row and never tag a batch twice.
 */
@Injectable()
export class TopicRetag implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly tagging: CommentTagging,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.register('topics.retag', (payload) => this.run(payload.runId), {
      retryLimit: 10,
      retryDelaySeconds: 5,
      expireInSeconds: 120,
    });
  }

  /** A new run, in `manager`'s transaction (the change's): the unfinished one is superseded. */
  async request(manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE topic_retags SET status = 'superseded', finished_at = now()
       WHERE status IN ('waiting', 'running')`,
    );
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO topic_retags DEFAULT VALUES RETURNING id::text AS id`,
    );
    await this.jobs.enqueue('topics.retag', { runId: id }, { manager });
  }

  /** The latest run's progress. */
  async progress(): Promise<RetagProgress> {
    const [row] = await this.dataSource.query<(RunRow & Record<string, Date | null>)[]>(
      `SELECT status, done, total, requested_at, started_at, finished_at FROM topic_retags
       ORDER BY id DESC LIMIT 1`,
    );
    if (!row) {
      return {
        status: 'idle',
        done: 0,
        total: 0,
        requestedAt: null,
        startedAt: null,
        finishedAt: null,
      };
    }
    return {
      // The latest run is superseded only for an instant, inside the change that follows it.
      status: row.status === 'superseded' ? 'waiting' : row.status,
      done: Math.min(row.done, row.total),
      total: row.total,
      requestedAt: row.requested_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    };
  }

  /** One job's share of a run: batches until the run is done or the slice is over. */
  async run(runId: string): Promise<JobOutcome> {
    const until = Date.now() + SLICE_MS;
    for (;;) {
      const state = await this.batch(runId, Date.now() >= until);
      if (state !== 'more') {
        return state === 'over'
          ? { status: 'skipped', reason: 'superseded_or_done' }
          : { status: 'success' };
      }
    }
  }

  /**
   * One batch of the run, in one transaction: `more` to go on, `finished` when it tagged the last
   * one, `handed` when the slice is over (the next job is queued with the run's place), `over`
   * when the run was already done or superseded.
   */
  private batch(
    runId: string,
    handOver: boolean,
  ): Promise<'more' | 'finished' | 'handed' | 'over'> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock_shared(${RULES_LOCK})`);
      const [run] = await manager.query<RunRow[]>(
        `SELECT status, phase, after_id, done, total FROM topic_retags WHERE id = $1 FOR UPDATE`,
        [runId],
      );
      if (!run || run.status === 'done' || run.status === 'superseded') return 'over';
      if (handOver) {
        await this.jobs.enqueue('topics.retag', { runId }, { manager });
        return 'handed';
      }
      if (run.status === 'waiting') await this.start(manager, runId);
      const ids = await this.nextIds(manager, run.phase, run.after_id);
      await this.tagging.tag(manager, run.phase, ids);
      const last = ids.length === RETAG_BATCH ? ids[ids.length - 1] : null;
      const phase: RetagPhase | null = last
        ? run.phase
        : run.phase === 'identified'
          ? 'anonymous'
          : null;
      await manager.query(
        `UPDATE topic_retags SET done = done + $2, phase = coalesce($3, phase), after_id = $4,
           status = CASE WHEN $3::text IS NULL THEN 'done' ELSE 'running' END,
           total = CASE WHEN $3::text IS NULL THEN greatest(total, done + $2) ELSE total END,
           finished_at = CASE WHEN $3::text IS NULL THEN now() END
         WHERE id = $1`,
        [runId, ids.length, phase, last],
      );
      return phase ? 'more' : 'finished';
    });
  }

  /** The run starts: how many comments it will go through. */
  private async start(manager: EntityManager, runId: string): Promise<void> {
    await manager.query(
      `UPDATE topic_retags SET status = 'running', started_at = now(),
         total = (SELECT count(*) FROM ${identifiedCommentsSql()} i)
               + (SELECT count(*) FROM ${anonymousCommentsSql()} a)
       WHERE id = $1`,
      [runId],
    );
  }

  private async nextIds(manager: EntityManager, phase: RetagPhase, after: string | null) {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM ${COMMENTS[phase]('$1::uuid IS NULL OR id > $1::uuid')} c
       ORDER BY id LIMIT ${RETAG_BATCH}`,
      [after],
    );
    return rows.map((row) => row.id);
  }
}
