import { CsvError, Parser } from 'csv-parse';
import type { Readable } from 'node:stream';

/**
 * One CSV record, numbered by the file line it starts on (1-based). A record that could not be
 * read carries the reason instead of its fields; the reader carries on with the next line.
 */
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

/** Longer records are refused, so an unclosed quote cannot pull the rest of a file into memory. */
export const MAX_RECORD_LENGTH = 65_536;

const LF = 0x0a;
const CR = 0x0d;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const tooLong = (max: number) =>
  `line is longer than ${max} characters; is a closing quote missing?`;
const UNTERMINATED = 'unterminated quote: a quoted field is never closed';
const TEXT_AFTER_QUOTE =
  'unexpected text after a closing quote; quotes inside a field must be doubled';

/**
 * RFC 4180 records of UTF-8 bytes, read by csv-parse: quoted fields with commas, `""` and line
 * breaks, CRLF or LF line ends, a UTF-8 byte order mark, blank lines (ignored). Bytes may arrive
 * split anywhere; only the record being read is held in memory.
 *
 * Around csv-parse this keeps what the importer promises. Lines are counted here, from each
 * record's bytes (csv-parse counts a CRLF as two). A bad record is reported and reading goes on at
 * the line after the fault: csv-parse either stops at its first error or, skipping, loses its
 * place, so a fresh parser reads on from there. `relax_quotes` keeps a lone quote inside an
 * unquoted field (`5" screen`) but also reads text after a closing quote into the field, so a
 * record with a field that still starts with a quote is read again by `readRecord`, as are bad
 * ones. The limit counts a record's every character; csv-parse's own, looser, only stops a record
 * that never ends.
 */
export class CsvParser {
  private parser: Parser;
  /** The bytes given to `parser` since the end of its last record: the record being read. */
  private pending: Buffer[] = [];
  /** Where `pending` starts in `parser`'s input (csv-parse's `info.bytes` count from there). */
  private pendingStart = 0;
  /** The line on which `pending` starts. */
  private line = 1;
  /** A record of the last write is bad: it is reported, and what follows it read again. */
  private failed = false;
  /** After a bad record: the rest of the line where it went wrong is dropped. */
  private skippingLine = false;
  /** The first bytes, held until it is known whether they are a byte order mark. */
  private head: Buffer | undefined = Buffer.alloc(0);
  private emit: (record: CsvRecord) => void = () => undefined;

  constructor(private readonly maxRecordLength = MAX_RECORD_LENGTH) {
    this.parser = this.newParser();
  }

  /** Reads the next piece of input, calling `emit` for every record it completes. */
  push(input: Buffer | string, emit: (record: CsvRecord) => void): void {
    this.emit = emit;
    let bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    if (this.head) {
      bytes = Buffer.concat([this.head, bytes]);
      if (bytes.length < UTF8_BOM.length && UTF8_BOM.subarray(0, bytes.length).equals(bytes)) {
        this.head = bytes;
        return;
      }
      this.head = undefined;
      if (bytes.subarray(0, UTF8_BOM.length).equals(UTF8_BOM)) {
        bytes = bytes.subarray(UTF8_BOM.length);
      }
    }
    this.feed(bytes);
  }

  /** The end of the input: completes a last line without a line break, or reports an open quote. */
  end(emit: (record: CsvRecord) => void): void {
    this.emit = emit;
    if (this.head) {
      const head = this.head;
      this.head = undefined;
      this.feed(head);
    }
    // After a bad record a fresh parser may have the rest of the input, and must end too.
    while (!this.skippingLine && !this.parser.writableEnded) {
      this.parser.end();
      this.recover();
    }
  }

  private newParser(): Parser {
    const parser = new Parser({
      bom: false,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n'],
      // In bytes of field content: 4 × the limit in characters can only be passed by a record
      // that is too long anyway, and bounds the memory of one that never ends.
      max_record_size: 4 * this.maxRecordLength,
      on_record: this.onRecord,
    });
    // Its errors are read from `errored` right after each write; the event would come too late.
    parser.on('error', () => undefined);
    return parser;
  }

  private feed(bytes: Buffer): void {
    if (this.skippingLine) {
      const lf = bytes.indexOf(LF);
      if (lf === -1) return;
      this.skippingLine = false;
      this.line += 1;
      this.parser = this.newParser();
      bytes = bytes.subarray(lf + 1);
    }
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.parser.write(bytes);
    this.recover();
  }

  private readonly onRecord = (fields: string[], info: { bytes: number }): null => {
    if (this.failed) return null;
    const length = info.bytes - this.pendingStart;
    const bytes = this.peek(length);
    const start = contentStart(bytes);
    const suspect =
      bytes.length - start > this.maxRecordLength ||
      bytes[bytes.length - 1] === CR ||
      fields.some((field) => field.startsWith('"'));
    if (suspect) {
      const read = readRecord(bytes.toString('utf8', start), this.maxRecordLength);
      if (!('fields' in read)) {
        this.failed = true;
        return null;
      }
      fields = read.fields;
    }
    this.drop(length);
    this.pendingStart = info.bytes;
    const line = this.line + countLf(bytes, 0, start);
    this.line += countLf(bytes, 0, bytes.length);
    if (!(fields.length === 1 && fields[0] === '')) this.emit({ line, fields });
    return null;
  };

