import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { type Interval, INTERVALS, ReportFilterDto } from './report-filter.dto';

/** The summary's filters (`survey` required here) and the trend's buckets. */
export class QuestionResultsQueryDto extends ReportFilterDto {
  @ApiPropertyOptional({
    enum: INTERVALS,
    description: 'The trend’s buckets. Default: day for a period up to 60 days, week beyond',
  })
  @IsOptional()
  @IsIn(INTERVALS, { message: `must be one of ${INTERVALS.join(', ')}` })
  interval?: Interval;
}
