import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * One CSV record, numbered by the file line it starts on (1-based). A record that could not be
 * read carries the reason instead of its fields; the parser carries on with the next line.
 */
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

/** Longer records are refused, so an unclosed quote cannot pull the rest of a file into memory. */
export const MAX_RECORD_LENGTH = 65_536;

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const BOM = 0xfeff;

enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: either the first of `""` or the closing quote. */
  QuoteInQuoted,
  /** After a closing quote; only blanks may come before the comma or line break. */
  AfterQuote,
  /** Discarding the rest of a record already known to be bad. */
  Skip,
}

/**
 * An incremental RFC 4180 reader: quoted fields with commas, `""` and line breaks, CRLF or LF line
 * ends, a UTF-8 byte order mark, blank lines (ignored). Text may arrive split anywhere; only the
 * record being read is held in memory.
 */
export class CsvParser {
  private line = 1;
  private recordLine = 1;
  private fields: string[] = [];
  private field = '';
  private state = State.FieldStart;
  private recordLength = 0;
  private error: string | undefined;
  private started = false;

  constructor(private readonly maxRecordLength = MAX_RECORD_LENGTH) {}

  /** Reads the next piece of text, calling `emit` for every record it completes. */
  push(text: string, emit: (record: CsvRecord) => void): void {
    let i = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) i = 1;
    }
    let runStart = i;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.state !== State.Skip && ++this.recordLength > this.maxRecordLength) {
        this.fail(
          `line is longer than ${this.maxRecordLength} characters; is a closing quote missing?`,
        );
      }
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            runStart = i + 1;
          } else if (c === COMMA) {
            this.fields.push('');
          } else if (c === LF) {
            this.fields.push('');
            this.endRecord(emit);
          } else {
            this.state = State.Unquoted;
            runStart = i;
          }
          break;
        case State.Unquoted:
          if (c === COMMA) {
            this.fields.push(this.field + text.slice(runStart, i));
            this.field = '';
            this.state = State.FieldStart;
          } else if (c === LF) {
            this.fields.push(withoutTrailingCr(this.field + text.slice(runStart, i)));
            this.field = '';
            this.endRecord(emit);
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            this.field += text.slice(runStart, i);
            this.state = State.QuoteInQuoted;
          } else if (c === LF) {
            this.line += 1;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            runStart = i + 1;
          } else {
            this.state = State.AfterQuote;
            this.afterQuote(c, emit);
          }
          break;
        case State.AfterQuote:
          this.afterQuote(c, emit);
          break;
        case State.Skip:
          if (c === LF) this.endRecord(emit);
          break;
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) {
      this.field += text.slice(runStart);
    }
  }

  /** The end of the text: completes a last line without a line break, or reports an open quote. */
  end(emit: (record: CsvRecord) => void): void {
    switch (this.state) {
      case State.FieldStart:
        if (this.fields.length === 0) return;
        this.fields.push('');
        break;
      case State.Unquoted:
        this.fields.push(withoutTrailingCr(this.field));
        break;
      case State.Quoted:
        this.fail('unterminated quote: a quoted field is never closed');
        break;
      case State.QuoteInQuoted:
      case State.AfterQuote:
        this.fields.push(this.field);
        break;
      case State.Skip:
        break;
    }
    this.endRecord(emit);
  }

  private afterQuote(c: number, emit: (record: CsvRecord) => void): void {
    if (c === COMMA) {
      this.fields.push(this.field);
      this.field = '';
      this.state = State.FieldStart;
    } else if (c === LF) {
      this.fields.push(this.field);
      this.field = '';
      this.endRecord(emit);
    } else if (c !== SPACE && c !== TAB && c !== CR) {
      this.fail('unexpected text after a closing quote; quotes inside a field must be doubled');
    }
  }

  /** Marks the current record bad and drops what was read of it. */
  private fail(reason: string): void {
    this.error ??= reason;
    this.fields = [];
    this.field = '';
    this.state = State.Skip;
  }

  private endRecord(emit: (record: CsvRecord) => void): void {
    const blank = this.fields.length === 1 && this.fields[0] === '';
    if (this.error !== undefined) emit({ line: this.recordLine, error: this.error });
    else if (!blank) emit({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.field = '';
    this.error = undefined;
    this.state = State.FieldStart;
    this.recordLength = 0;
    this.line += 1;
    this.recordLine = this.line;
  }
}

function withoutTrailingCr(value: string): string {
  return value.charCodeAt(value.length - 1) === CR ? value.slice(0, -1) : value;
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
  const decoder = new StringDecoder('utf8');
  let records: CsvRecord[] = [];
  const emit = (record: CsvRecord) => records.push(record);
  for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<
    Buffer | string
  >) {
    parser.push(typeof chunk === 'string' ? chunk : decoder.write(chunk), emit);
    if (records.length > 0) {
      yield records;
      records = [];
    }
  }
  parser.push(decoder.end(), emit);
  parser.end(emit);
  if (records.length > 0) yield records;
}
