import { Client } from 'pg';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import {
  MailCatcher,
  type MailCatcherOptions,
} from '../../src/modules/mail-transport/mail-catcher';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { startTestApp, TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { createApiKey } from '../support/factories';

/** EmailSender's pause after an authentication or TLS failure. */
const PAUSE_MS = 60_000;

interface SendJob {
  state: string;
  retry_count: number;
  start_after: Date;
  output: unknown;
}

/** SMTP_URL for the relay, with the credentials Candor is (mis)configured with. */
function smtpUrl(relay: MailCatcher, credentials?: { user: string; pass: string }): string {
  const url = new URL(relay.url);
  if (credentials) {
    url.username = credentials.user;
    url.password = credentials.pass;
  }
  return url.toString();
}

// Issue 3: an authentication or TLS failure is the operator's to fix. Sending pauses and
// readiness says why, instead of retrying (and at last dead-lettering) every queued email.
describe.each<[string, MailCatcherOptions, { user: string; pass: string } | undefined, string]>([
  [
    'refuses the credentials (535 to AUTH)',
    { auth: { user: 'candor', pass: 'rotated-password' } },
    { user: 'candor', pass: 'old-password' },
    'configuration:535',
  ],
  [
    'presents a certificate the client refuses (TLS)',
    { untrustedTls: true },
    undefined,
    'configuration:ESOCKET',
  ],
])('when the SMTP relay %s (worker running)', (_, relayOptions, credentials, lastError) => {
  const relay = new MailCatcher(relayOptions);
  let t: TestApp;
  let auth: { authorization: string };
  let db: Client;

  const invite = async (externalId: string): Promise<string> => {
    const { body } = await t
      .http()
      .post('/api/v1/invitations')
      .set(auth)
      .send({ survey: 'stay', customer: { externalId, email: `${externalId}@example.com` } })
      .expect(202);
    expect(body).toMatchObject({ status: 'queued' });
    return (body as { id: string }).id;
  };
  const emailOf = async (invitationId: string) => {
    const { rows } = await db.query(
      `SELECT id, status, attempts, last_error FROM email_messages WHERE invitation_id = $1`,
      [invitationId],
    );
    expect(rows).toHaveLength(1);
    return rows[0] as { id: string; status: string; attempts: number; last_error: string | null };
  };
  /** The email's `email.send` jobs, oldest first, and any that reached the dead letter queue. */
  const jobsOf = async (emailId: string) => {
    const { rows } = await db.query(
      `SELECT name, state, retry_count, start_after, output FROM pgboss.job
        WHERE name LIKE 'email.send%' AND data->>'emailId' = $1 ORDER BY created_on, start_after`,
      [emailId],
    );
    const all = rows as (SendJob & { name: string })[];
    return {
      sends: all.filter((job) => job.name === 'email.send'),
      dead: all.filter((job) => job.name !== 'email.send'),
    };
  };
  /** Resolves once the first run has finished: skipped as paused, with one fresh job waiting. */
  const deferred = (emailId: string) =>
    eventually(async () => {
      const jobs = await jobsOf(emailId);
      expect(jobs.sends).toEqual([
        expect.objectContaining({ state: 'completed' }),
        expect.objectContaining({ state: 'created' }),
      ]);
      return jobs;
    }, 15_000);

  beforeAll(async () => {
    await relay.start();
    t = await startTestApp({ SMTP_URL: smtpUrl(relay, credentials) });
    auth = { authorization: `Bearer ${await createApiKey(t.app)}` };
    await t.app.get(SurveysService).createSurvey(DEMO_SURVEY);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
    await relay.stop();
  });

  it('pauses sending, says why in readiness, and neither retries nor bounces the email', async () => {
    const before = Date.now();
    const invitationId = await invite('paused-1');
    const email = await emailOf(invitationId);

    // The original job is spent on one SMTP attempt and completes as skipped: no pg-boss retry,
    // nothing dead-lettered. A fresh job waits for the end of the pause.
    const { sends, dead } = await deferred(email.id);
    const after = Date.now();
    expect(sends[0]).toMatchObject({
      retry_count: 0,
      output: { status: 'skipped', reason: 'paused' },
    });
    expect(sends[1].retry_count).toBe(0);
    const resumesAt = sends[1].start_after.getTime();
    expect(resumesAt).toBeGreaterThanOrEqual(before + PAUSE_MS);
    // A delay rounded up to whole seconds, counted from the database's now().
    expect(resumesAt).toBeLessThanOrEqual(after + PAUSE_MS + 1000);
    expect(dead).toEqual([]);

    expect(await emailOf(invitationId)).toEqual({
      id: email.id,
      status: 'queued',
      attempts: 1,
      last_error: lastError,
    });

    const ready = await t.http().get('/health/ready').expect(503);
    expect(ready.body.details).toContainEqual({
      field: 'smtp',
      message: `sending paused: the SMTP server refused Candor's credentials or TLS (${lastError})`,
    });

    const invitation = await t
      .http()
      .get(`/api/v1/invitations/${invitationId}`)
      .set(auth)
      .expect(200);
    expect(invitation.body.status).toBe('queued');
    expect(invitation.body.timeline.map((e: { type: string }) => e.type)).toEqual(['queued']);
    expect((await db.query(`SELECT count(*)::int AS n FROM suppressions`)).rows[0].n).toBe(0);
    expect(relay.messages()).toEqual([]);

    // While paused, the next email does not even try SMTP: it waits for the end of the same pause.
    const nextId = await invite('paused-2');
    const next = await emailOf(nextId);
    const nextJobs = await deferred(next.id);
    expect(Math.abs(nextJobs.sends[1].start_after.getTime() - resumesAt)).toBeLessThanOrEqual(1000);
    expect(await emailOf(nextId)).toMatchObject({
      status: 'queued',
      attempts: 0,
      last_error: null,
    });
  });
});
