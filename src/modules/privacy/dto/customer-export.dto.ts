import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { CustomerDto } from '../../customers/dto/customer.dto';
import type { CustomerExport } from '../customer-data.service';

/** A section as each module writes it: its own rows, for the person to read, not for code. */
const rows = (description: string): ApiPropertyOptions => ({
  type: 'array',
  items: { type: 'object', additionalProperties: true },
  description,
});

/**
 * Everything held about a customer, as the privacy center gives it to them: the profile typed,
 * each other section as its owning module writes it (its fields may grow).
 */
export class CustomerExportDto implements Record<keyof CustomerExport, unknown> {
  @ApiProperty({ format: 'date-time' })
  exportedAt: string;

  @ApiProperty({
    example:
      'Everything we hold about you. Answers you gave anonymously are not here: nothing links them to you.',
  })
  note: string;

  @ApiProperty({ type: () => CustomerDto })
  customer: CustomerDto;

  @ApiProperty(rows('Every consent decision, with the text they were shown'))
  consents: Record<string, unknown>[];

  @ApiProperty(rows('Every invitation sent to them'))
  invitations: Record<string, unknown>[];

  @ApiProperty(rows('Their identified answers'))
  responses: Record<string, unknown>[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Their preference profiles, and what they stated with each answer',
  })
  preferences: Record<string, unknown>;

  @ApiProperty(rows('Every email queued for them'))
  emails: Record<string, unknown>[];

  @ApiProperty(rows('Their cases and their timelines'))
  cases: Record<string, unknown>[];
}

/** The answer of an erasure. */
export class ErasedDto {
  @ApiProperty({ enum: ['erased'] })
  status: 'erased';
}
