import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import { JobQueue } from '../../common/jobs/job-queue';
import type { JobOutcome } from '../../common/jobs/job-types';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** No payload: it releases whatever waits in the inbox, when the rule allows. */
    'anonymous-responses.release': Record<string, never>;
  }
}

/** What an anonymous answer holds, moved as it is. */
const COLUMNS = `survey_version_id, score, dissatisfied, answers, comment, submitted_month,
  touchpoint_location, touchpoint_channel`;

/** Answers move together, at least this many, so none can be told from the others by when. */
const BATCH_AT_LEAST = 10;
/** ...unless one has waited this long: a small survey's answers still count in the end. */
const LONGEST_WAIT_HOURS = 24;
/**
 * The overdue run: at the first midnight (UTC) after the longest wait, never at a time counted
 * from the answer, which would date it to the minute wherever its release is seen (a webhook).
 */
const OVERDUE_RUN_SQL = `date_trunc('day', now() + interval '${LONGEST_WAIT_HOURS} hours') + interval '1 day'`;

/**
 * Moves anonymous answers from `anonymous_response_inbox` to `anonymous_responses` in batches of
 * at least ten (or after a day), in random order, in a transaction of its own: what links a row
 * to the moment its invitation was answered (the writing transaction's id, its place in the heap)
 * stays behind with the inbox row; each answer's `response.received` is published then, carrying
 * only the new row's id and survey version (and queued for its subscribers: the topics tag it).
 * Every answer put in the inbox schedules two runs: at once, and at the first midnight (UTC)
 * after its longest wait.
 */
@Injectable()
export class AnonymousResponseRelease implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.jobs.register('anonymous-responses.release', () => this.release(), {
      retryLimit: 5,
      retryDelaySeconds: 30,
    });
  }

  /** For a statement that puts rows in the inbox: its two release runs, once per `from` row. */
  releaseJobsSql(from: string): string {
    return this.jobs.jobInsertSql('anonymous-responses.release', {
      data: "'{}'::jsonb",
      from: `${from}, (VALUES (now()), (${OVERDUE_RUN_SQL})) AS wait(at)`,
      startAfter: 'wait.at',
    });
  }

  /** The same two runs, for rows put in the inbox by a caller's transaction. */
  async scheduleRelease(manager: EntityManager): Promise<void> {
    const [{ overdueAt }] = await manager.query<{ overdueAt: Date }[]>(
      `SELECT ${OVERDUE_RUN_SQL} AS "overdueAt"`,
    );
    await this.jobs.enqueueMany(
      [0, overdueAt].map((startAfter) => ({
        name: 'anonymous-responses.release' as const,
        payload: {},
        startAfter,
      })),
      manager,
    );
  }

  async release(): Promise<JobOutcome> {
    return this.dataSource.transaction(async (manager) => {
      // One release at a time: two would split a batch.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('anonymous-responses.release'))`);
      const [waiting] = await manager.query<{ n: number; overdue: boolean }[]>(
        `SELECT count(*)::int AS n,
                COALESCE(min(received_at) < now() - make_interval(hours => $1), false) AS overdue
         FROM anonymous_response_inbox`,
        [LONGEST_WAIT_HOURS],
      );
      if (waiting.n === 0) return { status: 'skipped', reason: 'empty' };
      if (waiting.n < BATCH_AT_LEAST && !waiting.overdue) {
        return { status: 'skipped', reason: 'waiting_for_company' };
      }
      await manager.query(
        `WITH moved AS (
           DELETE FROM anonymous_response_inbox
           RETURNING ${COLUMNS}
         ),
         released AS (
           INSERT INTO anonymous_responses (${COLUMNS})
           SELECT ${COLUMNS} FROM moved ORDER BY random()
           RETURNING id, survey_version_id
         ),
         ${this.events.publishSql('received', {
           event: 'response.received',
           payload: `jsonb_build_object('responseId', id, 'surveyVersionId', survey_version_id,
             'identified', false)`,
           from: 'released',
         })}
         SELECT count(*) FROM released`,
      );
      return { status: 'success' };
    });
  }
}
