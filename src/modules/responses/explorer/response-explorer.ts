import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import type { Principal } from '../../../common/auth/principal';
import { teamScope } from '../../../common/auth/team-scope';
import { serialQuery } from '../../../common/database/prepared-query';
import {
  decodeTimeIdCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
} from '../../../common/pagination/page-query';
import { LINKS_CONFIG, type LinksConfig } from '../../../config/config-sections';
import { caseOfAnswerSql } from '../../cases/answer-case-sql';
import { preferenceInWords } from '../../cases/preferred-contact';
import { leftJoinCustomerOf } from '../../customers/customer-sql';
import { joinInvitationOf } from '../../invitations/invitation-sql';
import {
  type TouchpointColumns,
  touchpointColumnsSql,
  touchpointOf,
} from '../../invitations/invitation-touchpoint';
import { labelledAnswers } from '../../surveys/answer-labels';
import { SCALE_RANGE, type Scale } from '../../surveys/survey-definition';
import { joinSurveyVersionOf } from '../../surveys/survey-sql';
import type { ResponseAnswers } from '../answer-columns';
import { answerNotFound } from '../responses.errors';
import { commentMatchesSql } from '../response-search-sql';
import { scoreBand } from '../score-bands';
import { AnonymousCursors } from './anonymous-cursor';
import type {
  AnonymousAnswerPageDto,
  AnswerReadingDto,
  ExploredAnswerDto,
  ExploredAnswerPageDto,
} from './explorer-dtos';
import {
  anonymousSelection,
  ANONYMOUS_GROUP_AT_LEAST,
  type ExplorerFilter,
  identifiedConditions,
  parameters,
} from './explorer-sql';
import { SurveyVersionCache } from './survey-version-cache';

/** Where a page starts and how long it is. */
export interface PageAsked {
  limit?: number;
  cursor?: string;
}

interface AnswerRow {
  survey: string;
  survey_name: string;
  scale: Scale;
  score: number;
  dissatisfied: boolean;
  comment: string | null;
}

interface IdentifiedRow extends AnswerRow, TouchpointColumns {
  id: string;
  external_id: string | null;
  customer_name: string | null;
  submitted_at: Date;
  cursor_at: string;
}

interface ReadingRow extends IdentifiedRow {
  survey_version_id: string;
  version: number;
  answers: ResponseAnswers;
  case_id: string | null;
}

interface AnonymousRow extends AnswerRow {
  id: string;
  survey_version_id: string;
  answers: ResponseAnswers;
  month: string;
}

/** An identified answer `r` with what the explorer shows of it. */
/** Below this many matches of a comment search, the matches are found first (`fewMatches`). */
const FEW_MATCHES = 2_000;

const IDENTIFIED_FROM = `responses r
  ${joinSurveyVersionOf('r.survey_version_id', { version: 'v', survey: 's' })}
  ${joinInvitationOf('r.invitation_id', 'i')}
  ${leftJoinCustomerOf('r.customer_id', 'cu')}`;

const IDENTIFIED_COLUMNS = `r.id, s.key AS survey, s.name AS survey_name, v.scale, r.score,
  r.dissatisfied, r.comment, cu.external_id, cu.name AS customer_name, ${touchpointColumnsSql('i')},
  r.submitted_at, r.submitted_at::text AS cursor_at`;

/**
 * The responses explorer: every answer of a period, identified and anonymous, filtered and
 * searched. Identified answers are listed newest first (an agent's: of the customers they may
 * open); anonymous ones by month only, and only in groups of at least five (see
 * `anonymousSelection`); they are read from `anonymous_responses`, so never before their release.
 */
