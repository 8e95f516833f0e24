import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class CaseNoteDto {
  @ApiProperty()
  @IsString({ message: 'must be text' })
  @Length(1, 5000, { message: 'must be 1 to 5000 characters' })
  body: string;
}

export class CaseMessageDto {
  @ApiProperty({ example: 'About your stay' })
  @IsString({ message: 'must be text' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  subject: string;

  @ApiProperty({ description: 'Plain text; a blank line starts a new paragraph.' })
  @IsString({ message: 'must be text' })
  @Length(1, 20000, { message: 'must be 1 to 20000 characters' })
  body: string;
}

export const CONTACT_CHANNELS = ['phone', 'sms', 'meeting', 'email', 'chat', 'other'] as const;

export class CaseContactDto {
  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS, { message: `must be one of ${CONTACT_CHANNELS.join(', ')}` })
  channel: (typeof CONTACT_CHANNELS)[number];

  @ApiProperty()
  @IsString({ message: 'must be text' })
  @Length(1, 5000, { message: 'must be 1 to 5000 characters' })
  summary: string;
}

export class CaseAssignDto {
  @ApiProperty()
  @IsUUID('all', { message: 'must be a user id' })
  userId: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'must be text' })
  @Length(1, 2000, { message: 'must be 1 to 2000 characters' })
  comment?: string;
}

export class CaseResolveDto {
  @ApiProperty({ example: 'billing', description: 'A key of the root-cause taxonomy' })
  @IsString({ message: 'must be chosen: what caused the problem' })
  @Length(1, 64, { message: 'must be chosen: what caused the problem' })
  rootCause: string;

  @ApiProperty()
  @IsString({ message: 'must be text' })
  @Length(1, 5000, { message: 'must be 1 to 5000 characters' })
  resolution: string;
}
