import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { CustomerInput } from '../../customers/dto/customer.dto';

export class InvitationCustomerDto extends CustomerInput {
  @ApiProperty({ example: 'crm-1001' })
  @Matches(/^[\x21-\x7e]{1,200}$/, {
    message: 'must be 1 to 200 visible characters without spaces',
  })
  externalId: string;
}

export class TouchpointDto {
  @ApiProperty({ example: 'stay' })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,49}$/, {
    message: 'must be 1 to 50 lower-case letters, digits, - or _',
  })
  type: string;

  @ApiPropertyOptional({ example: 'R-2026-1182' })
  @IsOptional()
  @IsString({ message: 'must be text' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  reference?: string;

  @ApiPropertyOptional({ example: '2026-11-20T10:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 time' })
  occurredAt?: string;
}

export class CreateInvitationDto {
  @ApiProperty({ example: 'stay', description: 'Survey key' })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'must be a survey key' })
  survey: string;

  @ApiProperty({ type: InvitationCustomerDto })
  @ValidateNested()
  @Type(() => InvitationCustomerDto)
  customer: InvitationCustomerDto;

  @ApiPropertyOptional({ type: TouchpointDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TouchpointDto)
  touchpoint?: TouchpointDto;

  @ApiPropertyOptional({
    example: 'crm-order-1182-survey',
    description: 'Same key → same invitation, never a second email',
  })
  @IsOptional()
  @IsString({ message: 'must be text' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  idempotencyKey?: string;

  @ApiPropertyOptional({
    example: '2026-11-25T08:00:00Z',
    description: 'Send later (default: now)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 time' })
  sendAt?: string;
}

export class InvitationBatchDto {
  @ApiProperty({ type: [CreateInvitationDto], maxItems: 1000 })
  @IsArray({ message: 'must be a list of invitations' })
  @ArrayMinSize(1, { message: 'must hold at least one invitation' })
  @ArrayMaxSize(1000, { message: 'must hold at most 1000 invitations' })
  items: unknown[];
}

export type InvitationOutcome = 'queued' | 'suppressed' | 'throttled' | 'duplicate';

export interface InvitationResultDto {
  id: string;
  status: InvitationOutcome;
  reason?: string;
}

export interface InvitationDto {
  id: string;
  status: string;
  reason: string | null;
  survey: { key: string; version: number };
  customer: { externalId: string };
  touchpoint: { type: string; reference: string | null; occurredAt: string | null } | null;
  sendAt: string;
  sentAt: string | null;
  answeredAt: string | null;
  expiresAt: string;
  reminders: number;
  timeline: { type: string; at: string; detail: string | null }[];
}
