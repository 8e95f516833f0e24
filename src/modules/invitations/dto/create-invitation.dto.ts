import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsISO8601,
  IsObject,
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

/** Names shown to people (a place, a member of staff) are trimmed. */
const trimmed = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value;
/** ...and hold no control characters (a zero byte, a line break) that no page could show. */
const SHOWN_TEXT = /^[^\p{Cc}]*$/u;
const SHOWN_TEXT_MESSAGE = 'must be text without control characters such as line breaks';

/** Who served the customer: both fields, or no `staff` at all. */
export class TouchpointStaffDto {
  @ApiProperty({
    example: 'E-1042',
    description: "The member of staff's id in the company's systems",
  })
  @Transform(trimmed)
  @IsDefined({ message: 'is required when staff is given' })
  @IsString({ message: 'must be text' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  @Matches(SHOWN_TEXT, { message: SHOWN_TEXT_MESSAGE })
  externalId: string;

  @ApiProperty({ example: 'Aino Virtanen', description: 'Their name, as reports show it' })
  @Transform(trimmed)
  @IsDefined({ message: 'is required when staff is given' })
  @IsString({ message: 'must be text' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  @Matches(SHOWN_TEXT, { message: SHOWN_TEXT_MESSAGE })
  name: string;
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

  @ApiPropertyOptional({
    example: 'Helsinki Airport hotel',
    maxLength: 200,
    description: 'Where it happened (trimmed); reports break down by it',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: 'must be text' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  @Matches(SHOWN_TEXT, { message: SHOWN_TEXT_MESSAGE })
  location?: string;

  @ApiPropertyOptional({
    example: 'front desk',
    maxLength: 100,
    description: 'How it happened: front desk, phone, web… (trimmed)',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: 'must be text' })
  @Length(1, 100, { message: 'must be 1 to 100 characters' })
  @Matches(SHOWN_TEXT, { message: SHOWN_TEXT_MESSAGE })
  channel?: string;

  @ApiPropertyOptional({
    type: TouchpointStaffDto,
    description: 'Who served the customer; never kept with an anonymous answer',
  })
  @IsOptional()
  @IsObject({ message: 'must be an object with externalId and name' })
  @ValidateNested()
  @Type(() => TouchpointStaffDto)
  staff?: TouchpointStaffDto;
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

export {
  InvitationDto,
  type InvitationOutcome,
  InvitationResultDto,
  TouchpointView,
} from './invitation.dto';
