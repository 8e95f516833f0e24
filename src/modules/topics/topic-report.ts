import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Locale } from '../../common/i18n/locale';
import { joinSurveyVersionOf, versionsOfSurveySql } from '../surveys/survey-sql';
import type { TopicPeriod } from './topic-period';
import { TopicReportItem, TopicReportView } from './dto/topic-views.dto';

/** Mean scores by scale (`csat5`, `nps`, `ces7`): scores of different scales never mix. */
export type ScoresByScale = Record<string, number>;

export { TopicReportItem, TopicReportView };

interface Row {
  id: string;
  names: Record<Locale, string>;
  active: boolean;
  scale: string | null;
  comments: number;
  previous: number;
  average: number | null;
  previous_average: number | null;
}

/**
 * Comments per topic in a period beside the period before, with the answers' mean score: from
 * `comment_topics` alone (a range of its time index), identified and anonymous comments alike
 * (an anonymous one counts at its month's 16th, as in every report). Every active topic is
 * listed, those with no comment too; the most talked about first.
 */
@Injectable()
export class TopicReport {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(period: TopicPeriod): Promise<TopicReportView> {
    const rows = await this.dataSource.query<Row[]>(
      `WITH counted AS (
         SELECT ct.topic_id, v.scale,
           count(*) FILTER (WHERE ct.counted_at >= $2)::int AS comments,
           count(*) FILTER (WHERE ct.counted_at < $2)::int AS previous,
           round(avg(ct.score) FILTER (WHERE ct.counted_at >= $2), 2)::float AS average,
           round(avg(ct.score) FILTER (WHERE ct.counted_at < $2), 2)::float AS previous_average
         FROM comment_topics ct
           ${joinSurveyVersionOf('ct.survey_version_id', { version: 'v', survey: 's' })}
         WHERE ct.counted_at >= $1 AND ct.counted_at < $3
           AND ($4::text IS NULL OR ct.survey_version_id IN ${versionsOfSurveySql('$4')})
         GROUP BY ct.topic_id, v.scale
       )
       SELECT t.id, t.names, t.active, c.scale, coalesce(c.comments, 0) AS comments,
         coalesce(c.previous, 0) AS previous, c.average, c.previous_average
       FROM topics t LEFT JOIN counted c ON c.topic_id = t.id
       WHERE t.active OR c.topic_id IS NOT NULL
       ORDER BY t.names->>'en', t.id`,
      [period.previousFrom, period.from, period.to, period.survey],
    );
    const items = new Map<string, TopicReportItem>();
    for (const row of rows) {
      const item = items.get(row.id) ?? {
        topic: { id: row.id, name: row.names.en, names: row.names, active: row.active },
        comments: 0,
        previousComments: 0,
        change: 0,
        averageScore: {},
        previousAverageScore: {},
      };
      item.comments += row.comments;
      item.previousComments += row.previous;
      item.change = item.comments - item.previousComments;
      if (row.scale && row.average !== null) item.averageScore[row.scale] = row.average;
      if (row.scale && row.previous_average !== null) {
        item.previousAverageScore[row.scale] = row.previous_average;
      }
      items.set(row.id, item);
    }
    return {
      period: { from: period.from, to: period.to },
      previousPeriod: { from: period.previousFrom, to: period.from },
      items: [...items.values()].sort((a, b) => b.comments - a.comments || b.change - a.change),
    };
  }
}
