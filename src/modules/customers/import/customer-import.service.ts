import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { Repository } from 'typeorm';
import { Customer } from '../customer.entity';
import { readCsvRecords } from './csv-parser';
import { type CustomerRow, mergeCustomerRows, upsertCustomerRows } from '../customer-rows';
import { CsvColumns, readCustomerRow, readHeader } from './customer-csv-rows';
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
        batch.set(row.externalId, mergeCustomerRows(batch.get(row.externalId), row));
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

  /** One transaction per batch; returns how many customers were new. */
  private async writeBatch(rows: CustomerRow[]): Promise<number> {
    const upserted = await this.customers.manager.transaction((manager) =>
      upsertCustomerRows(manager, rows),
    );
    return [...upserted.values()].filter((customer) => customer.created).length;
  }
}
