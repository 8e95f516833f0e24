import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page-query';

const STATUSES = ['pending', 'delivered', 'failed', 'dropped'] as const;

export class WebhookDeliveryFilterDto extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: 'must be pending, delivered, failed or dropped' })
  status?: (typeof STATUSES)[number];
}
