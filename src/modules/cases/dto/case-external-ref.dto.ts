import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, ValidateIf } from 'class-validator';

/** A CRM's ticket id once trimmed: 1–200 printable characters (spaces inside are kept). */
const EXTERNAL_REF = /^[\x20-\x7e]{1,200}$/;

/** A CRM's ticket id: trimmed, then checked (the PATCH body's and the list filter's). */
export const externalRefRules = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim() : value,
    ),
    IsString({ message: "must be the CRM's ticket id as text" }),
    Matches(EXTERNAL_REF, {
      message: 'must be 1 to 200 printable characters (letters, digits, punctuation, spaces)',
    }),
  );

/** `PATCH /api/v1/cases/{id}`: the CRM's ticket about the case, or null to clear it. */
export class CaseExternalRefDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ZD-48213',
    description: "The CRM's ticket id (trimmed, 1–200 printable characters); null clears it",
  })
  @ValidateIf((body: CaseExternalRefDto) => body.externalRef !== null)
  @externalRefRules()
  externalRef: string | null;
}
