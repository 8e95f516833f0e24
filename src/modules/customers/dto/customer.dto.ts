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

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { tier: 'gold' },
    description: 'Anything your CRM knows that routing or reports may use',
  })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  attributes?: Record<string, unknown>;
}

/** A customer as the API reads them back. */
export class CustomerDto {
  @ApiProperty({ example: 'crm-1', description: 'Their id in your systems' })
  externalId: string;

  @ApiProperty({ example: 'ann@example.com' })
  email: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ann Smith' })
  name: string | null;

  @ApiProperty({ example: 'fi', description: 'BCP 47 language tag' })
  locale: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { tier: 'gold' } })
  attributes: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
