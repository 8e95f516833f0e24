import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { runCli } from '../../src/cli';
import { importCustomersCommand } from '../../src/modules/customers/import/customer-import.command';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/factories';

const IMPORT = '/api/v1/customers/import';

interface StoredCustomer {
  external_id: string;
  email: string;
  name: string | null;
  locale: string;
  attributes: Record<string, string>;
}

/** A file with every kind of line: the good, the quoted, the bad (line numbers in comments). */
const MIXED_CSV =
  '\uFEFF' +
  [
    'External_ID,EMAIL,Name,Locale,Tier,Notes', // 1
    'c-1,Ann@Example.com,Ann Smith,fi,gold,', // 2
    'c-2,"bob@example.com","Smith, Bob",en-GB,silver,"said ""hi"""', // 3
    'c-3,carol@example.com,Carol,sv,,"multi\nline\nnote"', // 4–6
    'c-4,not-an-email,Dan,fi,,', // 7
    ',eve@example.com,Eve,en,,', // 8
    'c-6,frank@example.com,Frank,english please,,', // 9
    'c-7,gina@example.com', // 10
    '', // 11
    'c-8,hank@example.com,Hank,,,', // 12
    'c-1,ann.smith@example.com,,,platinum,', // 13: the same customer again, last wins
    'c-9,"ivy@example.com"x,Ivy,fi,,', // 14
    'c-10,"jo@example.com,Jo,fi,,', // 15: the quote never closes
  ].join('\r\n') +
  '\r\n';

const MIXED_REJECTIONS = [
  { line: 7, reason: 'invalid email address' },
  { line: 8, reason: 'missing external id' },
  { line: 9, reason: 'bad locale: must be a language tag such as en or fi-FI' },
  { line: 10, reason: 'wrong number of fields: expected 6, found 2' },
  { line: 14, reason: expect.stringContaining('unexpected text after a closing quote') },
  { line: 15, reason: expect.stringContaining('unterminated quote') },
];

