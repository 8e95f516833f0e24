import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

/** Each check by name (`database`, `queue`, `smtp`): its status, and what it adds. */
const checks = (description: string): ApiPropertyOptions => ({
  type: 'object',
  description,
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'degraded', 'down'] } },
    additionalProperties: true,
  },
  example: { database: { status: 'up' }, queue: { status: 'up' }, smtp: { status: 'up' } },
});

/** Readiness: a 503 in the error shape instead when a check that matters is down. */
export class ReadinessDto {
  @ApiProperty({
    enum: ['ok', 'degraded'],
    description: 'degraded: an API replica whose mail relay is down still serves',
  })
  status: string;

  @ApiPropertyOptional(checks('The checks up or degraded'))
  info?: Record<string, { status: string }>;

  @ApiPropertyOptional(checks('The checks down'))
  error?: Record<string, { status: string }>;

  @ApiProperty(checks('Every check'))
  details: Record<string, { status: string }>;
}
