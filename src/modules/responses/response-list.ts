import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  decodeTimeIdCursor,
  DEFAULT_PAGE_SIZE,
  type Page,
  pageOf,
} from '../../common/pagination/page-query';
import { validationError } from '../../common/validation/validation-error';
import { joinCustomerOf } from '../customers/customer-sql';
import { joinInvitationOf } from '../invitations/invitation-sql';
import {
  type TouchpointColumns,
  touchpointColumnsSql,
  touchpointOf,
} from '../invitations/invitation-touchpoint';
import { joinSurveyVersionOf } from '../surveys/survey-sql';
import type { ResponseAnswers } from './answer-columns';
import type { ResponseFilterDto } from './dto/response-filter.dto';
import { TouchpointView } from '../invitations/dto/invitation.dto';

class ResponseCustomerDto {
  @ApiProperty({ example: 'crm-1' })
  externalId: string;
}

/** One identified answer as the list shows it. */
export class ResponseItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'stay', description: 'The survey key' })
  survey: string;

  @ApiProperty({ example: 1, description: 'The survey version answered' })
  surveyVersion: number;

  @ApiProperty({ type: ResponseCustomerDto })
  customer: ResponseCustomerDto;

  @ApiProperty({ format: 'uuid' })
  invitationId: string;

  @ApiProperty({ type: TouchpointView, nullable: true })
  touchpoint: TouchpointView | null;

  @ApiProperty({ example: 2 })
  score: number;

  @ApiProperty({ description: "At or below the survey version's threshold when answered" })
  dissatisfied: boolean;

  @ApiProperty({ type: String, nullable: true })
  comment: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'As stored: `questions` (choices by question id) and `preferences`',
  })
  answers: ResponseAnswers;

  @ApiProperty({ format: 'date-time' })
  submittedAt: string;
}

export class ResponsePageDto implements Page<ResponseItemDto> {
  @ApiProperty({ type: [ResponseItemDto] })
  items: ResponseItemDto[];

  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' })
  nextCursor: string | null;
}

interface ResponseRow extends TouchpointColumns {
  id: string;
  survey: string;
  survey_version: number;
  external_id: string;
  invitation_id: string;
  score: number;
  dissatisfied: boolean;
  comment: string | null;
  answers: ResponseAnswers;
  submitted_at: Date;
  cursor_at: string;
}

/**
 * The identified answers, newest first, for CRMs and managers. Anonymous answers are never here:
 * they live in a table of their own, with nothing that leads back to a person.
 */
@Injectable()
export class ResponseList {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(filter: ResponseFilterDto): Promise<Page<ResponseItemDto>> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const from = instantOf('from', filter.from);
    const before = instantOf('before', filter.before);
    if (from && before && before <= from) {
      throw validationError([{ field: 'before', message: 'must be later than from' }]);
    }
    const [at, id] = filter.cursor ? decodeTimeIdCursor(filter.cursor) : [null, null];
    const rows = await this.dataSource.query<ResponseRow[]>(
      `SELECT r.id, s.key AS survey, v.version AS survey_version, cu.external_id, r.invitation_id,
         ${touchpointColumnsSql('i')}, r.score,
         r.dissatisfied, r.comment, r.answers, r.submitted_at, r.submitted_at::text AS cursor_at
       FROM responses r
         ${joinSurveyVersionOf('r.survey_version_id', { version: 'v', survey: 's' })}
         ${joinCustomerOf('r.customer_id', 'cu')}
         ${joinInvitationOf('r.invitation_id', 'i')}
       WHERE ($1::text IS NULL OR s.key = $1)
         AND ($2::timestamptz IS NULL OR r.submitted_at >= $2)
         AND ($3::timestamptz IS NULL OR r.submitted_at < $3)
         AND ($4::integer IS NULL OR r.score >= $4)
         AND ($5::integer IS NULL OR r.score <= $5)
         AND ($6::text IS NULL OR i.touchpoint_type = $6)
         AND ($7::boolean IS NULL OR (coalesce(r.comment, '') <> '') = $7)
         AND ($8::timestamptz IS NULL OR (r.submitted_at, r.id) < ($8::timestamptz, $9::uuid))
       ORDER BY r.submitted_at DESC, r.id DESC
       LIMIT $10`,
      [
        filter.survey ?? null,
        from,
        before,
        filter.minScore ?? null,
        filter.maxScore ?? null,
        // Empty is no filter, as in the reports (an invitation without a touchpoint has none).
        filter.touchpointType || null,
        filter.hasComment ?? null,
        at,
        id,
        limit + 1,
      ],
    );
    return pageOf(rows, limit, toResponseItemDto, (row) => [row.cursor_at, row.id]);
  }
}

function toResponseItemDto(row: ResponseRow): ResponseItemDto {
  return {
    id: row.id,
    survey: row.survey,
    surveyVersion: row.survey_version,
    customer: { externalId: row.external_id },
    invitationId: row.invitation_id,
    touchpoint: touchpointOf(row),
    score: row.score,
    dissatisfied: row.dissatisfied,
    comment: row.comment,
    answers: row.answers,
    submittedAt: row.submitted_at.toISOString(),
  };
}

/**
 * A date or time of the query as an instant, as PostgreSQL will read it: ISO 8601 also allows
 * week dates and bare years ("2026-W01", "2026"), which it does not take; those are a 400 here.
 */
function instantOf(field: 'from' | 'before', value: string | undefined): string | null {
  if (value === undefined) return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw validationError([
      { field, message: 'must be a date (YYYY-MM-DD) or a time (YYYY-MM-DDThh:mm:ssZ)' },
    ]);
  }
  return at.toISOString();
}
