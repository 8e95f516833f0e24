import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { teamScope } from '../../common/auth/team-scope';
import { JobQueue } from '../../common/jobs/job-queue';
import type { JobOutcome } from '../../common/jobs/job-types';
import { unassignedCasesInScope } from '../cases/case-notice-sql';
import { CaseSettingsService } from '../cases/rules/case-settings.service';
import { UsersService, type UserDto } from '../users/users.service';
import { digestDayAt, nextDigestAt } from './digest-schedule';
import { Notifier } from './notifier';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** No payload: queues the next morning's run, then sends the morning's digests when due. */
    'notifications.digest': Record<string, never>;
  }
}

/** The oldest cases a digest lists; it says how many there are in all. */
export const DIGEST_OLDEST = 5;

/**
 * The morning digest of unassigned cases: at the business calendar's opening on each open day,
 * every active agent whose queue (their team's cases and unrouted ones, as they see it) has cases
 * nobody took gets one email and one notification. Once per agent and day however many workers
 * run it and however often (the notification's key is the agent and the local day).
 */
@Injectable()
export class UnassignedDigest implements OnModuleInit {
  private readonly logger = new Logger(UnassignedDigest.name);

  constructor(
    private readonly jobs: JobQueue,
    private readonly users: UsersService,
    private readonly caseSettings: CaseSettingsService,
    private readonly notifier: Notifier,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.register('notifications.digest', () => this.run(), {
      // One waiting and one running at most: every start and every run asks for the next. A
      // failed run is retried: within the morning's window a retry sends what the failure left
      // (the key keeps each agent's digest once), after it a retry finds nothing due.
      queuePolicy: 'stately',
      retryLimit: 3,
      retryDelaySeconds: 60,
      queueAtStart: true,
    });
  }

  /**
   * One run: the next morning's run is queued first, so that nothing this run meets (a failure,
   * a crash, a restart) can end the chain. "Now" is the database's: a worker whose clock is
   * behind would find the morning not yet due and queue a run for a time already past, again
   * and again.
   */
  async run(): Promise<JobOutcome> {
    const [{ now }] = await this.dataSource.query<{ now: Date }[]>('SELECT now() AS now');
    const { calendar } = await this.caseSettings.current();
    await this.jobs.enqueue(
      'notifications.digest',
      {},
      { startAfter: nextDigestAt(now, calendar) },
    );
    const sent = await this.send(now);
    return sent === null ? { status: 'skipped', reason: 'not_due' } : { status: 'success' };
  }

  /**
   * Sends the digests due at `now`: how many agents were told now, or null when no digest is due
   * (outside a working morning). Each team has its own transaction: one that fails costs the
   * others nothing, and the run then fails for a retry.
   */
  async send(now: Date): Promise<number | null> {
    const { calendar } = await this.caseSettings.current();
    const day = digestDayAt(now, calendar);
    if (!day) return null;
    const agents = (await this.users.listUsers()).filter(
      (user) => user.role === 'agent' && !user.disabled,
    );
    const scopes = byScope(agents);
    let told = 0;
    const failed: string[] = [];
    for (const [scope, members] of scopes) {
      try {
        told += await this.sendTo(scope, members, day);
      } catch (error) {
        failed.push(scope);
        this.logger.error(
          `unassigned digest of scope ${scope}: ${(error as Error).message}`,
          (error as Error).stack,
        );
      }
    }
    if (failed.length > 0) {
      throw new Error(
        `unassigned digest: ${failed.length} of ${scopes.size} teams failed (${told} agents told)`,
      );
    }
    return told;
  }

  /** The digest of one scope's agents: how many were told now. */
  private sendTo(scope: string, members: UserDto[], day: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const { count } = await unassignedCasesInScope(manager, scope, 0);
      if (count === 0) return 0;
      let fresh = 0;
      for (const agent of members) {
        const isNew = await this.notifier.notify(manager, {
          userId: agent.id,
          recipient: agent.email,
          kind: 'unassigned_digest',
          waiting: count,
          dedupeKey: `unassigned_digest:${agent.id}:${day}`,
        });
        if (isNew) fresh += 1;
      }
      return fresh;
    });
  }
}

/** Agents grouped by what they see: one count per team (and one for agents without a team). */
function byScope(agents: (UserDto & { disabled: boolean })[]): Map<string, UserDto[]> {
  const groups = new Map<string, UserDto[]>();
  for (const agent of agents) {
    const scope = agentScope(agent.team?.id ?? null);
    groups.set(scope, [...(groups.get(scope) ?? []), agent]);
  }
  return groups;
}

/** An agent's team scope (`teamScope`), from their team alone. */
export function agentScope(teamId: string | null): string {
  return teamScope({
    kind: 'user',
    role: 'agent',
    teamId,
    userId: '',
    name: '',
    sessionId: '',
    csrfToken: '',
  })!;
}
