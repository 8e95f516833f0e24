import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { EntityManager, Repository } from 'typeorm';
import { Customer } from '../customer.entity';
import { readCsvRecords } from './csv-parser';
import { CsvColumns, CustomerRow, readCustomerRow, readHeader } from './customer-csv-rows';
import { emptyCsvFile, invalidCsvHeader } from './customer-import.errors';
import type { CustomerImportResultDto, RejectedLineDto } from './customer-import.dto';

export interface CustomerImportOptions {
  /** Lines per transaction; memory use grows with it, not with the file. */
  batchSize?: number;
  /** How many rejected lines are listed; all of them are counted. */
  maxRejected?: number;
  /** Called as lines are read, with the number of data lines so far. */
  onProgress?: (processedLines: number) => void;
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_MAX_REJECTED = 1000;

@Injectable()
export class CustomerImportService {
  constructor(@InjectRepository(Customer) private readonly customers: Repository<Customer>) {}

  /**
   * Upserts the customers of a CSV stream batch by batch, each batch in its own transaction, so
   * bad lines are reported without stopping the good ones and a large file never sits in memory.
   * A later line for the same external id wins, except where its cell is empty (as with PUT).
   * Throws (400) only when the header is unusable.
   */
  async importCsv(
    stream: Readable,
    options: CustomerImportOptions = {},
  ): Promise<CustomerImportResultDto> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const maxRejected = options.maxRejected ?? DEFAULT_MAX_REJECTED;
    const result: CustomerImportResultDto = {
      created: 0,
      updated: 0,
      rejected: [],
      rejectedCount: 0,
    };
    const reject = (rejection: RejectedLineDto) => {
      result.rejectedCount += 1;
      if (result.rejected.length < maxRejected) result.rejected.push(rejection);
    };

    let columns: CsvColumns | undefined;
    let processed = 0;
    // Keyed by external id: a later line of the same batch is merged into the earlier one.
    let batch = new Map<string, CustomerRow>();
    let batchLines = 0;
    const flush = async () => {
      if (batchLines === 0) return;
      const created = await this.writeBatch([...batch.values()]);
      result.created += created;
      // Lines folded into a later one of the same batch count as updates, as if run one by one.
      result.updated += batchLines - created;
      batch = new Map();
      batchLines = 0;
    };

    for await (const records of readCsvRecords(stream)) {
      for (const record of records) {
        if (!columns) {
          const header = readHeader(record);
          if ('problem' in header) throw invalidCsvHeader(header.problem);
          columns = header;
          continue;
        }
        processed += 1;
        const outcome = readCustomerRow(columns, record);
        if ('reason' in outcome) {
          reject({ line: record.line, reason: outcome.reason });
          continue;
        }
        const { row } = outcome;
        batch.set(row.externalId, mergeRows(batch.get(row.externalId), row));
        batchLines += 1;
        if (batchLines >= batchSize) await flush();
      }
      options.onProgress?.(processed);
    }
    if (!columns) throw emptyCsvFile();
    await flush();
    options.onProgress?.(processed);
    return result;
  }

  /**
   * Inserts the new customers and updates the known ones in one transaction; returns how many
   * were new. Insert-or-skip then update (rather than one ON CONFLICT DO UPDATE) so that an empty
   * cell keeps the stored value exactly as `upsertCustomer` does, while a new customer gets the
   * defaults. Rows go in external-id order so concurrent imports lock in the same order.
   */
  private writeBatch(rows: CustomerRow[]): Promise<number> {
    rows.sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
    return this.customers.manager.transaction(async (manager) => {
      const inserted = await manager.query<{ external_id: string }[]>(
        `INSERT INTO customers (external_id, email, name, locale, attributes)
         SELECT t.external_id, t.email, t.name, COALESCE(t.locale, 'en'),
                COALESCE(t.attributes::jsonb, '{}'::jsonb)
         FROM ${ROWS} AS t(external_id, email, name, locale, attributes)
         ON CONFLICT (external_id) DO NOTHING
         RETURNING external_id`,
        columnsOf(rows),
      );
      const created = new Set(inserted.map((row) => row.external_id));
      const known = rows.filter((row) => !created.has(row.externalId));
      if (known.length > 0) await updateKnown(manager, known);
      return created.size;
    });
  }
}

/** Two lines for one customer, as if upserted one after the other: the later line's cells win. */
function mergeRows(earlier: CustomerRow | undefined, later: CustomerRow): CustomerRow {
  if (!earlier) return later;
  return {
    externalId: later.externalId,
    email: later.email,
    name: later.name ?? earlier.name,
    locale: later.locale ?? earlier.locale,
    attributes: later.attributes ?? earlier.attributes,
  };
}

const ROWS = 'unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])';

function updateKnown(manager: EntityManager, rows: CustomerRow[]): Promise<unknown> {
  return manager.query(
    `UPDATE customers AS c SET
       email = t.email,
       name = COALESCE(t.name, c.name),
       locale = COALESCE(t.locale, c.locale),
       attributes = COALESCE(t.attributes::jsonb, c.attributes),
       updated_at = now()
     FROM ${ROWS} AS t(external_id, email, name, locale, attributes)
     WHERE c.external_id = t.external_id`,
    columnsOf(rows),
  );
}

/** The rows as one array per column, for `unnest`. */
function columnsOf(rows: CustomerRow[]): (string | null)[][] {
  return [
    rows.map((row) => row.externalId),
    rows.map((row) => row.email),
    rows.map((row) => row.name),
    rows.map((row) => row.locale),
    rows.map((row) => (row.attributes ? JSON.stringify(row.attributes) : null)),
  ];
}
