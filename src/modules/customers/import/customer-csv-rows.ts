import { isDeliverableAddress, normaliseEmail } from '../../../common/validation/email';
import { ExternalIdPipe } from '../../../common/validation/external-id.pipe';
import { LOCALE_PATTERN } from '../dto/customer.dto';
import type { CsvRecord } from './csv-parser';
import type { CustomerRow } from '../customer-rows';

/** Where each known column sits in the file; every other column becomes an attribute. */
export interface CsvColumns {
  count: number;
  externalId: number;
  email: number;
  name?: number;
  locale?: number;
  attributes: { index: number; key: string }[];
}

/** One good line, ready to upsert. `null` keeps what is stored (or the default for a new customer). */
export const REQUIRED_HEADER_HINT =
  'the first line must be a header naming the columns, such as external_id,email,name,locale';

/** Reads the header row, or says in a sentence why it is not one. */
export function readHeader(record: CsvRecord): CsvColumns | { problem: string } {
  if ('error' in record) {
    return { problem: `The header row of the CSV file cannot be read (${record.error}).` };
  }
  const names = record.fields.map((field) => field.trim());
  const seen = new Map<string, number>();
  for (const [index, name] of names.entries()) {
    if (!name) {
      return {
        problem: `Column ${index + 1} of the CSV header has no name; ${REQUIRED_HEADER_HINT}.`,
      };
    }
    const key = name.toLowerCase();
    if (seen.has(key)) return { problem: `The CSV header names the column "${name}" twice.` };
    seen.set(key, index);
  }
  const missing = ['external_id', 'email'].filter((name) => !seen.has(name));
  if (missing.length > 0) {
    return {
      problem: `The CSV file has no ${missing.join(' or ')} column; ${REQUIRED_HEADER_HINT}.`,
    };
  }
  const known = new Set(['external_id', 'email', 'name', 'locale']);
  return {
    count: names.length,
    externalId: seen.get('external_id')!,
    email: seen.get('email')!,
    name: seen.get('name'),
    locale: seen.get('locale'),
    attributes: names.flatMap((key, index) =>
      known.has(key.toLowerCase()) ? [] : [{ index, key }],
    ),
  };
}

const externalIds = new ExternalIdPipe();

/** Checks one data line with the same rules as `PUT /customers/{externalId}`. */
export function readCustomerRow(
  columns: CsvColumns,
  record: CsvRecord,
): { row: CustomerRow } | { reason: string } {
  if ('error' in record) return { reason: record.error };
  const { fields } = record;
  if (fields.length !== columns.count) {
    return {
      reason: `wrong number of fields: expected ${columns.count}, found ${fields.length}`,
    };
  }
  if (fields.some((field) => field.includes('\uFFFD'))) {
    return { reason: 'not valid UTF-8 text; save the file as CSV UTF-8' };
  }

  const externalId = fields[columns.externalId].trim();
  if (!externalId) return { reason: 'missing external id' };
  if (!isExternalId(externalId)) {
    return { reason: 'external id must be 1 to 200 visible characters without spaces' };
  }
  const email = normaliseEmail(fields[columns.email]);
  if (!email) return { reason: 'missing email address' };
  if (!isDeliverableAddress(email)) return { reason: 'invalid email address' };
  const name = optional(fields, columns.name);
  if (name !== null && name.length > 200) return { reason: 'name is longer than 200 characters' };
  const locale = optional(fields, columns.locale);
  if (locale !== null && !LOCALE_PATTERN.test(locale)) {
    return { reason: 'bad locale: must be a language tag such as en or fi-FI' };
  }

  let attributes: Record<string, string> | null = null;
  if (columns.attributes.length > 0) {
    attributes = {};
    // Empty cells are left out rather than stored as empty strings.
    for (const { index, key } of columns.attributes) {
      if (fields[index].trim()) attributes[key] = fields[index];
    }
  }
  return { row: { externalId, email, name, locale, attributes } };
}

/** A trimmed cell, or null when the column is absent or the cell empty. */
function optional(fields: string[], index: number | undefined): string | null {
  if (index === undefined) return null;
  return fields[index].trim() || null;
}

function isExternalId(value: string): boolean {
  try {
    externalIds.transform(value);
    return true;
  } catch {
    return false;
  }
}
