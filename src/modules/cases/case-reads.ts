import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { caseInScope, teamScope } from '../../common/auth/team-scope';
import {
  decodeTimeIdCursor,
  DEFAULT_PAGE_SIZE,
  type Page,
  pageOf,
  type PageQuery,
} from '../../common/pagination/page-query';
import { leftJoinCustomerOf } from '../customers/customer-sql';
import { invitationsOfTouchpointSql } from '../invitations/invitation-sql';
import { versionsOfSurveySql } from '../surveys/survey-sql';
import { responseHasTopicSql } from '../topics/topic-sql';
import { type CaseActor, meOf } from './case-actor';
import { CASE_CONDITIONS, CASE_OUTCOMES, type CaseOutcome } from './case-outcomes';
import { CASE_COLUMNS, type CaseDto, type CaseRow, toCaseDto } from './case-rows';
import type { CaseStatus } from './case-states';

export interface CaseFilter extends PageQuery {
  status?: CaseStatus;
  /** `me`, a user id, or `none`: no one's yet. */
  assignee?: string;
  /** A team's cases, or `none`: not routed (agents see only their own team's and unrouted ones). */
  team?: string;
  /** Only cases past a deadline and not yet resolved. */
  overdue?: boolean;
  /** Opened at or after this time (the reports' drill-down). */
  openedFrom?: string;
  /** Opened before this time. */
  openedBefore?: string;
  /** A survey key: cases from any of its versions. */
  survey?: string;
  /** The invitation's touchpoint type. */
  touchpointType?: string;
  /** What became of them (see case-outcomes.ts). */
  outcome?: CaseOutcome;
  /** A topic id: cases whose answer's comment is about it. */
  topic?: string;
  /** The CRM's ticket id: the case that carries it (exactly). */
  externalRef?: string;
}

/** The case list, within the viewer's team scope (the case view is CaseDetails). */
@Injectable()
export class CaseReads {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first; agents see their team's cases and those not routed yet, integrations all. */
  async list(viewer: CaseActor, filter: CaseFilter): Promise<Page<CaseDto>> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const [at, id] = filter.cursor ? decodeTimeIdCursor(filter.cursor) : [null, null];
    const assignee =
      filter.assignee === 'me' ? meOf(viewer, 'assignee') : (filter.assignee ?? null);
    // `none` is no one's, or no team's: a condition of its own, never an id.
    const [noAssignee, noTeam] = [filter.assignee === 'none', filter.team === 'none'];
    const rows = await this.dataSource.query<(CaseRow & { cursor_at: string })[]>(
      `SELECT ${CASE_COLUMNS}, c.created_at::text AS cursor_at
       FROM follow_up_cases c ${leftJoinCustomerOf('c.customer_id', 'cu')}
       WHERE ${caseInScope('$1', 'c')}
         AND ($2::text IS NULL OR c.status = $2)
         AND ($3::uuid IS NULL OR c.assignee_id = $3)
         AND ($4::timestamptz IS NULL OR (c.created_at, c.id) < ($4::timestamptz, $5::uuid))
         AND ($7::uuid IS NULL OR c.team_id = $7)
         AND (NOT $13::boolean OR c.assignee_id IS NULL) AND (NOT $14::boolean OR c.team_id IS NULL)
         AND (NOT $8::boolean OR (c.overdue_at IS NOT NULL AND ${CASE_CONDITIONS.live}))
         AND ($9::timestamptz IS NULL OR c.created_at >= $9)
         AND ($10::timestamptz IS NULL OR c.created_at < $10)
         AND ($11::text IS NULL OR c.survey_version_id IN ${versionsOfSurveySql('$11')})
         AND ($12::text IS NULL OR c.invitation_id IN ${invitationsOfTouchpointSql('$12')})
         AND ${filter.outcome ? CASE_OUTCOMES[filter.outcome] : 'true'}
         AND ($15::uuid IS NULL OR ${responseHasTopicSql('c.response_id', '$15::uuid')})
         AND ($16::text IS NULL OR c.external_ref = $16)
       ORDER BY c.created_at DESC, c.id DESC
       LIMIT $6`,
      [
        teamScope(viewer),
        filter.status ?? null,
        noAssignee ? null : assignee,
        at,
        id,
        limit + 1,
        noTeam ? null : (filter.team ?? null),
        filter.overdue ?? false,
        filter.openedFrom ?? null,
        filter.openedBefore ?? null,
        filter.survey ?? null,
        filter.touchpointType ?? null,
        noAssignee,
        noTeam,
        filter.topic ?? null,
        filter.externalRef ?? null,
      ],
    );
    return pageOf(rows, limit, toCaseDto, (row) => [row.cursor_at, row.id]);
  }
}
