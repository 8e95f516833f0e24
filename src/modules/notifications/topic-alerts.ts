import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import { registerRecurring } from '../../common/jobs/recurring-job';
import { topicCommentsPerWeekSql } from '../topics/topic-sql';
import { TopicsService } from '../topics/topics.service';
import { UsersService } from '../users/users.service';
import { Notifier } from './notifier';
import { numberReaders } from './number-readers';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** No payload: looks at this week's comments per topic, then schedules its next run. */
    'notifications.topic_alerts': Record<string, never>;
  }
}

/** How often topics are looked at: a spike is told within this. */
export const TOPIC_ALERTS_EVERY_SECONDS = 3600;
/** A spike: this week's comments on a topic more than this many times its weekly average… */
export const SPIKE_FACTOR = 3;
/** …over the weeks before… */
export const SPIKE_BASELINE_WEEKS = 4;
/** …and at least this many comments (a topic going from 0 to 1 is no news). */
export const SPIKE_MINIMUM = 5;

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** What a topic alert keeps (`notifications.detail`). */
export interface TopicAlertDetail {
  topicId: string;
  topicName: string;
  /** The week's Monday ('YYYY-MM-DD', UTC) and its comments so far. */
  week: string;
  comments: number;
  /** The weekly average of the SPIKE_BASELINE_WEEKS before. */
  average: number;
}

/**
 * Tells managers and admins when customers write about a topic far more than usual: this week
 * (Monday to now, UTC weeks as the topic reports count) more than three times the weekly average
 * of the four weeks before, and at least five comments. Identified comments only: an anonymous
 * one is known by its month, which would make its whole month land in one week. Once per topic,
 * week and person (the notification's key), however many workers look.
 */
@Injectable()
export class TopicAlerts implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly users: UsersService,
    private readonly topics: TopicsService,
    private readonly notifier: Notifier,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    registerRecurring(this.jobs, 'notifications.topic_alerts', TOPIC_ALERTS_EVERY_SECONDS, () =>
      this.check(),
    );
  }

  /** The topics spiking this week: how many people were told now. */
  async check(now = new Date()): Promise<number> {
    const spikes = await this.spikes(now);
    if (spikes.length === 0) return 0;
    const readers = await numberReaders(this.users);
    let told = 0;
    for (const spike of spikes) {
      for (const reader of readers) {
        const isNew = await this.dataSource.transaction((manager) =>
          this.notifier.notify(manager, {
            userId: reader.id,
            recipient: reader.email,
            kind: 'topic_alert',
            dedupeKey: `topic_alert:${spike.topicId}:${spike.week}:${reader.id}`,
            detail: { ...spike },
          }),
        );
        if (isNew) told += 1;
      }
    }
    return told;
  }

  private async spikes(now: Date): Promise<TopicAlertDetail[]> {
    const [{ week }] = await this.dataSource.query<{ week: string }[]>(
      `SELECT to_char(date_trunc('week', $1::timestamptz AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week`,
      [now],
    );
    const since = new Date(Date.parse(`${week}T00:00:00Z`) - SPIKE_BASELINE_WEEKS * WEEK_MS);
    const rows = await this.dataSource.query<
      { topic_id: string; comments: number; average: number }[]
    >(
      `SELECT w.topic_id,
         coalesce(sum(w.comments) FILTER (WHERE w.week = $2::date), 0)::int AS comments,
         (coalesce(sum(w.comments) FILTER (WHERE w.week < $2::date), 0) / $3::float) AS average
       FROM ${topicCommentsPerWeekSql('$1::timestamptz')} w
       GROUP BY w.topic_id`,
      [since, week, SPIKE_BASELINE_WEEKS],
    );
    const spiking = rows.filter(
      (row) => row.comments >= SPIKE_MINIMUM && row.comments > SPIKE_FACTOR * row.average,
    );
    if (spiking.length === 0) return [];
    const names = new Map((await this.topics.list()).map((topic) => [topic.id, topic]));
    return spiking.flatMap((row) => {
      const topic = names.get(row.topic_id);
      if (!topic?.active) return [];
      return [
        {
          topicId: row.topic_id,
          topicName: topic.names.en,
          week,
          comments: row.comments,
          average: Math.round(row.average * 10) / 10,
        },
      ];
    });
  }
}

/** "Breakfast: 12 comments this week, 3 a week before (the average of the four weeks before)." */
export function topicAlertSentence(detail: TopicAlertDetail): string {
  const usual =
    detail.average === 0
      ? 'none in the four weeks before'
      : `${detail.average} a week on average before`;
  return `Customers write about ${detail.topicName} far more than usual: ${detail.comments} comments this week, ${usual}.`;
}

/** The week's comments on the topic, in the responses explorer. */
export function topicAlertPath(detail: Pick<TopicAlertDetail, 'topicId' | 'week'>): string {
  const query = new URLSearchParams({ topic: detail.topicId, from: detail.week });
  return `/console/responses?${query.toString()}`;
}
