import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Locale } from '../../common/i18n/locale';
import {
  anonymousCommentsSql,
  anonymousCountedWithinSql,
  commentIndexedWordsSql,
  identifiedCommentsSql,
} from '../responses/comment-sql';
import { joinSurveyVersionOf } from '../surveys/survey-sql';
import { invalidTopic } from './topics.errors';
import { emptyTermSentence } from './topics.service';
import { configOfLocaleSql, parseRules, ruleQuerySql, type TopicRules } from './topic-terms';
import { TopicPreviewView } from './dto/topic-views.dto';

/** How far back a preview looks. */
export const PREVIEW_DAYS = 90;
export const PREVIEW_EXAMPLES = 20;
/**
 * Anonymous matches are counted only from this many (fewer: null), and never shown: a rule can be
 * narrowed to one person's words, where the explorer shows an anonymous answer only among 5.
 */
export const ANONYMOUS_COUNTED_FROM = 5;

export { TopicPreviewView };

interface ExampleRow {
  comment: string;
  score: number;
  scale: string;
  identified: boolean;
  counted_at: Date;
  month: string | null;
  identified_total: string;
  anonymous_total: string;
}

/**
 * What rules would match, before they are saved: the recent comments they find (both kinds) and
 * the newest twenty. Candidates come from the comments' text index (the rules' queries joined by
 * "or"); each is then checked in its rule's own language, as the tagging does.
 */
@Injectable()
export class TopicPreview {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async preview(rules: Partial<TopicRules>): Promise<TopicPreviewView> {
    const { terms, problems } = parseRules(rules);
    if (problems.length > 0) throw invalidTopic(problems);
    if (terms.length === 0) throw invalidTopic(['Give at least one word or phrase to try.']);
    const compiled = await this.dataSource.query<{ locale: Locale; term: string; query: string }[]>(
      `SELECT t.locale, t.term,
         (${ruleQuerySql(configOfLocaleSql('t.locale'), 't.term', 't.prefix')})::text AS query
       FROM unnest($1::text[], $2::text[], $3::boolean[]) AS t(locale, term, prefix)`,
      [terms.map((t) => t.locale), terms.map((t) => t.term), terms.map((t) => t.prefix)],
    );
    const empty = compiled.filter((rule) => rule.query === '');
    if (empty.length > 0) throw invalidTopic(empty.map(emptyTermSentence));
    const rows = await this.dataSource.query<ExampleRow[]>(PREVIEW_SQL, [
      compiled.map((rule) => `(${rule.query})`).join(' | '),
      compiled.map((rule) => rule.locale),
      compiled.map((rule) => rule.query),
    ]);
    const identified = Number(rows[0]?.identified_total ?? 0);
    const counted = Number(rows[0]?.anonymous_total ?? 0);
    const anonymous = counted >= ANONYMOUS_COUNTED_FROM ? counted : null;
    return {
      days: PREVIEW_DAYS,
      matches: { identified, anonymous, total: identified + (anonymous ?? 0) },
      examples: rows
        .filter((row) => row.comment !== null)
        .map((row) => ({
          comment: row.comment,
          score: row.score,
          scale: row.scale,
          identified: row.identified,
          submittedAt: row.identified ? row.counted_at : null,
          month: row.month,
        })),
    };
  }
}

const SINCE = `now() - interval '${PREVIEW_DAYS} days'`;

/** The comment `c` matches one of the rules ($2 locales, $3 queries) in the rule's language. */
const EXACT = `EXISTS (SELECT 1 FROM unnest($2::text[], $3::tsquery[]) AS r(locale, query)
  WHERE to_tsvector(${configOfLocaleSql('r.locale')}::regconfig, c.comment) @@ r.query)`;

/** $1 every rule's query joined by "or" (the index's candidates), $2 and $3 as EXACT. */
const PREVIEW_SQL = `
  WITH c AS (
    SELECT id, comment, score, survey_version_id, counted_at, true AS identified, NULL AS month
    FROM ${identifiedCommentsSql(`submitted_at >= ${SINCE}
      AND ${commentIndexedWordsSql('responses')} @@ $1::tsquery`)} i
    UNION ALL
    SELECT id, comment, score, survey_version_id, counted_at, false,
      to_char(counted_at AT TIME ZONE 'UTC', 'YYYY-MM')
    FROM ${anonymousCommentsSql(`${anonymousCountedWithinSql(SINCE, `'infinity'`)}
      AND ${commentIndexedWordsSql('anonymous_responses')} @@ $1::tsquery`)} a
  ),
  m AS (SELECT * FROM c WHERE ${EXACT}),
  totals AS (
    SELECT count(*) FILTER (WHERE identified) AS identified_total,
      count(*) FILTER (WHERE NOT identified) AS anonymous_total
    FROM m
  )
  SELECT e.*, totals.identified_total, totals.anonymous_total FROM totals
  LEFT JOIN LATERAL (
    SELECT m.comment, m.score, v.scale, m.identified, m.counted_at, m.month
    FROM m ${joinSurveyVersionOf('m.survey_version_id', { version: 'v', survey: 's' })}
    WHERE m.identified ORDER BY m.counted_at DESC, m.id LIMIT ${PREVIEW_EXAMPLES}
  ) e ON true`;
