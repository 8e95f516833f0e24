import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhook-catalogue';

const LIMIT_MESSAGE = 'must be a whole number from 1 to 500';

/** `GET /api/v1/events?after=&limit=&types=&anonymous=`. */
export class EventFeedQueryDto {
  @ApiPropertyOptional({
    description: 'The nextCursor of the previous page; absent: the oldest kept',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{0,100}$/, { message: 'must be a nextCursor this API returned' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(500, { message: LIMIT_MESSAGE })
  limit?: number;

  @ApiPropertyOptional({
    description: 'Only these event types (comma-separated); absent: all of them',
    example: 'case.opened,case.resolved',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((type) => type.trim()) : value,
  )
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, {
    each: true,
    message: `must list events from the catalogue: ${WEBHOOK_EVENT_TYPES.join(', ')}`,
  })
  types?: WebhookEventType[];

  @ApiPropertyOptional({ description: 'Include anonymous answers (without any identity)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'must be true or false' })
  anonymous?: boolean;
}
