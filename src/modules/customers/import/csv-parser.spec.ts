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

  it('numbers records after quoted fields spanning lines by the line they start on', () => {
    const text = 'a,b\r\n"one\r\ntwo\nthree",x\r\n\r\n"",\n4,"y\n"\n5,z';
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['one\r\ntwo\nthree', 'x'] },
      { line: 6, fields: ['', ''] },
      { line: 7, fields: ['4', 'y\n'] },
      { line: 9, fields: ['5', 'z'] },
    ];
    expect(parse(text)).toEqual(expected);
    expect(oneByOne(text)).toEqual(expected);
  });

  it('drops blanks after a closing quote, a line of just "", and a CR ending the file', () => {
    expect(parse('"x" \t,"y"\r\n""\n\r\n1,2\r')).toEqual([
      { line: 1, fields: ['x', 'y'] },
      { line: 4, fields: ['1', '2'] },
    ]);
  });

  it('goes on after a bad record at the line break following the fault, even inside quotes', () => {
    // The quote opened after the fault is not read as one: line 2 is a record of its own.
    const text = 'a,b\n"x"y,"open\nb"\n3,4\n';
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: expect.stringContaining('after a closing quote') },
      { line: 3, fields: ['b"'] },
      { line: 4, fields: ['3', '4'] },
    ];
    expect(parse(text)).toEqual(expected);
    expect(oneByOne(text)).toEqual(expected);
  });

  it('counts every character of a record towards the limit, its commas and line break too', () => {
    expect(parse('a,b,c,d,e\n1,2\n', undefined, 9)).toEqual([
      { line: 1, error: expect.stringContaining('longer than 9 characters') },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(parse('a,b,c,d\n', undefined, 9)).toEqual([{ line: 1, fields: ['a', 'b', 'c', 'd'] }]);
  });

  it('reads on after an unclosed quote once the record passes the limit', () => {
    const text = `a,b\n1,"open\n${'x'.repeat(30)}\n2,ok\n`;
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: expect.stringContaining('longer than 20 characters') },
      { line: 4, fields: ['2', 'ok'] },
    ];
    expect(parse(text, [text], 20)).toEqual(expected);
    expect(parse(text, [...text], 20)).toEqual(expected);
  });
});

describe('readCsvRecords', () => {
  it('refuses a quote never closed in a long file at the limit, and reads on after it', async () => {
    const parser = new CsvParser(1000);
    const open = Buffer.from(
      'a,"never closed ' + 'x'.repeat(100_000) + '\n'.repeat(3) + 'y'.repeat(50),
    );
    const chunks = Array.from({ length: open.length / 1000 + 1 }, (_, i) =>
      open.subarray(i * 1000, (i + 1) * 1000),
    );
    const records: CsvRecord[] = [];
    for await (const group of readCsvRecords(Readable.from(chunks), parser)) records.push(...group);
    expect(records).toEqual([
      { line: 1, error: expect.stringContaining('longer than 1000 characters') },
      { line: 4, fields: ['y'.repeat(50)] },
    ]);
  });

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
