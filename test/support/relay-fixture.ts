import type { Client } from 'pg';
import type { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import type { TestApp } from './app';
import { eventually } from './eventually';

/** One outbox row, as the fault specs check it. */
export interface OutboxRow {
  recipient: string;
  message_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

/** Queues one invitation (and so one email) per address, `<prefix>-<i>@example.com`. */
export async function inviteMany(
  t: TestApp,
  apiKey: string,
  prefix: string,
  count: number,
): Promise<string[]> {
  const emails = Array.from({ length: count }, (_, i) => `${prefix}-${i}@example.com`);
  const response = await t
    .http()
    .post('/api/v1/invitations/batch')
    .set({ authorization: `Bearer ${apiKey}` })
    .send({
      items: emails.map((email, i) => ({
        survey: 'stay',
        customer: { externalId: `${prefix}-${i}`, email },
      })),
    })
    .expect(202);
  const statuses = (response.body.results as { status: string }[]).map((r) => r.status);
  expect(statuses).toEqual(emails.map(() => 'queued'));
  return emails;
}

export async function outbox(db: Client, prefix: string): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT recipient, message_id, status, attempts, last_error FROM email_messages
      WHERE recipient LIKE $1 ORDER BY recipient`,
    [`${prefix}-%`],
  );
  return rows;
}

/** `email.send` jobs still to run or running (fresh, retrying or active). */
export async function pendingSendJobs(db: Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job
      WHERE name = 'email.send' AND state IN ('created', 'retry', 'active')`,
  );
  return rows[0].n;
}

/**
 * Waits until no row of `prefix` is queued and no send job is left, then answers the rows. The
 * deadline is generous: the machine running the suite may be busy.
 */
export async function settled(db: Client, prefix: string, timeoutMs = 90_000) {
  return eventually(
    async () => {
      const rows = await outbox(db, prefix);
      expect(rows.filter((row) => row.status === 'queued')).toEqual([]);
      expect(await pendingSendJobs(db)).toBe(0);
      return rows;
    },
    timeoutMs,
    200,
  );
}

/** Every row's Message-ID reached the sink exactly once, and nothing else of theirs did. */
export function expectDeliveredOnce(catcher: MailCatcher, rows: OutboxRow[]): void {
  const ids = new Set(rows.map((row) => row.message_id));
  const counts = new Map<string, number>();
  for (const mail of catcher.messages()) {
    if (mail.messageId && ids.has(mail.messageId)) {
      counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
    }
  }
  expect(rows.map((row) => [row.recipient, counts.get(row.message_id) ?? 0])).toEqual(
    rows.map((row) => [row.recipient, 1]),
  );
}

/**
 * Retries after 1 s (doubling) instead of 15 s, so a fault spans several retries in seconds. The
 * queue's policy is copied into each job at enqueue: call it once every process has started (each
 * sets the policy at its bootstrap), before queueing.
 */
export async function shortenSendRetries(db: Client): Promise<void> {
  await db.query(`UPDATE pgboss.queue SET retry_delay = 1 WHERE name = 'email.send'`);
}
