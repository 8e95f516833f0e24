import type { ParsedMail, SimpleParserOptions } from 'mailparser';

/**
 * mailparser's `simpleParser`, loaded with the first email parsed: loading it takes a tenth of a
 * second, which every start would otherwise pay before any mail has come in.
 */
export function parseMail(raw: Buffer, options?: SimpleParserOptions): Promise<ParsedMail> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded late on purpose
  const { simpleParser } = require('mailparser') as typeof import('mailparser');
  return simpleParser(raw, options);
}