  /**
   * After a write or the end, when a record was bad (or csv-parse stopped): reports it at its
   * first fault and reads on after the next line break from there, as the rules read it.
   */
  private recover(): void {
    const error = this.parser.errored;
    if (!this.failed && !error) return;
    const readable =
      error instanceof CsvError &&
      (error.code === 'CSV_MAX_RECORD_SIZE' || error.code === 'CSV_QUOTE_NOT_CLOSED');
    if (error && !readable) throw error;
    this.failed = false;
    const bytes = Buffer.concat(this.pending);
    const start = contentStart(bytes);
    const text = bytes.toString('utf8', start);
    const read = readRecord(text, this.maxRecordLength);
    if ('fields' in read) throw new Error('CSV reader: a record csv-parse refused reads well');
    this.emit({ line: this.line + countLf(bytes, 0, start), error: read.reason });
    const fault = start + Buffer.byteLength(text.slice(0, read.index));
    const lf = bytes.indexOf(LF, fault);
    this.line += countLf(bytes, 0, lf === -1 ? bytes.length : lf);
    this.pending = [];
    this.pendingStart = 0;
    this.skippingLine = true;
    if (lf !== -1) this.feed(bytes.subarray(lf));
  }

  /** The first `length` bytes of `pending`. */
  private peek(length: number): Buffer {
    const first = this.pending[0];
    return first.length >= length
      ? first.subarray(0, length)
      : Buffer.concat(this.pending).subarray(0, length);
  }

  private drop(length: number): void {
    while (length > 0) {
      const first = this.pending[0];
      if (first.length > length) {
        this.pending[0] = first.subarray(length);
        return;
      }
      this.pending.shift();
      length -= first.length;
    }
  }
}

/** Where a record's text starts, after the blank lines (LF or CRLF) csv-parse skipped before it. */
function contentStart(bytes: Buffer): number {
  let i = 0;
  for (;;) {
    if (bytes[i] === LF) i += 1;
    else if (bytes[i] === CR && bytes[i + 1] === LF) i += 2;
    else return i;
  }
}

function countLf(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let i = bytes.indexOf(LF, from); i !== -1 && i < to; i = bytes.indexOf(LF, i + 1)) count++;
  return count;
}

type ReadRecord = { fields: string[] } | { index: number; reason: string };

/**
 * Reads the first record of `text` by the rules, for the few records csv-parse's relaxed quotes
 * may have read otherwise: after a closing quote only blanks (dropped) may come before the comma or
 * line break. Answers its fields, or where (index in `text`) and why it cannot be read. Every
 * character counts towards the limit, the record's line break too.
 */
function readRecord(text: string, maxLength: number): ReadRecord {
  const read = readFields(text);
  const reach = 'fields' in read ? read.end : Math.min(read.index + 1, text.length);
  if (reach > maxLength) return { index: maxLength, reason: tooLong(maxLength) };
  return 'fields' in read ? { fields: read.fields } : read;
}

function readFields(
  text: string,
): { fields: string[]; end: number } | { index: number; reason: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field: string;
    if (text[i] === '"') {
      field = '';
      let from = i + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close === -1) return { index: text.length, reason: UNTERMINATED };
        field += text.slice(from, close);
        if (text[close + 1] !== '"') {
          i = close + 1;
          break;
        }
        field += '"';
        from = close + 2;
      }
      for (; i < text.length && text[i] !== ',' && text[i] !== '\n'; i++) {
        if (text[i] !== ' ' && text[i] !== '\t' && text[i] !== '\r') {
          return { index: i, reason: TEXT_AFTER_QUOTE };
        }
      }
    } else {
      let stop = i;
      while (stop < text.length && text[stop] !== ',' && text[stop] !== '\n') stop++;
      field = text.slice(i, stop);
      // A CR before the line break (or the end) belongs to a CRLF, not to the field.
      if (text[stop] !== ',' && field.endsWith('\r')) field = field.slice(0, -1);
      i = stop;
    }
    fields.push(field);
    if (i >= text.length) return { fields, end: text.length };
    if (text[i] === '\n') return { fields, end: i + 1 };
    i += 1;
  }
}

/**
 * The records of a UTF-8 CSV stream, in groups as they arrive. Reading pauses while the consumer
 * works on a group, so memory stays bounded by one chunk of the stream. Stopping early leaves the
 * stream open for its owner: destroying an HTTP request half-read would drop the connection
 * before the error response reaches the client.
 */
export async function* readCsvRecords(
  stream: Readable,
  parser = new CsvParser(),
): AsyncGenerator<CsvRecord[]> {
  let records: CsvRecord[] = [];
  const emit = (record: CsvRecord) => records.push(record);
  for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<
    Buffer | string
  >) {
    parser.push(chunk, emit);
    if (records.length > 0) {
      yield records;
      records = [];
    }
  }
  parser.end(emit);
  if (records.length > 0) yield records;
}