describe('customer CSV import', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let db: DataSource;
  const stored = async (...externalIds: string[]): Promise<StoredCustomer[]> =>
    db.query(
      `SELECT external_id, email, name, locale, attributes FROM customers
       WHERE external_id = ANY($1) ORDER BY external_id`,
      [externalIds],
    );
  const postCsv = (csv: string, type = 'text/csv') =>
    t.http().post(IMPORT).set(auth).set('content-type', type).send(csv);

  beforeAll(async () => {
    t = await startTestApp();
    auth = { authorization: `Bearer ${await createApiKey(t.app)}` };
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('stores the good lines and reports each bad one with its line number and reason', async () => {
    const response = await postCsv(MIXED_CSV).expect(200);
    expect(response.body).toEqual({
      created: 4,
      updated: 1,
      rejected: MIXED_REJECTIONS,
      rejectedCount: MIXED_REJECTIONS.length,
    });

    expect(await stored('c-1', 'c-2', 'c-3', 'c-8')).toEqual([
      // Line 13 won: new email and attributes; its empty name and locale kept line 2's.
      {
        external_id: 'c-1',
        email: 'ann.smith@example.com',
        name: 'Ann Smith',
        locale: 'fi',
        attributes: { Tier: 'platinum' },
      },
      {
        external_id: 'c-2',
        email: 'bob@example.com',
        name: 'Smith, Bob',
        locale: 'en-GB',
        attributes: { Tier: 'silver', Notes: 'said "hi"' },
      },
      {
        external_id: 'c-3',
        email: 'carol@example.com',
        name: 'Carol',
        locale: 'sv',
        attributes: { Notes: 'multi\nline\nnote' },
      },
      {
        external_id: 'c-8',
        email: 'hank@example.com',
        name: 'Hank',
        locale: 'en',
        attributes: {},
      },
    ]);
    expect(await stored('c-4', 'c-6', 'c-7', 'c-9', 'c-10')).toEqual([]);

    const again = await postCsv(MIXED_CSV).expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 5, rejectedCount: 6 });
  });

  it('updates customers known before, keeping what an empty cell or missing column leaves out', async () => {
    await t
      .http()
      .put('/api/v1/customers/known-1')
      .set(auth)
      .send({ email: 'old@example.com', name: 'Known', locale: 'fi', attributes: { tier: 'gold' } })
      .expect(201);
    const response = await postCsv(
      'email,external_id,name\nNEW@example.com,known-1,\nfresh@example.com,fresh-1,Fresh\n',
    ).expect(200);
    expect(response.body).toEqual({ created: 1, updated: 1, rejected: [], rejectedCount: 0 });
    expect(await stored('fresh-1', 'known-1')).toEqual([
      {
        external_id: 'fresh-1',
        email: 'fresh@example.com',
        name: 'Fresh',
        locale: 'en',
        attributes: {},
      },
      {
        external_id: 'known-1',
        email: 'new@example.com',
        name: 'Known',
        locale: 'fi',
        attributes: { tier: 'gold' },
      },
    ]);
  });

  it('answers 415 to anything but text/csv, and refuses text/csv on the JSON routes', async () => {
    const json = await postCsv('{}', 'application/json').expect(415);
    expect(json.body).toMatchObject({
      statusCode: 415,
      code: 'unsupported_media_type',
      message: expect.stringContaining('text/csv'),
      requestId: expect.any(String),
    });
    const plain = await postCsv('external_id,email\n', 'text/plain').expect(415);
    expect(plain.body).toMatchObject({ statusCode: 415, code: 'unsupported_media_type' });

    const csvToJsonRoute = await t
      .http()
      .put('/api/v1/customers/c-1')
      .set(auth)
      .set('content-type', 'text/csv')
      .send('email\nann@example.com\n')
      .expect(415);
    expect(csvToJsonRoute.body).toMatchObject({ code: 'unsupported_media_type' });

    await t
      .http()
      .post(IMPORT)
      .set('content-type', 'text/csv')
      .send('external_id,email\nx,x@example.com\n')
      .expect(401);
    expect(await stored('x')).toEqual([]);
  });

  it.each([
    ['no header row', 'c-1,ann@example.com\n', 'no external_id or email column'],
    ['no email column', 'external_id,mail\nc-1,ann@example.com\n', 'no email column'],
    ['an empty file', '', 'The CSV file is empty'],
    ['a column named twice', 'external_id,email,Email\n', 'names the column "Email" twice'],
  ])('answers 400 with a sentence to %s', async (_label, csv, message) => {
    const response = await postCsv(csv).expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      code: 'invalid_csv_header',
      message: expect.stringContaining(message),
    });
    expect(response.body.message).toMatch(/\.$/);
  });

  it('streams a 50,000-line file through the API and stores every row', async () => {
    const total = 50_000;
    function* lines() {
      yield 'external_id,email,name,locale,plan\n';
      for (let i = 1; i <= total; i++)
        yield `bulk-${i},person${i}@example.com,Person ${i},fi,p${i % 7}\n`;
    }
    const started = performance.now();
    const response = await streamTo(IMPORT, Readable.from(lines()));
    const seconds = (performance.now() - started) / 1000;
    expect(response).toEqual({
      status: 200,
      body: { created: total, updated: 0, rejected: [], rejectedCount: 0 },
    });
    expect(seconds).toBeLessThan(20);
    const [{ count }] = await db.query<{ count: string }[]>(
      `SELECT count(*) FROM customers WHERE external_id LIKE 'bulk-%'`,
    );
    expect(Number(count)).toBe(total);
    expect(await stored(`bulk-${total}`)).toEqual([
      {
        external_id: `bulk-${total}`,
        email: `person${total}@example.com`,
        name: `Person ${total}`,
        locale: 'fi',
        attributes: { plan: `p${total % 7}` },
      },
    ]);
  });

  it('answers 413 at once when the declared size is over the limit', async () => {
    const response = await streamTo(IMPORT, undefined, {
      'content-length': String(101 * 1024 * 1024),
    });
    expect(response).toMatchObject({
      status: 413,
      body: { code: 'payload_too_large', message: expect.stringContaining('100 MiB') },
    });
  });

  describe('npm run cli -- customers:import FILE', () => {
    let dir: string;
    let env: NodeJS.ProcessEnv;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'candor-import-'));
      env = {
        NODE_ENV: 'test',
        DATABASE_URL: t.databaseUrl,
        TOKEN_SECRET: t.config.tokenSecret,
        SESSION_SECRET: t.config.sessionSecret,
      };
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('prints a summary, then the first hundred rejected lines and how many more', async () => {
      const file = join(dir, 'customers.csv');
      const bad = Array.from({ length: 105 }, (_, i) => `,nobody${i}@example.com`);
      writeFileSync(
        file,
        ['external_id,email', 'cli-1,one@example.com', 'cli-2,two@example.com', ...bad, ''].join(
          '\n',
        ),
      );
      const lines = await runCli(['customers:import', file], env);
      expect(lines[0]).toMatch(
        /^Imported customers\.csv: 107 lines, 2 created, 0 updated, 105 rejected \(\d+\.\d s, \d+ lines\/s\)\.$/,
      );
      expect(lines.slice(1, 3)).toEqual([
        'line 4: missing external id',
        'line 5: missing external id',
      ]);
      expect(lines).toHaveLength(1 + 100 + 1);
      expect(lines.at(-2)).toBe('line 103: missing external id');
      expect(lines.at(-1)).toBe('… and 5 more');
      expect((await stored('cli-1', 'cli-2')).map((c) => c.email)).toEqual([
        'one@example.com',
        'two@example.com',
      ]);
    });

    it('draws a progress line when stderr is a terminal, and clears it at the end', async () => {
      const file = join(dir, 'progress.csv');
      writeFileSync(file, 'external_id,email\np-1,p1@example.com\np-2,p2@example.com\n');
      const writes: string[] = [];
      const terminal = {
        isTTY: true,
        write: (text: string) => writes.push(text) > 0,
      } as unknown as NodeJS.WriteStream;
      const lines = await importCustomersCommand(file, terminal)(t.app);
      expect(lines).toEqual([expect.stringMatching(/^Imported progress\.csv: 2 lines, 2 created/)]);
      expect(writes[0].startsWith('\r\x1b[K')).toBe(true);
      expect(writes[0]).toMatch(/Importing: \d+ lines, \d+ lines\/s$/);
      expect(writes.at(-1)).toBe('\r\x1b[K');
    });

    it('refuses a missing file in one line, before connecting to anything', async () => {
      await expect(runCli(['customers:import', join(dir, 'nope.csv')], env)).rejects.toThrow(
        `No such file: ${join(dir, 'nope.csv')}`,
      );
      await expect(runCli(['customers:import'], env)).rejects.toThrow(
        'customers:import takes one CSV file',
      );
    });
  });

  /**
   * A raw POST (chunked unless a length is given), for bodies supertest would buffer. Like
   * supertest, it listens on a free port for the one request and closes again.
   */
  async function streamTo(
    path: string,
    body: Readable | undefined,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    const server = t.app.getHttpServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as AddressInfo;
      return await new Promise((resolve, reject) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path,
            method: 'POST',
            headers: { ...auth, 'content-type': 'text/csv', ...headers },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              request.destroy();
              resolve({
                status: response.statusCode ?? 0,
                body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
              });
            });
          },
        );
        request.on('error', reject);
        if (body) body.pipe(request);
        else request.write('external_id,email\n');
      });
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  }
});
