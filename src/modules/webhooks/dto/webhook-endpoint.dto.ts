import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  ValidateIf,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhook-catalogue';
import { WEBHOOK_KINDS, type WebhookKind } from '../webhook-endpoint.entity';

const EVENT_MESSAGE = `must list events from the catalogue: ${WEBHOOK_EVENT_TYPES.join(', ')}`;

/** What an endpoint has besides its URL and kind: the same when created and changed. */
export class WebhookEndpointOptionsDto {
  @ApiPropertyOptional({ example: 'Cases into the CRM', maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'must be text' })
  @Length(0, 200, { message: 'must be at most 200 characters' })
  description?: string;

  @ApiPropertyOptional({
    description: 'The events it takes; null (or absent when created) for all of them',
    enum: WEBHOOK_EVENT_TYPES,
    isArray: true,
    nullable: true,
    example: ['case.opened', 'case.resolved'],
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsArray({ message: EVENT_MESSAGE })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length, { message: EVENT_MESSAGE })
  @ArrayUnique({ message: 'must not list an event twice' })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: EVENT_MESSAGE })
  eventTypes?: WebhookEventType[] | null;

  @ApiPropertyOptional({
    description: 'Also send anonymous answers (response.received without any identity)',
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  includeAnonymous?: boolean;

  @ApiPropertyOptional({
    description: "Deliver a case's events one after another, each after the one before succeeded",
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  ordered?: boolean;

  @ApiPropertyOptional({
    description: 'Static headers sent with every delivery (at most 10)',
    example: { authorization: 'Bearer crm-token' },
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsOptional()
  @IsObject({ message: 'must be an object of header names and values' })
  headers?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Re-enabling clears why it was disabled' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  enabled?: boolean;
}

/** A new endpoint: its URL at least. */
export class CreateWebhookEndpointDto extends WebhookEndpointOptionsDto {
  @ApiProperty({ example: 'https://crm.example.com/candor/webhooks', maxLength: 2000 })
  @IsString({ message: 'must be a URL' })
  @Length(1, 2000, { message: 'must be a URL of at most 2000 characters' })
  url: string;

  @ApiPropertyOptional({
    enum: WEBHOOK_KINDS,
    default: 'standard',
    description: 'standard: signed JSON; slack or teams: human messages to an incoming webhook',
  })
  @IsOptional()
  @IsIn(WEBHOOK_KINDS, { message: 'must be standard, slack or teams' })
  kind?: WebhookKind;
}

/** What `PATCH` may change (the kind stays). */
export class WebhookEndpointChangeDto extends WebhookEndpointOptionsDto {
  @ApiPropertyOptional({ example: 'https://crm.example.com/candor/webhooks', maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'must be a URL' })
  @Length(1, 2000, { message: 'must be a URL of at most 2000 characters' })
  url?: string;
}
