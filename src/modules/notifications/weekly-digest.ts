import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import type { JobOutcome } from '../../common/jobs/job-types';
import { CaseSettingsService } from '../cases/rules/case-settings.service';
import { UsersService, type UserDto } from '../users/users.service';
import { DigestHeadlines } from './digest-headline';
import { Notifier } from './notifier';
import { numberReaders } from './number-readers';
import { type DigestWeek, nextWeeklyDigestAt, weekDueAt } from './weekly-schedule';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** No payload: queues next Monday's run, then sends this Monday's digests when due. */
    'notifications.weekly_digest': Record<string, never>;
  }
}

/** What a weekly digest notification keeps (`notifications.detail`): the week and whose figures. */
export interface WeeklyDigestDetail extends DigestWeek {
  /** The team whose figures it tells; null for the company's. */
  teamId: string | null;
}

/**
 * The managers' weekly digest: on Monday at 08:00 in the business calendar's time zone, each
 * active manager gets their team's figures of the week before (a manager without a team, and
 * each admin, the company's), by email and in the console. Once per person and week however
 * many workers run it and however often (the notification's key is the person and the week).
 * The email is composed when sent (ManagerMail), from the reports as they are then. The company's
 * headline goes to its chats too, once a week (DigestHeadlines).
 */
@Injectable()
export class WeeklyDigest implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly users: UsersService,
    private readonly caseSettings: CaseSettingsService,
    private readonly notifier: Notifier,
    private readonly headlines: DigestHeadlines,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.register('notifications.weekly_digest', () => this.run(), {
      // As the morning digest: one waiting and one running; a retry within the window sends
      // what a failure left, the key keeping each person's digest once.
      queuePolicy: 'stately',
      retryLimit: 3,
      retryDelaySeconds: 60,
      queueAtStart: true,
    });
  }

  /** Next Monday's run first, so nothing this run meets can end the chain; "now" is the database's. */
  async run(): Promise<JobOutcome> {
    const [{ now }] = await this.dataSource.query<{ now: Date }[]>('SELECT now() AS now');
    const { calendar } = await this.caseSettings.current();
    await this.jobs.enqueue(
      'notifications.weekly_digest',
      {},
      { startAfter: nextWeeklyDigestAt(now, calendar.timeZone) },
    );
    const told = await this.send(now);
    return told === null ? { status: 'skipped', reason: 'not_due' } : { status: 'success' };
  }

  /** Sends the digests due at `now`: how many people were told now, or null when none is due. */
  async send(now: Date): Promise<number | null> {
    const { calendar } = await this.caseSettings.current();
    const week = weekDueAt(now, calendar.timeZone);
    if (!week) return null;
    return this.sendWeek(week);
  }

  /**
   * The digest of `week` to every manager and admin who has not had it, and the company's headline
   * to the chats if they have not had it: how many people were told now.
   */
  async sendWeek(week: DigestWeek): Promise<number> {
    const readers = await numberReaders(this.users);
    let told = 0;
    // A failure fails the run, for a retry: those told already are not told again.
    for (const reader of readers) if (await this.tell(reader, week)) told += 1;
    await this.headlines.post(week);
    return told;
  }

  private tell(reader: UserDto, week: DigestWeek): Promise<boolean> {
    const detail: WeeklyDigestDetail = {
      ...week,
      teamId: reader.role === 'manager' ? (reader.team?.id ?? null) : null,
    };
    return this.dataSource.transaction((manager) =>
      this.notifier.notify(manager, {
        userId: reader.id,
        recipient: reader.email,
        kind: 'weekly_digest',
        dedupeKey: `weekly_digest:${reader.id}:${week.from}`,
        detail: { ...detail },
      }),
    );
  }
}
