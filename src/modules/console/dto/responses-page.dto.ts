import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { blankIsAbsent } from '../../cases/dto/case-queue.dto';
import { ExplorerFiltersDto } from '../../responses/explorer/explorer-filter.dto';
import { ANSWER_KINDS, type AnswerKind } from '../response-words';

const DATE_MESSAGE = 'must be a date (YYYY-MM-DD)';

/**
 * `/console/responses`: the explorer's filters, the period as whole days (UTC, `to` included, as
 * the dashboard's), and which kind of answer a page of the list is of (`kind`, with its cursor).
 */
export class ResponsesPageQueryDto extends ExplorerFiltersDto {
  @blankIsAbsent()
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  from?: string;

  @blankIsAbsent()
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  to?: string;

  @blankIsAbsent()
  @IsOptional()
  @IsIn(ANSWER_KINDS, { message: 'must be identified or anonymous' })
  kind?: AnswerKind;
}
