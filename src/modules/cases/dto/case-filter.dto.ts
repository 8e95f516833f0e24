import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '../../../common/pagination/page-query';
import { CASE_OUTCOME_NAMES, type CaseOutcome } from '../case-outcomes';
import { QUEUE_SORTS, QUEUE_VIEWS, type QueueSort, type QueueView } from '../case-queue-sql';
import { CASE_STATUSES, type CaseStatus } from '../case-states';
import { blankIsAbsent, QUEUE_SEARCH_MAX_LENGTH } from './case-queue.dto';
import { externalRefRules } from './case-external-ref.dto';

/** `me`, or a user's id. */
export const ME_OR_USER_ID = /^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * `GET /api/v1/cases`: the filters, and the console queue's view, sort and search (the same values
 * and limits as `/console/cases`; the messages name the API's keys, which a program sends).
 */
export class CaseFilterDto extends PageQuery {
  @ApiPropertyOptional({
    enum: QUEUE_VIEWS,
    description: "One of the console queue's views (docs/architecture.md); all by default",
  })
  @blankIsAbsent()
  @IsOptional()
  @IsIn(QUEUE_VIEWS, { message: `must be one of ${QUEUE_VIEWS.join(', ')}` })
  view?: QueueView;

  @ApiPropertyOptional({
    enum: QUEUE_SORTS,
    description:
      'due (next deadline first), priority, score (lowest first), newest, oldest, activity; ' +
      'newest by default, due within a view of live cases',
  })
  @blankIsAbsent()
  @IsOptional()
  @IsIn(QUEUE_SORTS, { message: `must be one of ${QUEUE_SORTS.join(', ')}` })
  sort?: QueueSort;

  @ApiPropertyOptional({
    description:
      "Words of the customer's name, email or external id, or of the comment, notes or emails; " +
      'each word a prefix, all must match',
  })
  @blankIsAbsent()
  @IsOptional()
  @MaxLength(QUEUE_SEARCH_MAX_LENGTH, {
    message: `must be at most ${QUEUE_SEARCH_MAX_LENGTH} characters`,
  })
  q?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: `must be one of ${CASE_STATUSES.join(', ')}` })
  status?: CaseStatus;

  @ApiPropertyOptional({ description: '`me`, a user id, or `none`: no one has it yet' })
  @IsOptional()
  @Matches(new RegExp(`^(me|none|${UUID})$`), { message: 'must be me, a user id or none' })
  assignee?: string;

  @ApiPropertyOptional({ description: 'A team id, or `none`: not routed to a team' })
  @IsOptional()
  @Matches(new RegExp(`^(none|${UUID})$`), { message: 'must be a team id or none' })
  team?: string;

  @ApiPropertyOptional({ description: 'Only cases past a deadline and not yet resolved' })
  @IsOptional()
  // Query strings are text: only the words true and false are booleans here.
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Opened at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' })
  openedFrom?: string;

  @ApiPropertyOptional({ description: 'Opened before this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or time' })
  openedBefore?: string;

  @ApiPropertyOptional({ description: 'A survey key' })
  @IsOptional()
  @MaxLength(100, { message: 'must be a survey key' })
  survey?: string;

  @ApiPropertyOptional({ description: "The invitation's touchpoint type" })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  touchpointType?: string;

  @ApiPropertyOptional({ enum: CASE_OUTCOME_NAMES, description: 'What became of the cases' })
  @IsOptional()
  @IsIn(CASE_OUTCOME_NAMES, { message: `must be one of ${CASE_OUTCOME_NAMES.join(', ')}` })
  outcome?: CaseOutcome;

  @ApiPropertyOptional({ description: "A topic id: cases whose answer's comment is about it" })
  @IsOptional()
  @IsUUID('all', { message: 'must be a topic id' })
  topic?: string;

  @ApiPropertyOptional({ description: "A CRM's ticket id: the case carrying it (exact match)" })
  @IsOptional()
  @externalRefRules()
  externalRef?: string;
}
