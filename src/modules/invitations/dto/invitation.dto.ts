import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { INVITATION_STATUSES } from '../invitation.entity';

export const INVITATION_OUTCOMES = ['queued', 'suppressed', 'throttled', 'duplicate'] as const;
export type InvitationOutcome = (typeof INVITATION_OUTCOMES)[number];

/** What became of an invitation asked for: the email is sent by a worker when `queued`. */
export class InvitationResultDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    enum: INVITATION_OUTCOMES,
    description:
      'queued: it will be sent; suppressed (the address takes no email) or throttled (the ' +
      'contact budget is spent): never sent; duplicate: the idempotency key named an earlier one',
  })
  status: InvitationOutcome;

  @ApiPropertyOptional({
    example: 'unsubscribed',
    description: 'Why it was suppressed or throttled',
  })
  reason?: string;
}

/** A batch item refused on its own (the others go on), in the shape of an error's fields. */
export class BatchItemErrorDto {
  @ApiProperty({ enum: ['rejected'] })
  status: 'rejected';

  @ApiProperty({ example: 'validation_failed', description: "An error code, as ErrorBody's" })
  code: string;

  @ApiProperty({ example: 'customer.email must be an email address.' })
  message: string;

  @ApiPropertyOptional({
    type: 'array',
    items: {
      type: 'object',
      required: ['field', 'message'],
      properties: { field: { type: 'string' }, message: { type: 'string' } },
    },
  })
  details?: { field: string; message: string }[];
}

@ApiExtraModels(InvitationResultDto, BatchItemErrorDto)
export class InvitationBatchResultDto {
  @ApiProperty({
    type: 'array',
    description: 'One per item, in input order',
    items: {
      oneOf: [
        { $ref: getSchemaPath(InvitationResultDto) },
        { $ref: getSchemaPath(BatchItemErrorDto) },
      ],
    },
  })
  results: (InvitationResultDto | BatchItemErrorDto)[];
}

export class TouchpointStaffViewDto {
  @ApiProperty({ example: 'E-1042' })
  externalId: string;

  @ApiProperty({ example: 'Aino Virtanen' })
  name: string;
}

/** A touchpoint as the API reads it back. */
export class TouchpointView {
  @ApiProperty({ example: 'stay' })
  type: string;

  @ApiProperty({ type: String, nullable: true, example: 'R-1042' })
  reference: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  occurredAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Helsinki Airport hotel' })
  location: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'front desk' })
  channel: string | null;

  @ApiProperty({ type: TouchpointStaffViewDto, nullable: true })
  staff: TouchpointStaffViewDto | null;
}

export class InvitationSurveyDto {
  @ApiProperty({ example: 'stay' })
  key: string;

  @ApiProperty({ example: 1, description: 'The version it was sent with' })
  version: number;
}

export class InvitationCustomerRefDto {
  @ApiProperty({ example: 'crm-1001' })
  externalId: string;
}

export class InvitationEventDto {
  @ApiProperty({ example: 'sent' })
  type: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: String, nullable: true })
  detail: string | null;
}

/** An invitation: where it stands, what it was about, and what happened to it. */
export class InvitationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: INVITATION_STATUSES })
  status: string;

  @ApiProperty({ type: String, nullable: true, description: 'Why it was suppressed or throttled' })
  reason: string | null;

  @ApiProperty({ type: InvitationSurveyDto })
  survey: InvitationSurveyDto;

  @ApiProperty({ type: InvitationCustomerRefDto })
  customer: InvitationCustomerRefDto;

  @ApiProperty({ type: TouchpointView, nullable: true })
  touchpoint: TouchpointView | null;

  @ApiProperty({ format: 'date-time' })
  sendAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  answeredAt: string | null;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ example: 0, description: 'Reminders sent' })
  reminders: number;

  @ApiProperty({ type: [InvitationEventDto], description: 'Oldest first' })
  timeline: InvitationEventDto[];
}
