/**
 * `npm run bench:import`: the customer CSV import of a 200,000-line file, read from disk as
 * `customers:import` reads it. First the CSV reader alone (records per second through
 * `readCsvRecords`, no database) against a bare `readline` + `split(',')` over the same file, then
 * the whole import (`CustomerImportService.importCsv`: reader, row checks, batches of 500 upserted
 * in their own transactions) into an empty customers table against the same run's bare loop
 * (`readline`, `split(',')`, one multi-row `INSERT … ON CONFLICT DO UPDATE` per 500 lines, each in
 * a transaction). Prints the rates, their ratios and the peak RSS.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'pg';
import { readCsvRecords } from '../src/modules/customers/import/csv-parser';
import { CustomerImportService } from '../src/modules/customers/import/customer-import.service';
import { benchDatabase, runBench, startBenchApp } from './support';

const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const BATCH = 500;

/** A header and `LINES` customers; every tenth name quoted with a comma, as spreadsheets write it. */
function writeCsv(file: string): void {
  const lines = ['external_id,email,name,locale,plan'];
  for (let i = 1; i <= LINES; i++) {
    const name = i % 10 === 0 ? `"Person, ${i}"` : `Person ${i}`;
    lines.push(`bench-${i},person${i}@example.com,${name},fi,p${i % 7}`);
  }
  writeFileSync(file, lines.join('\r\n') + '\r\n');
}

async function perSecond(lines: number, run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return lines / ((performance.now() - started) / 1000);
}

/** Lines of the file split at commas, the floor of any reader (quoted commas are not honoured). */
async function* bareLines(file: string): AsyncGenerator<string[]> {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity }))
    if (line) yield line.split(',');
}

async function readAll(file: string): Promise<void> {
  let records = 0;
  for await (const group of readCsvRecords(createReadStream(file))) records += group.length;
  if (records !== LINES + 1) throw new Error(`${records} records read`);
}

async function splitAll(file: string): Promise<void> {
  let records = 0;
  for await (const fields of bareLines(file)) records += fields.length > 0 ? 1 : 0;
  if (records !== LINES + 1) throw new Error(`${records} lines split`);
}

async function bareImport(serverUrl: string, file: string): Promise<number> {
  const pool = new Pool({ connectionString: await benchDatabase(serverUrl, 'import_bare') });
  try {
    await pool.query(
      `CREATE TABLE customers (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         external_id text NOT NULL UNIQUE, email text NOT NULL, name text, locale text NOT NULL,
         attributes jsonb NOT NULL DEFAULT '{}')`,
    );
    const write = async (rows: string[][]) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO customers (external_id, email, name, locale, attributes)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])
           ON CONFLICT (external_id) DO UPDATE SET email = excluded.email, name = excluded.name,
             locale = excluded.locale, attributes = excluded.attributes`,
          [0, 1, 2, 3, 4].map((column) =>
            rows.map((row) =>
              column === 4 ? JSON.stringify({ plan: row[row.length - 1] }) : row[column],
            ),
          ),
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    return await perSecond(LINES, async () => {
      let header = true;
      let rows: string[][] = [];
      for await (const fields of bareLines(file)) {
        if (header) header = false;
        else rows.push(fields);
        if (rows.length === BATCH) {
          await write(rows);
          rows = [];
        }
      }
      if (rows.length > 0) await write(rows);
    });
  } finally {
    await pool.end();
  }
}

runBench(async (place) => {
  const file = join(place.dataDir, 'customers.csv');
  writeCsv(file);
  process.stderr.write(`bench:import — ${LINES} lines\n`);
  // Warm-up of both readers, unmeasured, so neither pays for the JIT.
  await readAll(file);
  await splitAll(file);
  const reader = await perSecond(LINES, () => readAll(file));
  const split = await perSecond(LINES, () => splitAll(file));
  process.stderr.write(`  reader ${reader.toFixed(0)} lines/s, bare split ${split.toFixed(0)}\n`);
  const bare = await bareImport(place.serverUrl, file);
  process.stderr.write(`  bare import ${bare.toFixed(0)} lines/s\n`);
  const { app } = await startBenchApp(place, 'import', { ROLE: 'api' });
  try {
    const service = app.get(CustomerImportService);
    let created = 0;
    const candor = await perSecond(LINES, async () => {
      const result = await service.importCsv(createReadStream(file));
      if (result.rejectedCount > 0) throw new Error(`${result.rejectedCount} lines rejected`);
      created = result.created;
    });
    if (created !== LINES) throw new Error(`${created} customers created`);
    console.log(
      JSON.stringify({
        lines: LINES,
        readerPerSecond: Math.round(reader),
        bareSplitPerSecond: Math.round(split),
        readerRatio: Number((reader / split).toFixed(3)),
        candorPerSecond: Math.round(candor),
        baselinePerSecond: Math.round(bare),
        ratio: Number((candor / bare).toFixed(3)),
        peakRssMiB: place.peakRssMiB(),
      }),
    );
  } finally {
    await app.close();
  }
});
