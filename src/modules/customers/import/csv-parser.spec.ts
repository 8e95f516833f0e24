import { Readable } from 'node:stream';
import { CsvParser, CsvRecord, readCsvRecords } from './csv-parser';

function parse(text: string, pieces: string[] = [text], maxRecordLength?: number): CsvRecord[] {
  const parser = new CsvParser(maxRecordLength);
  const records: CsvRecord[] = [];
  for (const piece of pieces) parser.push(piece, (record) => records.push(record));
  parser.end((record) => records.push(record));
  return records;
}

/** The same text cut after every character: no record may depend on where chunks end. */
const oneByOne = (text: string) => parse(text, [...text]);

describe('CsvParser', () => {
  const sample =
    '\uFEFFid,email,note\r\n' +
    '1,a@example.com,plain\r\n' +
    '2,"b@example.com","comma, ""quote"" and\r\nline break"\r\n' +
    '\r\n' +
    '3,c@example.com,\n' +
    '4,,"x"  \n';

  it('reads quoted fields, doubled quotes, line breaks in quotes, CRLF and LF, a BOM', () => {
    expect(parse(sample)).toEqual([
      { line: 1, fields: ['id', 'email', 'note'] },
      { line: 2, fields: ['1', 'a@example.com', 'plain'] },
      { line: 3, fields: ['2', 'b@example.com', 'comma, "quote" and\r\nline break'] },
      { line: 6, fields: ['3', 'c@example.com', ''] },
      { line: 7, fields: ['4', '', 'x'] },
    ]);
  });

  it('gives the same records however the text is split', () => {
    expect(oneByOne(sample)).toEqual(parse(sample));
  });

  it('reads a last line without a line break, and ignores empty trailing lines', () => {
    expect(parse('a,b\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(parse('a,b\r\n1,2\r\n\r\n\n')).toHaveLength(2);
    expect(parse('')).toEqual([]);
  });

  it('reports an unterminated quote at the line it starts, after the good lines', () => {
    expect(parse('a,b\n1,2\n3,"open\nmore\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, error: expect.stringContaining('unterminated quote') },
    ]);
  });

  it('reports text after a closing quote and carries on with the next line', () => {
    const text = 'a,b\n"x"y,2\n3,4\n';
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: expect.stringContaining('after a closing quote') },
      { line: 3, fields: ['3', '4'] },
    ];
    expect(parse(text)).toEqual(expected);
    expect(oneByOne(text)).toEqual(expected);
  });

  it('refuses a record longer than the limit and picks up again at the next line', () => {
    const text = `a,b\n1,"${'x'.repeat(50)}\n2,ok\n`;
    expect(parse(text, [text], 20)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: expect.stringContaining('longer than 20 characters') },
      { line: 3, fields: ['2', 'ok'] },
    ]);
  });

  it('keeps a lone quote inside an unquoted field as it is', () => {
    expect(parse('5" screen,x')).toEqual([{ line: 1, fields: ['5" screen', 'x'] }]);
  });
});

describe('readCsvRecords', () => {
  it('decodes UTF-8 split across chunks, BOM included', async () => {
    const bytes = Buffer.from('\uFEFFname,city\nÄnne,Åbo €\n', 'utf8');
    const chunks = [...bytes].map((byte) => Buffer.from([byte]));
    const records: CsvRecord[] = [];
    for await (const group of readCsvRecords(Readable.from(chunks))) records.push(...group);
    expect(records).toEqual([
      { line: 1, fields: ['name', 'city'] },
      { line: 2, fields: ['Änne', 'Åbo €'] },
    ]);
  });
});
