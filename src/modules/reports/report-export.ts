import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { validationError } from '../../common/validation/validation-error';
import { topicFilterSql, topicNamesOfResponseSql } from '../topics/topic-sql';
import type { ExportRows } from './dto/report-filter.dto';
import { bind, CASE_SCOPE, type ReportScope, scopeValues, SURVEY, TOUCHPOINT } from './report-sql';

/** Rows read per query: memory stays flat however many the period holds. */
const BATCH = 1000;

interface ExportQuery {
  header: string[];
  /**
   * Keyset pages: :afterAt and :afterId are the last row's sort key, null for the first page.
   * The time goes as text: a JavaScript Date would drop its microseconds and repeat rows.
   */
  sql: string;
  key: (row: Record<string, unknown>) => [unknown, unknown];
}

/** The touchpoint's columns: its type, and where it happened, how, and who served the customer. */
const TOUCHPOINT_HEADER = [
  'touchpoint_type',
  'touchpoint_location',
  'touchpoint_channel',
  'touchpoint_staff_id',
  'touchpoint_staff_name',
];
const TOUCHPOINT_COLUMNS = `i.touchpoint_type, i.touchpoint_location, i.touchpoint_channel,
      i.touchpoint_staff_id, i.touchpoint_staff_name`;

const CASES: ExportQuery = {
  header: [
    'case_id',
    'opened_at',
    'status',
    'priority',
    'survey',
    ...TOUCHPOINT_HEADER,
    'team',
    'assignee',
    'score',
    'first_contact_due_at',
    'first_contacted_at',
    'resolution_due_at',
    'resolved_at',
    'root_cause',
    'resolution',
    'recovered',
    'recovery_score',
    'recovery_comment',
    'customer_external_id',
    'topics',
  ],
  sql: `
    SELECT c.id AS case_id, c.created_at AS opened_at, c.status, c.priority, s.key AS survey,
      ${TOUCHPOINT_COLUMNS}, t.name AS team, u.name AS assignee, r.score, c.first_contact_due_at,
      c.first_contacted_at, c.resolution_due_at, c.resolved_at, c.root_cause, c.resolution,
      cr.recovered, cr.score AS recovery_score, cr.comment AS recovery_comment,
      cu.external_id AS customer_external_id, ${topicNamesOfResponseSql('c.response_id')} AS topics,
      c.created_at::text AS sort_at
    FROM follow_up_cases c
      JOIN survey_versions v ON v.id = c.survey_version_id JOIN surveys s ON s.id = v.survey_id
      JOIN invitations i ON i.id = c.invitation_id
      LEFT JOIN customers cu ON cu.id = c.customer_id
      LEFT JOIN responses r ON r.id = c.response_id
      LEFT JOIN teams t ON t.id = c.team_id LEFT JOIN users u ON u.id = c.assignee_id
      -- The latest recovery answer: what the customer said of what was done.
      LEFT JOIN LATERAL (SELECT recovered, score, comment FROM case_recoveries
        WHERE case_id = c.id AND answered_at IS NOT NULL ORDER BY answered_at DESC LIMIT 1) cr ON true
    WHERE ${CASE_SCOPE} AND (:topic::uuid IS NULL OR ${topicFilterSql('r', ':topic::uuid')})
      AND (:afterAt::timestamptz IS NULL OR (c.created_at, c.id) > (:afterAt, :afterId::uuid))
    ORDER BY c.created_at, c.id LIMIT ${BATCH}`,
  key: (row) => [row.sort_at, row.case_id],
};

/** Identified answers only: anonymous ones are in the summary's counts, not in a list of rows. */
const RESPONSES: ExportQuery = {
  header: [
    'response_id',
    'submitted_at',
    'survey',
    'scale',
    'score',
    'dissatisfied',
    'comment',
    ...TOUCHPOINT_HEADER,
    'case_id',
    'customer_external_id',
    'topics',
  ],
  sql: `
    SELECT r.id AS response_id, r.submitted_at, s.key AS survey, v.scale, r.score, r.dissatisfied,
      r.comment, ${TOUCHPOINT_COLUMNS},
      (SELECT c.id FROM follow_up_cases c WHERE c.response_id = r.id LIMIT 1) AS case_id,
      cu.external_id AS customer_external_id, ${topicNamesOfResponseSql('r.id')} AS topics,
      r.submitted_at::text AS sort_at
    FROM responses r
      JOIN survey_versions v ON v.id = r.survey_version_id JOIN surveys s ON s.id = v.survey_id
      JOIN invitations i ON i.id = r.invitation_id
      LEFT JOIN customers cu ON cu.id = r.customer_id
    WHERE r.submitted_at >= :from AND r.submitted_at < :to AND ${SURVEY('r.survey_version_id')}
      AND ${TOUCHPOINT('r.invitation_id')}
      AND :team::uuid IS NULL AND :agent::uuid IS NULL
      AND (:topic::uuid IS NULL OR ${topicFilterSql('r', ':topic::uuid')})
      AND (:afterAt::timestamptz IS NULL OR (r.submitted_at, r.id) > (:afterAt, :afterId::uuid))
    ORDER BY r.submitted_at, r.id LIMIT ${BATCH}`,
  key: (row) => [row.sort_at, row.response_id],
};

/**
 * The rows behind a report as CSV, streamed page by page (keyset, not OFFSET): cases by when they
 * were opened, or identified answers by when they were given. Team and agent narrow cases; answers
 * belong to no team, so those filters give no answer rows. `topic` keeps the rows whose answer's
 * comment is about it; `topics` names every topic of the answer's comment, joined with "; ".
 */
@Injectable()
export class ReportExport {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The `topic` filter's check: a 400 naming the field when it names no topic. */
  async checkTopic(topic: string | undefined): Promise<string | null> {
    if (!topic) return null;
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM topics WHERE id = $1', [
      topic,
    ]);
    if (rows.length === 0) throw validationError([{ field: 'topic', message: 'is no topic here' }]);
    return topic;
  }

  async *csv(
    scope: ReportScope,
    rows: ExportRows,
    topic: string | null = null,
  ): AsyncGenerator<string> {
    const query = rows === 'cases' ? CASES : RESPONSES;
    yield `${query.header.join(',')}\r\n`;
    let after: [unknown, unknown] = [null, null];
    for (;;) {
      const page = await this.dataSource.query<Record<string, unknown>[]>(
        ...bind(query.sql, {
          ...scopeValues(scope),
          topic,
          afterAt: after[0],
          afterId: after[1],
        }),
      );
      if (page.length === 0) return;
      yield page
        .map((row) => `${query.header.map((name) => cell(row[name])).join(',')}\r\n`)
        .join('');
      if (page.length < BATCH) return;
      after = query.key(page[page.length - 1]);
    }
  }
}

/**
 * RFC 4180 quoting; text that a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading apostrophe, since comments are the customer's words.
 */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  // Numbers and booleans print as JSON does; text may need quoting.
  if (typeof value !== 'string') return JSON.stringify(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
