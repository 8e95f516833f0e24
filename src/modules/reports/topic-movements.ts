import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { bind, type ReportScope, scopeValues } from './report-sql';

/** A place is named when a topic's comments there at least doubled, and number at least this. */
export const PLACE_MINIMUM = 3;

/** A topic's comments in a period beside the period before, and where they grew the most. */
export interface TopicMovement {
  topicId: string;
  name: string;
  comments: number;
  previousComments: number;
  /** The touchpoint location where its comments at least doubled the most, if any did. */
  grewMostAt: { location: string; comments: number; previousComments: number } | null;
}

interface Row {
  topic_id: string;
  name: string;
  location: string | null;
  comments: number;
  previous: number;
}

/**
 * Comments per topic per touchpoint location, in the period and the one of equal length before
 * (identified comments: an anonymous one is known by its month alone); a team's are those whose
 * case is the team's.
 */
const BY_TOPIC_AND_PLACE = `
  SELECT ct.topic_id, t.names->>'en' AS name, i.touchpoint_location AS location,
    count(*) FILTER (WHERE ct.counted_at >= :from)::int AS comments,
    count(*) FILTER (WHERE ct.counted_at < :from)::int AS previous
  FROM comment_topics ct
  JOIN topics t ON t.id = ct.topic_id
  JOIN responses r ON r.id = ct.response_id
  JOIN invitations i ON i.id = r.invitation_id
  WHERE ct.counted_at >= :before AND ct.counted_at < :to AND t.active
    AND (:team::uuid IS NULL OR EXISTS (
      SELECT 1 FROM follow_up_cases c WHERE c.response_id = r.id AND c.team_id = :team))
  GROUP BY 1, 2, 3`;

/**
 * What customers wrote about more or less than before, and where: the weekly digest's topics
 * ("Room cleanliness: 8 comments, 3 the week before; doubled at the Airport hotel, 2 to 6").
 */
@Injectable()
export class TopicMovements {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The most talked-about topics of the period first, at most `most`. */
  async of(scope: ReportScope, most = 3): Promise<TopicMovement[]> {
    const length = scope.to.getTime() - scope.from.getTime();
    const before = new Date(scope.from.getTime() - length);
    const rows = await this.dataSource.query<Row[]>(
      ...bind(BY_TOPIC_AND_PLACE, { ...scopeValues(scope), before }),
    );
    const topics = new Map<string, TopicMovement>();
    for (const row of rows) {
      const topic = topics.get(row.topic_id) ?? {
        topicId: row.topic_id,
        name: row.name,
        comments: 0,
        previousComments: 0,
        grewMostAt: null,
      };
      topic.comments += row.comments;
      topic.previousComments += row.previous;
      if (row.location && grewAtLeastDouble(row) && grewMore(row, topic.grewMostAt)) {
        topic.grewMostAt = {
          location: row.location,
          comments: row.comments,
          previousComments: row.previous,
        };
      }
      topics.set(row.topic_id, topic);
    }
    return [...topics.values()]
      .filter((topic) => topic.comments > 0)
      .sort((a, b) => b.comments - a.comments || a.name.localeCompare(b.name))
      .slice(0, most);
  }
}

function grewAtLeastDouble(row: Row): boolean {
  return row.comments >= PLACE_MINIMUM && row.comments >= 2 * row.previous;
}

function grewMore(row: Row, kept: TopicMovement['grewMostAt']): boolean {
  return !kept || row.comments - row.previous > kept.comments - kept.previousComments;
}
