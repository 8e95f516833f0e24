import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { JobQueue } from '../../../common/jobs/job-queue';
import { registerRecurring } from '../../../common/jobs/recurring-job';
import { statusAfterSql, statusesAllowing } from '../case-states';
import { caseTimelineCtes } from '../case-timeline';

declare module '../../../common/jobs/job-types' {
  interface JobPayloads {
    /** No payload: it closes what waits for nothing, then schedules its next run. */
    'cases.close_ended': Record<string, never>;
  }
}

/** How often resolved cases are looked at: an expired recovery survey closes within this. */
export const CLOSE_ENDED_EVERY_SECONDS = 600;
/** Cases closed per statement, so one run never holds thousands of row locks. */
const BATCH = 500;

/** Why a resolved case was closed without the customer's answer (`case_events.detail`). */
export type EndedReason = 'recovery_unanswered' | 'no_recovery';

/**
 * Resolved cases that wait for nothing more from the customer, closed, each with its timeline
 * entry saying why (and `case.closed` published). With `$1` null, every case whose latest recovery
 * survey expired unanswered; with `$1` the cases named, also when none was offered since the
 * resolve (the customer had unsubscribed). A resolved case with no survey at all is never closed
 * by the sweep: that is data made by hand (a test's, an import's), not a survey that ended. A case
 * whose customer was erased is kept as it was (it can no longer change).
 * `SKIP LOCKED`: a case being answered or reopened right now is left for the next run, and the
 * answer's own statement sees it still resolved.
 */
const CLOSE_ENDED = `
  WITH ended AS (
    SELECT c.id,
      CASE WHEN latest.answered_at IS NULL AND latest.expires_at <= now()
        THEN 'recovery_unanswered' ELSE 'no_recovery' END AS reason
    FROM follow_up_cases c
    LEFT JOIN LATERAL (
      SELECT r.answered_at, r.expires_at FROM case_recoveries r WHERE r.case_id = c.id
      ORDER BY r.created_at DESC, r.id DESC LIMIT 1
    ) latest ON true
    WHERE c.erased_at IS NULL AND c.status IN (${statusesAllowing('close')
      .map((status) => `'${status}'`)
      .join(', ')})
      AND CASE WHEN $1::uuid[] IS NULL
        THEN latest.answered_at IS NULL AND latest.expires_at <= now()
        ELSE c.id = ANY($1::uuid[])
          AND NOT coalesce(latest.answered_at IS NULL AND latest.expires_at > now(), false) END
    ORDER BY c.id
    LIMIT ${BATCH}
    FOR UPDATE OF c SKIP LOCKED
  ),
  moved AS (
    UPDATE follow_up_cases c SET status = ${statusAfterSql('close')}, version = c.version + 1,
      updated_at = now()
    FROM ended WHERE c.id = ended.id
    RETURNING c.id, ended.reason
  ),
  ${caseTimelineCtes('timeline', `SELECT id, 'closed', NULL::uuid, reason FROM moved`)}
  SELECT count(*)::int AS closed FROM moved`;

/**
 * Ends the resolved cases that wait for nothing more from the customer. A resolved case waits for
 * its recovery answer, which closes it (or reopens it); without this, a case whose survey expired
 * unanswered, or was never sent, would stay resolved, "waiting on the customer", for ever.
 */
@Injectable()
export class RecoveryEndings implements OnModuleInit {
  private readonly logger = new Logger(RecoveryEndings.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    registerRecurring(this.jobs, 'cases.close_ended', CLOSE_ENDED_EVERY_SECONDS, async () => {
      const closed = await this.closeEnded();
      if (closed > 0) this.logger.log(`closed ${closed} resolved cases waiting for nothing`);
    });
  }

  /** Closes every resolved case that waits for nothing; answers how many. */
  async closeEnded(): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ closed }] = await this.dataSource.query<{ closed: number }[]>(CLOSE_ENDED, [null]);
      total += closed;
      if (closed < BATCH) return total;
    }
  }

  /** The same for one case, in the caller's transaction (a resolve whose survey was not sent). */
  async closeIfEnded(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query(CLOSE_ENDED, [[caseId]]);
  }
}
