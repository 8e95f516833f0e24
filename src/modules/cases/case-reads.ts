import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import { caseInScope, teamScope } from '../../common/auth/team-scope';
import {
  decodeTimeIdCursor,
  DEFAULT_PAGE_SIZE,
  type Page,
  pageOf,
  type PageQuery,
} from '../../common/pagination/page-query';
import { AuditLog, type RequestOrigin } from '../audit/audit-log';
import { Customer360, type Customer360Dto } from '../customers/customer-360';
import { leftJoinCustomerOf } from '../customers/customer-sql';
import { invitationsOfTouchpointSql } from '../invitations/invitation-sql';
import { joinResponseOf } from '../responses/response-sql';
import { versionsOfSurveySql } from '../surveys/survey-sql';
import { CaseMessages, type CaseMessageDto } from './case-messages';
import { CASE_CONDITIONS, CASE_OUTCOMES, type CaseOutcome } from './case-outcomes';
import { CASE_COLUMNS, type CaseDto, type CaseRow, toCaseDto } from './case-rows';
import type { CaseStatus } from './case-states';
import { caseNotFound } from './cases.errors';
import { type PreferredContactDto, preferredContactOf } from './preferred-contact';
import { labelledAnswers, type LabelledAnswer } from '../surveys/answer-labels';
import { SCALE_RANGE } from '../surveys/survey-definition';
import { SurveyVersion } from '../surveys/survey-version.entity';

export interface CaseDetailDto extends Omit<CaseDto, 'customer'> {
  timeline: { type: string; at: string; actorId: string | null; detail: string | null }[];
  /** The email dialogue with the customer, oldest first. */
  messages: CaseMessageDto[];
  /** The customer 360: profile, consents, preferences, answers and cases; null once erased. */
  customer: Customer360Dto | null;
  /**
   * The answer it follows up: as stored (`answers`), and in words (`questions`: every question of
   * the survey with its answer, in English, the console's language) with the score on its scale.
   */
  response: {
    score: number;
    scale: { min: number; max: number };
    answers: unknown;
    questions: LabelledAnswer[];
    comment: string | null;
  } | null;
  /** How they want to be reached, from their latest stated preference; null when none. */
  preferredContact: PreferredContactDto | null;
}

export interface CaseFilter extends PageQuery {
  status?: CaseStatus;
  /** `me` or a user id. */
  assignee?: string;
  /** A team's cases (agents see only their own team's and unrouted ones anyway). */
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
}

/** The case list and the case view, within the viewer's team scope. */
@Injectable()
export class CaseReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messages: CaseMessages,
    private readonly customer360: Customer360,
    private readonly audit: AuditLog,
  ) {}

  /** Newest first; agents see their team's cases and those not routed yet. */
  async list(viewer: UserPrincipal, filter: CaseFilter): Promise<Page<CaseDto>> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const [at, id] = filter.cursor ? decodeTimeIdCursor(filter.cursor) : [null, null];
    const assignee = filter.assignee === 'me' ? viewer.userId : (filter.assignee ?? null);
    const rows = await this.dataSource.query<(CaseRow & { cursor_at: string })[]>(
      `SELECT ${CASE_COLUMNS}, c.created_at::text AS cursor_at
       FROM follow_up_cases c ${leftJoinCustomerOf('c.customer_id', 'cu')}
       WHERE ${caseInScope('$1', 'c')}
         AND ($2::text IS NULL OR c.status = $2)
         AND ($3::uuid IS NULL OR c.assignee_id = $3)
         AND ($4::timestamptz IS NULL OR (c.created_at, c.id) < ($4::timestamptz, $5::uuid))
         AND ($7::uuid IS NULL OR c.team_id = $7)
         AND (NOT $8::boolean OR (c.overdue_at IS NOT NULL AND ${CASE_CONDITIONS.live}))
         AND ($9::timestamptz IS NULL OR c.created_at >= $9)
         AND ($10::timestamptz IS NULL OR c.created_at < $10)
         AND ($11::text IS NULL OR c.survey_version_id IN ${versionsOfSurveySql('$11')})
         AND ($12::text IS NULL OR c.invitation_id IN ${invitationsOfTouchpointSql('$12')})
         AND ${filter.outcome ? CASE_OUTCOMES[filter.outcome] : 'true'}
       ORDER BY c.created_at DESC, c.id DESC
       LIMIT $6`,
      [
        teamScope(viewer),
        filter.status ?? null,
        assignee,
        at,
        id,
        limit + 1,
        filter.team ?? null,
        filter.overdue ?? false,
        filter.openedFrom ?? null,
        filter.openedBefore ?? null,
        filter.survey ?? null,
        filter.touchpointType ?? null,
      ],
    );
    return pageOf(rows, limit, toCaseDto, (row) => [row.cursor_at, row.id]);
  }

  /**
   * The case with its timeline, its dialogue, the answer it follows up and the customer 360.
   * A view of identified data: audited (who, from where) before anything is returned.
   */
  async get(viewer: UserPrincipal, id: string, origin: RequestOrigin): Promise<CaseDetailDto> {
    const [row] = await this.dataSource.query<
      (CaseRow & { customer_id: string | null; survey_version_id: string })[]
    >(
      `SELECT ${CASE_COLUMNS}, c.customer_id, c.survey_version_id
       FROM follow_up_cases c ${leftJoinCustomerOf('c.customer_id', 'cu')}
       WHERE c.id = $1 AND ${caseInScope('$2', 'c')}`,
      [id, teamScope(viewer)],
    );
    // Another team's case reads as unknown: its existence is not the agent's business.
    if (!row) throw caseNotFound();
    await this.audit.record({
      actorUserId: viewer.userId,
      action: 'case.viewed',
      subjectType: 'case',
      subjectId: id,
      customerId: row.customer_id,
      origin,
    });
    const [timeline, responses, messages, customer, version] = await Promise.all([
      this.dataSource.query<
        { type: string; at: Date; actor_id: string | null; detail: string | null }[]
      >('SELECT type, at, actor_id, detail FROM case_events WHERE case_id = $1 ORDER BY id', [id]),
      this.dataSource.query<{ score: number; answers: unknown; comment: string | null }[]>(
        `SELECT r.score, r.answers, r.comment FROM follow_up_cases c
         ${joinResponseOf('c.response_id', 'r')} WHERE c.id = $1`,
        [id],
      ),
      this.messages.dialogue(id),
      row.customer_id ? this.customer360.of(row.customer_id, teamScope(viewer)) : null,
      this.dataSource.getRepository(SurveyVersion).findOneBy({ id: row.survey_version_id }),
    ]);
    // Erased between the two reads: read the kept case again.
    if (row.customer_id && !customer) return this.get(viewer, id, origin);
    return {
      ...toCaseDto(row),
      customer,
      response: responses[0]
        ? {
            ...responses[0],
            scale: version ? SCALE_RANGE[version.scale] : { min: 0, max: 10 },
            questions: labelledAnswers(
              version?.questions ?? [],
              (responses[0].answers as { questions?: Record<string, string | string[]> } | null)
                ?.questions,
              'en',
            ),
          }
        : null,
      preferredContact: customer
        ? preferredContactOf(customer.preferences, version?.preferences ?? null)
        : null,
      messages,
      timeline: timeline.map((event) => ({
        type: event.type,
        at: event.at.toISOString(),
        actorId: event.actor_id,
        detail: event.detail,
      })),
    };
  }
}
