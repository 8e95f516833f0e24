import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import type { EmailKindHandler } from '../../src/modules/email/email-kinds';
import { EmailMessage } from '../../src/modules/email/email-message.entity';
import { SentLog } from '../../src/modules/email/sent-log';
import { truncateAll, workerDatabaseUrl } from '../support/database';

interface Row {
  id: string;
  status: string;
  attempts: number;
  provider_response: string | null;
  last_error: string | null;
}

let url: string;
let dataSource: DataSource;

beforeAll(async () => {
  url = await workerDatabaseUrl();
  dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
});

beforeEach(() => truncateAll(url));

afterAll(() => dataSource.destroy());

/** `count` queued outbox rows, as the sender holds them while it sends. */
async function queuedEmails(count: number): Promise<EmailMessage[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await dataSource.query(
    `INSERT INTO email_messages (id, kind, recipient, status, message_id, claimed_until)
     SELECT id, 'invitation', 'ann@example.com', 'queued', '<' || id || '@candor.test>',
       now() + interval '1 minute'
     FROM unnest($1::uuid[]) AS id`,
    [ids],
  );
  const emails = await dataSource.getRepository(EmailMessage).findBy({});
  return ids.map((id) => emails.find((email) => email.id === id)!);
}

async function rows(emails: EmailMessage[]): Promise<Row[]> {
  const found = await dataSource.query<Row[]>(
    `SELECT id, status, attempts, provider_response, last_error FROM email_messages WHERE id = ANY($1::uuid[])`,
    [emails.map((email) => email.id)],
  );
  return emails.map((email) => found.find((row) => row.id === email.id)!);
}

/** A kind that notes the groups `onSent` is given, and fails as `fail` says. */
function kind(fail: (emails: EmailMessage[]) => Error | undefined = () => undefined) {
  const groups: string[][] = [];
  const handler: EmailKindHandler = {
    compose: () => Promise.resolve(new Map()),
    onSent: async (emails, manager) => {
      groups.push(emails.map((email) => email.id));
      // Writes in the transaction, as a real kind does: rolled back with a failing group.
      await manager.query(`UPDATE email_messages SET last_error = 'noted' WHERE id = ANY($1)`, [
        emails.map((email) => email.id),
      ]);
      const error = fail(emails);
      if (error) throw error;
    },
  };
  return { handler, groups };
}

/** Records `emails` as a sender's lanes would: the first alone, the others as one group after it. */
function recordAll(log: SentLog, emails: EmailMessage[], kinds: EmailKindHandler[]) {
  return emails.map((email, i) =>
    log.record({ email, kind: kinds[i % kinds.length], response: `250 queued as ${i}` }).then(
      () => 'sent',
      (error: Error) => error.message,
    ),
  );
}

/** A row marked sent, with what its kind's onSent wrote in the same transaction. */
const sent = (response: string) => ({
  status: 'sent',
  attempts: 1,
  provider_response: response,
  last_error: 'noted',
});
/** A row left as it was: whatever its failed write did was rolled back. */
const queued = { status: 'queued', attempts: 0, provider_response: null, last_error: null };

describe('SentLog (the outcomes of accepted emails)', () => {
  it('writes the emails accepted meanwhile together, with their kinds told in one call each', async () => {
    const emails = await queuedEmails(4);
    const invitations = kind();
    const cases = kind();
    const log = new SentLog(dataSource);

    const outcomes = await Promise.all(
      recordAll(log, emails, [invitations.handler, cases.handler]),
    );

    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(await rows(emails)).toMatchObject(emails.map((_, i) => sent(`250 queued as ${i}`)));
    // The first alone; the three accepted while it was written, as one group.
    expect(invitations.groups).toEqual([[emails[0].id], [emails[2].id]]);
    expect(cases.groups).toEqual([[emails[1].id, emails[3].id]]);
  });

  it("records the others of a group in which one kind's onSent throws for one email", async () => {
    const emails = await queuedEmails(4);
    const culprit = emails[2].id;
    const invitations = kind((group) =>
      group.some((email) => email.id === culprit) ? new Error('no invitation row') : undefined,
    );
    const cases = kind();
    const log = new SentLog(dataSource);

    const outcomes = await Promise.all(
      recordAll(log, emails, [invitations.handler, cases.handler]),
    );

    expect(outcomes).toEqual(['sent', 'sent', 'no invitation row', 'sent']);
    expect(await rows(emails)).toMatchObject([
      sent('250 queued as 0'),
      sent('250 queued as 1'),
      queued,
      sent('250 queued as 3'),
    ]);
    // The group failed whole, then each of its emails was written on its own.
    expect(invitations.groups).toEqual([[emails[0].id], [culprit], [culprit]]);
    expect(cases.groups).toEqual([[emails[1].id, emails[3].id], [emails[1].id], [emails[3].id]]);
  });

  it('records every email of a group whose write fails once for a passing reason (a deadlock)', async () => {
    const emails = await queuedEmails(3);
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    let deadlocks = 1;
    const invitations = kind((group) =>
      group.length > 1 && deadlocks-- > 0
        ? new QueryFailedError('UPDATE invitations', [], deadlock)
        : undefined,
    );
    const log = new SentLog(dataSource);

    const outcomes = await Promise.all(recordAll(log, emails, [invitations.handler]));

    expect(outcomes).toEqual(['sent', 'sent', 'sent']);
    expect(await rows(emails)).toMatchObject(emails.map((_, i) => sent(`250 queued as ${i}`)));
  });

  it('rejects a whole group when the database stays unreachable, not one email after another', async () => {
    const emails = await queuedEmails(3);
    const lost = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    const invitations = kind((group) => (group.length > 1 ? lost : undefined));
    const log = new SentLog(dataSource, 300);

    const outcomes = await Promise.all(recordAll(log, emails, [invitations.handler]));

    expect(outcomes).toEqual(['sent', lost.message, lost.message]);
    expect(await rows(emails)).toMatchObject([sent('250 queued as 0'), queued, queued]);
    // Written again through the outage as a group (250 ms later), never split.
    expect(invitations.groups.filter((group) => group.length === 1)).toEqual([[emails[0].id]]);
    expect(invitations.groups.length).toBeGreaterThan(2);
  });
});
