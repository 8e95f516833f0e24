import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { SendClaims } from '../../src/modules/email/send-claims';
import { truncateAll, workerDatabaseUrl } from '../support/database';

type Row = { status: 'queued' | 'sent'; heldForSeconds?: number };

let url: string;
let dataSource: DataSource;

beforeAll(async () => {
  url = await workerDatabaseUrl();
  dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
});

beforeEach(() => truncateAll(url));

afterAll(() => dataSource.destroy());

/** Outbox rows as described, in order; answers their ids. */
async function outboxRows(rows: Row[]): Promise<string[]> {
  const ids = rows.map(() => randomUUID());
  await dataSource.query(
    `INSERT INTO email_messages (id, kind, recipient, status, message_id, claimed_until)
     SELECT t.id, 'invitation', 'ann@example.com', t.status, '<' || t.id || '@candor.test>',
       CASE WHEN t.held IS NULL THEN NULL ELSE now() + t.held * interval '1 second' END
     FROM unnest($1::uuid[], $2::text[], $3::int[]) AS t(id, status, held)`,
    [ids, rows.map((r) => r.status), rows.map((r) => r.heldForSeconds ?? null)],
  );
  return ids;
}

async function heldIds(): Promise<string[]> {
  const rows = await dataSource.query<{ id: string }[]>(
    `SELECT id FROM email_messages WHERE claimed_until > now() ORDER BY id`,
  );
  return rows.map((row) => row.id);
}

describe('SendClaims (a batch’s claims on its outbox rows)', () => {
  it('claims a group of rows in one go: queued ones, not those sent or held by another run', async () => {
    const ids = await outboxRows([
      { status: 'queued' },
      { status: 'sent' },
      { status: 'queued', heldForSeconds: 30 },
      { status: 'queued' },
      { status: 'queued' },
    ]);
    const claims = new SendClaims(dataSource, ids, 4, 60_000);

    const first = await claims.claim(0);
    const found = await Promise.all(ids.map((_, i) => claims.claim(i)));

    expect(first).toBe('claimed');
    expect(found[1]).toBe('gone');
    expect(found[2]).toBeGreaterThanOrEqual(29);
    expect(found[2]).toBeLessThanOrEqual(30);
    expect(found[3]).toBe('claimed');
    // The fifth row is past the first group: claimed by a second group when asked for.
    expect(found[4]).toBe('claimed');
    expect(await heldIds()).toEqual([ids[0], ids[2], ids[3], ids[4]].sort());
  });

  it('releases the claims of rows never handed to the relay, keeps those being sent', async () => {
    const ids = await outboxRows([
      { status: 'queued' },
      { status: 'queued' },
      { status: 'queued' },
    ]);
    const claims = new SendClaims(dataSource, ids, 10, 60_000);
    await claims.claim(0);
    claims.sending(ids[1]);

    await claims.releaseUnsent();

    expect(await heldIds()).toEqual([ids[1]]);
  });

  it('lets two runs over the same rows claim each row once', async () => {
    const ids = await outboxRows(Array.from({ length: 40 }, () => ({ status: 'queued' as const })));
    const runs = [
      new SendClaims(dataSource, ids, 10, 60_000),
      new SendClaims(dataSource, ids, 10, 60_000),
    ];

    const results = await Promise.all(
      runs.map((run) => Promise.all(ids.map((_, i) => run.claim(i)))),
    );

    for (let i = 0; i < ids.length; i++) {
      const won = results.filter((claimsOfRun) => claimsOfRun[i] === 'claimed');
      expect(won).toHaveLength(1);
    }
  });
});
