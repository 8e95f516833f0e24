import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SCALE_RANGE, type Scale } from '../surveys/survey-definition';
import { bind, type ReportScope, scopeValues, SURVEY } from './report-sql';

/** Anonymous comments are quoted only from a month with at least this many anonymous answers. */
export const ANONYMOUS_QUOTE_MINIMUM = 10;
/** How much of a comment a digest quotes. */
const QUOTED_CHARACTERS = 300;

/** A comment worth a manager's reading, as a digest quotes it. */
export interface NotableComment {
  score: number;
  scaleMax: number;
  comment: string;
  /** The case that followed it (identified answers only), for a link. */
  caseId: string | null;
  /** Anonymous: only its month ('YYYY-MM'), nothing else about it. */
  anonymousMonth: string | null;
}

interface Row {
  score: number;
  scale: Scale;
  comment: string;
  case_id: string | null;
  month: string | null;
}

/**
 * Identified comments of the period, from customers whose consent to answer as themselves still
 * stands (not withdrawn since, not erased); a team's are those whose case is the team's.
 */
const IDENTIFIED = `
  SELECT r.score, v.scale, r.comment, c.id AS case_id, NULL::text AS month
  FROM responses r
  JOIN survey_versions v ON v.id = r.survey_version_id
  LEFT JOIN follow_up_cases c ON c.response_id = r.id
  WHERE r.submitted_at >= :from AND r.submitted_at < :to AND r.comment IS NOT NULL
    AND r.erased_at IS NULL AND r.customer_id IS NOT NULL AND ${SURVEY('r.survey_version_id')}
    AND (:team::uuid IS NULL OR c.team_id = :team)
    AND (SELECT e.action FROM consent_events e
         WHERE e.customer_id = r.customer_id AND e.purpose = 'identified_feedback'
         ORDER BY e.id DESC LIMIT 1) = 'granted'`;

/**
 * Anonymous comments of a month (answers keep their month, nothing finer), when the month holds
 * at least ANONYMOUS_QUOTE_MINIMUM anonymous answers to the comment's own survey (its scale would
 * name the survey), so that a quote cannot be told apart.
 */
const ANONYMOUS = `
  SELECT a.score, v.scale, a.comment, NULL::uuid AS case_id,
    to_char(a.submitted_month, 'YYYY-MM') AS month
  FROM anonymous_responses a
  JOIN survey_versions v ON v.id = a.survey_version_id
  WHERE a.submitted_month = :month AND a.comment IS NOT NULL AND ${SURVEY('a.survey_version_id')}
    AND (SELECT count(*) FROM anonymous_responses n
         WHERE n.submitted_month = :month AND n.survey_version_id IN (
           SELECT sv.id FROM survey_versions sv WHERE sv.survey_id = v.survey_id)) >= :minimum`;

/** Where a score stands between its scale's ends, 0 the unhappiest and 1 the happiest. */
const PLACE_ON_SCALE = `CASE scale ${Object.entries(SCALE_RANGE)
  .map(([scale, { min, max }]) => `WHEN '${scale}' THEN (score - ${min})::float / ${max - min}`)
  .join(' ')} END`;
const UNHAPPIEST = `ORDER BY ${PLACE_ON_SCALE}, length(comment) DESC LIMIT 2`;
const HAPPIEST = `ORDER BY ${PLACE_ON_SCALE} DESC, length(comment) DESC LIMIT 2`;

/**
 * Three comments a manager should read from a period: the two unhappiest and the happiest (what
 * front-line staff are thanked for). Anonymous ones only in the company's digest (they have no
 * team) and under ANONYMOUS_QUOTE_MINIMUM; never a name, an address or a date finer than a month.
 */
@Injectable()
export class NotableComments {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(scope: ReportScope): Promise<NotableComment[]> {
    const month = `${new Date(scope.to.getTime() - 1).toISOString().slice(0, 7)}-01`;
    const values = { ...scopeValues(scope), month, minimum: ANONYMOUS_QUOTE_MINIMUM };
    const sources = scope.teamId ? IDENTIFIED : `${IDENTIFIED} UNION ALL ${ANONYMOUS}`;
    const rows = await this.dataSource.query<(Row & { pick: string })[]>(
      ...bind(
        `(SELECT 'low' AS pick, * FROM (${sources}) s ${UNHAPPIEST})
         UNION ALL (SELECT 'high' AS pick, * FROM (${sources}) s ${HAPPIEST})`,
        values,
      ),
    );
    const low = rows.filter((row) => row.pick === 'low');
    const high = rows.filter((row) => row.pick === 'high');
    const chosen: Row[] = [...low];
    for (const row of high) {
      if (chosen.length >= 3) break;
      if (!chosen.some((kept) => sameComment(kept, row))) chosen.push(row);
    }
    return chosen.map(toNotable);
  }
}

function sameComment(a: Row, b: Row): boolean {
  return a.comment === b.comment && a.score === b.score && a.case_id === b.case_id;
}

function toNotable(row: Row): NotableComment {
  const comment =
    row.comment.length > QUOTED_CHARACTERS
      ? `${row.comment.slice(0, QUOTED_CHARACTERS - 1).trimEnd()}…`
      : row.comment;
  return {
    score: row.score,
    scaleMax: SCALE_RANGE[row.scale].max,
    comment,
    caseId: row.case_id,
    anonymousMonth: row.month,
  };
}
