import type { INestApplicationContext } from '@nestjs/common';
import { accessSync, constants, createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { CustomerImportResultDto } from './customer-import.dto';
import { unreadableCsvFile } from './customer-import.errors';
import { CustomerImportService } from './customer-import.service';

const LISTED_REJECTIONS = 100;

/**
 * `customers:import FILE`: checks the file before anything boots, then streams it through the
 * importer, with a progress line on stderr when that is a terminal.
 */
export function importCustomersCommand(
  file: string,
  progressOut: NodeJS.WriteStream = process.stderr,
): (app: INestApplicationContext) => Promise<string[]> {
  assertReadableFile(file);
  return async (app) => {
    const started = performance.now();
    const progress = progressOut.isTTY ? new ProgressLine(progressOut, started) : undefined;
    const stream = createReadStream(file);
    try {
      const result = await app
        .get(CustomerImportService)
        .importCsv(stream, { onProgress: (lines) => progress?.show(lines) });
      return importSummary(basename(file), result, performance.now() - started);
    } finally {
      progress?.finish();
      stream.destroy();
    }
  };
}

/** The summary line, then the rejected lines (the first hundred). */
export function importSummary(
  name: string,
  result: CustomerImportResultDto,
  elapsedMs: number,
): string[] {
  const lines = result.created + result.updated + result.rejectedCount;
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(lines / seconds) : lines;
  const summary =
    `Imported ${name}: ${lines} lines, ${result.created} created, ${result.updated} updated, ` +
    `${result.rejectedCount} rejected (${seconds.toFixed(1)} s, ${rate} lines/s).`;
  const listed = result.rejected.slice(0, LISTED_REJECTIONS);
  const more = result.rejectedCount - listed.length;
  return [
    summary,
    ...listed.map(({ line, reason }) => `line ${line}: ${reason}`),
    ...(more > 0 ? [`… and ${more} more`] : []),
  ];
}

function assertReadableFile(file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
    if (isFile) accessSync(file, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw unreadableCsvFile(
      code === 'ENOENT'
        ? `No such file: ${file}`
        : `Cannot read ${file} (${code ?? 'unknown error'}).`,
    );
  }
  if (!isFile) throw unreadableCsvFile(`${file} is not a file.`);
}

/** One carriage-return line: lines read and lines per second, redrawn at most five times a second. */
class ProgressLine {
  private lastDrawn = 0;
  private visible = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly started: number,
  ) {}

  show(lines: number): void {
    const now = performance.now();
    if (now - this.lastDrawn < 200) return;
    this.lastDrawn = now;
    const rate = Math.round(lines / Math.max((now - this.started) / 1000, 0.001));
    this.out.write(`\r\x1b[KImporting: ${lines} lines, ${rate} lines/s`);
    this.visible = true;
  }

  finish(): void {
    if (this.visible) this.out.write('\r\x1b[K');
    this.visible = false;
  }
}