@Injectable()
export class ResponseExplorer {
  private readonly cursors: AnonymousCursors;
  private readonly versions: SurveyVersionCache;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LINKS_CONFIG) links: LinksConfig,
  ) {
    this.cursors = new AnonymousCursors(links.tokenSecret);
    this.versions = new SurveyVersionCache(dataSource);
  }

  async identified(
    viewer: Principal,
    filter: ExplorerFilter,
    asked: PageAsked,
  ): Promise<ExploredAnswerPageDto> {
    const limit = asked.limit ?? DEFAULT_PAGE_SIZE;
    const { params, param } = parameters();
    const few = filter.q === undefined ? null : await this.fewMatches(filter.q);
    const where = identifiedConditions(
      few ? { ...filter, q: undefined } : filter,
      teamScope(viewer),
      param,
    );
    if (few) where.push(`r.id = ANY(${param(few)}::uuid[])`);
    if (asked.cursor) {
      const [at, id] = decodeTimeIdCursor(asked.cursor);
      where.push(`(r.submitted_at, r.id) < (${param(at)}::timestamptz, ${param(id)}::uuid)`);
    }
    const rows = await this.dataSource.query<IdentifiedRow[]>(
      `SELECT ${IDENTIFIED_COLUMNS} FROM ${IDENTIFIED_FROM}
       WHERE ${where.length > 0 ? where.join(' AND ') : 'true'}
       ORDER BY r.submitted_at DESC, r.id DESC LIMIT ${wholeLimit(limit) + 1}`,
      params,
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(toExploredAnswer),
      nextCursor: rows.length > limit && last ? encodeCursor([last.cursor_at, last.id]) : null,
    };
  }

  /**
   * The identified answers whose comment matches `q`, when fewer than FEW_MATCHES do (null: more).
   * PostgreSQL cannot tell how many answers words match: it walks the answers newest first and
   * tries each comment's words, which finds a page of a common word at once and reads every
   * answer for a word nobody wrote (3.5 s at 1,000,000). Asked of the words' index first, a rare
   * word's few answers are the page's candidates by id; a common word is left to that walk.
   */
  private async fewMatches(q: string): Promise<string[] | null> {
    // One index lookup: no parallel workers (their start took 8 ms against 0.1 here).
    const [{ ids }] = await serialQuery<{ ids: string[] }>(
      this.dataSource,
      null,
      `SELECT coalesce(array_agg(m.id), '{}') AS ids FROM (
         SELECT r.id FROM responses r WHERE ${commentMatchesSql('r', '$1::text')}
         LIMIT ${FEW_MATCHES}
       ) m`,
      [q],
    );
    return ids.length < FEW_MATCHES ? ids : null;
  }

  /**
   * The anonymous answers the filter finds, when at least five do (each among at least five of
   * its survey and month); none otherwise, with no count: how many fewer is not told.
   */
  async anonymous(filter: ExplorerFilter, asked: PageAsked): Promise<AnonymousAnswerPageDto> {
    const limit = asked.limit ?? DEFAULT_PAGE_SIZE;
    const after = asked.cursor ? this.cursors.open(asked.cursor) : null;
    const counted = parameters();
    const selection = anonymousSelection(filter, counted.param);
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(
      `${selection.with} SELECT count(*)::int AS n FROM ${selection.from}
       ${selection.where.length > 0 ? `WHERE ${selection.where.join(' AND ')}` : ''}`,
      counted.params,
    );
    if (n < ANONYMOUS_GROUP_AT_LEAST)
      return { listed: false, count: null, items: [], nextCursor: null };
    const { params, param } = parameters();
    const page = anonymousSelection(filter, param);
    if (after) {
      page.where.push(
        `(a.submitted_month, a.id) < (${param(after[0])}::date, ${param(after[1])}::uuid)`,
      );
    }
    const rows = await this.dataSource.query<AnonymousRow[]>(
      `${page.with}
       SELECT a.id, a.survey_version_id, s.key AS survey, s.name AS survey_name, v.scale, a.score,
         a.dissatisfied, a.answers, a.comment, a.submitted_month::text AS month
       FROM ${page.from}
       ${page.where.length > 0 ? `WHERE ${page.where.join(' AND ')}` : ''}
       ORDER BY a.submitted_month DESC, a.id DESC LIMIT ${wholeLimit(limit) + 1}`,
      params,
    );
    const items = rows.slice(0, limit);
    const versions = await this.versions.of(items.map((row) => row.survey_version_id));
    const last = items.at(-1);
    return {
      listed: true,
      count: n,
      items: items.map((row) => ({
        ...basicsOf(row),
        month: row.month.slice(0, 7),
        questions: labelledAnswers(
          versions.get(row.survey_version_id)?.questions ?? [],
          row.answers?.questions,
          'en',
        ),
      })),
      nextCursor: rows.length > limit && last ? this.cursors.seal(last.month, last.id) : null,
    };
  }

  /** One identified answer whole, in words; 404 when unknown or outside an agent's scope. */
  async answer(viewer: Principal, id: string): Promise<AnswerReadingDto> {
    if (!isUUID(id)) throw answerNotFound();
    const { params, param } = parameters();
    const scope = teamScope(viewer);
    const where = [`r.id = ${param(id)}::uuid`, ...identifiedConditions({}, scope, param)];
    const [row] = await this.dataSource.query<ReadingRow[]>(
      `SELECT ${IDENTIFIED_COLUMNS}, r.survey_version_id, v.version, r.answers,
         ${caseOfAnswerSql('r.invitation_id', `${param(scope)}::uuid`)} AS case_id
       FROM ${IDENTIFIED_FROM} WHERE ${where.join(' AND ')}`,
      params,
    );
    if (!row) throw answerNotFound();
    const version = (await this.versions.of([row.survey_version_id])).get(row.survey_version_id);
    return {
      ...toExploredAnswer(row),
      surveyVersion: row.version,
      range: SCALE_RANGE[row.scale],
      questions: labelledAnswers(version?.questions ?? [], row.answers?.questions, 'en'),
      preferences: (row.answers?.preferences ?? []).map((profile) =>
        preferenceInWords(profile, version?.preferences ?? null),
      ),
      caseId: row.case_id,
    };
  }
}

/** A limit written into the statement: a whole number, checked (the DTO already has). */
function wholeLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error('limit');
  return limit;
}

function basicsOf(row: AnswerRow) {
  return {
    survey: row.survey,
    surveyName: row.survey_name,
    scale: row.scale,
    score: row.score,
    band: scoreBand(row.scale, row.score, row.dissatisfied),
    comment: row.comment,
  };
}

function toExploredAnswer(row: IdentifiedRow): ExploredAnswerDto {
  return {
    id: row.id,
    ...basicsOf(row),
    customer: row.external_id ? { externalId: row.external_id, name: row.customer_name } : null,
    touchpoint: touchpointOf(row),
    submittedAt: row.submitted_at.toISOString(),
  };
}
