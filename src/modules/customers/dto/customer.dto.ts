import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

/** BCP 47 language tags as CRMs send them: `en`, `fi`, `en-GB`, `sv-FI`. */
export const LOCALE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export class CustomerInput {
  @ApiProperty({ example: 'ann@example.com' })
  @IsString({ message: 'must be an email address' })
  @MaxLength(254, { message: 'must be an email address' })
  email: string;

  @ApiPropertyOptional({ example: 'Ann Smith' })
  @IsOptional()
  @IsString({ message: 'must be text' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name?: string;

  @ApiPropertyOptional({ example: 'fi', description: 'BCP 47 language tag' })
  @IsOptional()
  @Matches(LOCALE_PATTERN, { message: 'must be a language tag such as en or fi-FI' })
  locale?: string;

  @ApiPropertyOptional({ example: { tier: 'gold' } })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  attributes?: Record<string, unknown>;
}

export interface CustomerDto {
  externalId: string;
  email: string;
  name: string | null;
  locale: string;
  attributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}
