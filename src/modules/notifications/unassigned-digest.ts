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
    /** No payload: sends the morning's digests when due, then schedules the next morning's. */
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
    this.jobs.register(
      'notifications.digest',
      async (): Promise<JobOutcome> => {
        const now = new Date();
        try {
          const sent = await this.send(now);
          return sent === null ? { status: 'skipped', reason: 'not_due' } : { status: 'success' };
        } catch (error) {
          // The next morning's run still comes; today's is retried by no one (it would race it).
          this.logger.error(
            `unassigned digest: ${(error as Error).message}`,
            (error as Error).stack,
          );
          return { status: 'skipped', reason: 'failed' };
        } finally {
          await this.scheduleNext(now);
        }
      },
      // One waiting and one running at most: every start and every run asks for the next.
      { queuePolicy: 'stately', retryLimit: 0, queueAtStart: true },
    );
  }

  /**
   * Sends the digests due at `now`: how many agents were told now, or null when no digest is due
   * (outside a working morning).
   */
  async send(now: Date): Promise<number | null> {
    const { calendar } = await this.caseSettings.current();
    const day = digestDayAt(now, calendar);
    if (!day) return null;
    const agents = (await this.users.listUsers()).filter(
      (user) => user.role === 'agent' && !user.disabled,
    );
    let told = 0;
    for (const [scope, members] of byScope(agents)) {
      told += await this.dataSource.transaction(async (manager) => {
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
    return told;
  }

  private async scheduleNext(now: Date): Promise<void> {
    const { calendar } = await this.caseSettings.current();
    await this.jobs.enqueue(
      'notifications.digest',
      {},
      { startAfter: nextDigestAt(now, calendar) },
    );
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
