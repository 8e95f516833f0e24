import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page-query';
import { QUEUE_SORTS, QUEUE_VIEWS, type QueueSort, type QueueView } from '../case-queue-sql';
import { CASE_STATUSES, type CaseStatus } from '../case-states';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The longest search the queue takes (the console's and the API's `q`). */
export const QUEUE_SEARCH_MAX_LENGTH = 200;

/** A form's empty choice ("Any") is no filter at all. */
export const blankIsAbsent = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() === '' ? undefined : value,
  );

/** A whole number written in digits as a number; anything else left as typed, for IsInt to refuse. */
function wholeNumber(typed: string): number | string {
  return /^\s*\d{1,9}\s*$/.test(typed) ? Number(typed) : typed;
}

/**
 * The queue's search, filters and sort (`GET /console/cases`, and `GET /api/v1/cases`'s `q` and
 * `sort`). The messages are sentences a person can act on: they name no internal key, since a
 * bad value here comes from a hand-edited address, not from the page's own choices.
 */
export class CaseQueueQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: QUEUE_VIEWS })
  @blankIsAbsent()
  @IsOptional()
  @IsIn(QUEUE_VIEWS, { message: 'must be one of the views listed at the top of the queue' })
  view?: QueueView;

  @ApiPropertyOptional({
    enum: QUEUE_SORTS,
    description:
      'due (next deadline first), priority, score (lowest first), newest, oldest, activity',
  })
  @blankIsAbsent()
  @IsOptional()
  @IsIn(QUEUE_SORTS, { message: 'must be one of the orders offered in the Sort list' })
  sort?: QueueSort;

  @ApiPropertyOptional({
    description:
      "Words of the customer's name, email or external id, or of the comment, notes or emails",
  })
  @blankIsAbsent()
  @IsOptional()
  @MaxLength(QUEUE_SEARCH_MAX_LENGTH, {
    message: `must be at most ${QUEUE_SEARCH_MAX_LENGTH} characters`,
  })
  q?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @blankIsAbsent()
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: 'must be one of the statuses offered in the Status list' })
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'A team id, or none: not routed to a team' })
  @blankIsAbsent()
  @IsOptional()
  @Matches(new RegExp(`^(none|${UUID})$`), { message: 'must be one of the teams in the Team list' })
  team?: string;

  @ApiPropertyOptional({ description: 'me, a user id, or none: no one has it yet' })
  @blankIsAbsent()
  @IsOptional()
  @Matches(new RegExp(`^(me|none|${UUID})$`), {
    message: 'must be one of the people in the Assignee list',
  })
  assignee?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 9 })
  // Not @Type(() => Number): it runs first and makes the form's blank "Any" a 0, refused.
  @Transform(({ value }: { value: unknown }) =>
    typeof value !== 'string' ? value : value.trim() === '' ? undefined : wholeNumber(value),
  )
  @IsOptional()
  @IsInt({ message: 'must be a whole number from 1 (most urgent) to 9' })
  @Min(1, { message: 'must be a whole number from 1 (most urgent) to 9' })
  @Max(9, { message: 'must be a whole number from 1 (most urgent) to 9' })
  priority?: number;

  @ApiPropertyOptional({ description: 'A survey key' })
  @blankIsAbsent()
  @IsOptional()
  @MaxLength(100, { message: 'must be one of the surveys in the Survey list' })
  survey?: string;

  @ApiPropertyOptional({ description: "The invitation's touchpoint type" })
  @blankIsAbsent()
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  touchpointType?: string;

  @ApiPropertyOptional({ description: 'true: only the overdue cases; false: only the others' })
  @IsOptional()
  // Query strings are text: only the words true and false are booleans here; blank is no filter.
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value === '' ? undefined : value,
  )
  @IsBoolean({ message: 'must be yes (true) or no (false)' })
  overdue?: boolean;
}
