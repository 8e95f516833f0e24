import { Client } from 'pg';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { EmailSender } from '../../src/modules/email/email-sender';
import { InvitationLifecycle } from '../../src/modules/invitations/invitation-lifecycle';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { startTestApp, TestApp } from '../support/app';
import { withMorningCalendar } from '../support/calendar-fixtures';
import { eventually } from '../support/eventually';
import { createApiKey } from '../support/factories';

const decode = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

/** The invitation token, read from the survey link of a captured email. */
function tokenIn(text: string): string {
  const token = /\/s\/([A-Za-z0-9_-]{32})/.exec(decode(text))?.[1];
  if (!token) throw new Error('no survey link in the email');
  return token;
}

describe('invitations end to end (worker running)', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let db: Client;
  beforeAll(async () => {
    t = await startTestApp();
    auth = { authorization: `Bearer ${await createApiKey(t.app)}` };
    await t.app.get(SurveysService).createSurvey(DEMO_SURVEY);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('queues an invitation, and the worker sends an email with one-click links and unsubscribe headers', async () => {
    const catcher = t.app.get(MailCatcher);
    const response = await t
      .http()
      .post('/api/v1/invitations')
      .set(auth)
      .send({
        survey: 'stay',
        customer: {
          externalId: 'guest-1',
          email: 'Guest.One@Example.com',
          name: 'Guest <b>One</b>',
          locale: 'fi',
        },
        touchpoint: { type: 'stay', reference: 'R-1', occurredAt: '2026-11-20T10:00:00Z' },
        idempotencyKey: 'stay-R-1',
      })
      .expect(202);
    expect(response.body).toEqual({ id: expect.any(String), status: 'queued' });

    const mail = await catcher.waitFor(
      (m) => m.envelope.to.includes('guest.one@example.com'),
      10_000,
    );
    expect(mail.envelope.to).toEqual(['guest.one@example.com']);
    expect(mail.subject).toBe('Millainen oli vierailusi?');
    expect(mail.text).toContain('Vastaaminen vie noin 2 minuuttia.');
    // From the company the customer dealt with (MAIL_FROM is not set in the tests).
    expect(mail.headers.from).toBe('Candor Demo Hotel <feedback@candor.localhost>');
    const token = tokenIn(mail.html ?? '');
    const base = t.config.publicBaseUrl;
    for (const score of [1, 2, 3, 4, 5])
      expect(decode(mail.html ?? '')).toContain(`${base}/s/${token}?score=${score}`);
    expect(decode(mail.html ?? '')).toContain(`${base}/u/${token}`);
    expect(decode(mail.html ?? '')).toContain(`${base}/p/${token}`);
    expect(mail.html).not.toContain('<b>One</b>');
    expect(mail.text).toContain(`${base}/s/${token}?score=5`);
    expect(mail.headers['list-unsubscribe']).toContain(`<${base}/u/${token}>`);
    expect(mail.headers['list-unsubscribe']).toContain('mailto:');
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    await eventually(async () => {
      const { rows } = await db.query(
        `SELECT message_id, status FROM email_messages WHERE invitation_id = $1`,
        [response.body.id],
      );
      expect(rows).toEqual([{ message_id: mail.messageId, status: 'sent' }]);
    });

    // The raw token appears nowhere in the database.
    const dump = await db.query(`SELECT string_agg(t::text, ' ') AS text FROM (
        SELECT row_to_json(i)::text AS t FROM invitations i UNION ALL
        SELECT row_to_json(e)::text FROM email_messages e UNION ALL
        SELECT row_to_json(v)::text FROM invitation_events v UNION ALL
        SELECT data::text FROM pgboss.job) all_rows`);
    expect(dump.rows[0].text).not.toContain(token);

    const invitation = await t
      .http()
      .get(`/api/v1/invitations/${response.body.id}`)
      .set(auth)
      .expect(200);
    expect(invitation.body).toMatchObject({
      status: 'sent',
      survey: { key: 'stay', version: 1 },
      customer: { externalId: 'guest-1' },
      touchpoint: { type: 'stay', reference: 'R-1' },
    });
    expect(invitation.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'queued',
      'sent',
    ]);

    // Same idempotency key: same invitation, no second email.
    const again = await t
      .http()
      .post('/api/v1/invitations')
      .set(auth)
      .send({
        survey: 'stay',
        customer: { externalId: 'guest-1', email: 'guest.one@example.com' },
        idempotencyKey: 'stay-R-1',
      })
      .expect(202);
    expect(again.body).toEqual({ id: response.body.id, status: 'duplicate' });
    const count = await db.query(`SELECT count(*)::int AS n FROM email_messages`);
    expect(count.rows[0].n).toBe(1);

    // GET and HEAD of the unsubscribe link change nothing; POST (RFC 8058 one-click) suppresses.
    await t.http().get(`/u/${token}`).expect(200);
    await t.http().head(`/u/${token}`).expect(200);
    expect((await db.query(`SELECT count(*)::int AS n FROM suppressions`)).rows[0].n).toBe(0);
    for (let i = 0; i < 2; i++) {
      await t
        .http()
        .post(`/u/${token}`)
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
    }
    expect((await db.query(`SELECT reason FROM suppressions`)).rows).toEqual([
      { reason: 'unsubscribed' },
    ]);
    await t.http().get('/u/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404);
    await t.http().post('/u/not-a-token').expect(404);

    const suppressed = await t
      .http()
      .post('/api/v1/invitations')
      .set(auth)
      .send({ survey: 'stay', customer: { externalId: 'guest-1', email: 'GUEST.ONE@example.com' } })
      .expect(202);
    expect(suppressed.body).toMatchObject({ status: 'suppressed', reason: 'unsubscribed' });
  });
});

describe('invitations (API role: no worker, sends driven by the test)', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let db: Client;
  let catcher: MailCatcher;
  let sender: EmailSender;
  let lifecycle: InvitationLifecycle;

  const invite = (body: object) =>
    t.http().post('/api/v1/invitations').set(auth).send(body).expect(202);
  const emailsOf = async (invitationId: string) =>
    (
      await db.query(
        `SELECT id, kind, status, attempts, last_error FROM email_messages WHERE invitation_id = $1 ORDER BY created_at`,
        [invitationId],
      )
    ).rows;

  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'api' });
    auth = { authorization: `Bearer ${await createApiKey(t.app)}` };
    const surveys = t.app.get(SurveysService);
    await surveys.createSurvey(DEMO_SURVEY);
    await surveys.createSurvey({
      ...DEMO_SURVEY,
      key: 'chatty',
      contactPolicy: { maxInvitations: 10, maxMessages: 2 },
    });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    catcher = t.app.get(MailCatcher);
    sender = t.app.get(EmailSender);
    lifecycle = t.app.get(InvitationLifecycle);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });
  beforeEach(() => catcher.clear());

  it('retries a 451 and delivers on the next attempt with the same Message-ID', async () => {
    const { body } = await invite({
      survey: 'stay',
      customer: { externalId: 'r-1', email: 'r1@example.com' },
    });
    const [email] = await emailsOf(body.id);
    catcher.respondWith({ code: 451, message: 'try later' });
    await expect(sender.sendEmail(email.id)).rejects.toMatchObject({ kind: 'transient' });
    expect((await emailsOf(body.id))[0]).toMatchObject({
      status: 'queued',
      attempts: 1,
      last_error: 'transient:451',
    });
    await expect(sender.sendEmail(email.id)).resolves.toEqual({ status: 'success' });
    expect((await emailsOf(body.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(catcher.messages()).toHaveLength(1);
    await expect(sender.sendEmail(email.id)).resolves.toMatchObject({ status: 'skipped' });
  });

  it('bounces on 550 5.1.1: message failed, invitation bounced, address suppressed, no reminder', async () => {
    const { body } = await invite({
      survey: 'stay',
      customer: { externalId: 'b-1', email: 'b1@example.com' },
    });
    const [email] = await emailsOf(body.id);
    catcher.respondWith({ code: 550, enhanced: '5.1.1', message: 'no such user' });
    await expect(sender.sendEmail(email.id)).resolves.toEqual({
      status: 'success',
      reason: 'bounced',
    });
    expect((await emailsOf(body.id))[0]).toMatchObject({
      status: 'failed',
      last_error: 'recipient:550 5.1.1',
    });
    const invitation = await t.http().get(`/api/v1/invitations/${body.id}`).set(auth).expect(200);
    expect(invitation.body.status).toBe('bounced');
    expect((await db.query(`SELECT reason FROM suppressions`)).rows).toContainEqual({
      reason: 'bounced',
    });
    await expect(lifecycle.remind(body.id)).resolves.toMatchObject({ status: 'skipped' });
    expect(await emailsOf(body.id)).toHaveLength(1);
  });

  it("holds a reminder for the customer's preferred contact time", async () => {
    const { body } = await invite({
      survey: 'stay',
      customer: { externalId: 'evening-1', email: 'evening1@example.com' },
    });
    const [email] = await emailsOf(body.id);
    await sender.sendEmail(email.id);
    // What an earlier answer of theirs stated.
    await db.query(
      `INSERT INTO preference_profiles (customer_id, context, contact_time)
       SELECT customer_id, 'business_travel', 'evening' FROM invitations WHERE id = $1`,
      [body.id],
    );
    await withMorningCalendar(db, async (localHourToday) => {
      await expect(lifecycle.remind(body.id)).resolves.toEqual({ status: 'success' });
      const { rows } = await db.query<{ send_after: Date; start_after: Date }>(
        `SELECT m.send_after, j.start_after
         FROM email_messages m JOIN pgboss.job j ON j.data->>'emailId' = m.id::text
         WHERE m.invitation_id = $1 AND m.kind = 'reminder'`,
        [body.id],
      );
      expect(rows).toEqual([{ send_after: localHourToday(17), start_after: localHourToday(17) }]);
    });
  });

  it('retries a bare 550 once, and bounces the address when it refuses it again', async () => {
    const { body } = await invite({
      survey: 'stay',
      customer: { externalId: 'b-2', email: 'b2@example.com' },
    });
    const [email] = await emailsOf(body.id);
    catcher.respondWith({ code: 550, message: 'no such user' });
    // Whose fault a bare 550 is cannot be told from one reply: the email is tried again.
    await expect(sender.sendEmail(email.id)).rejects.toMatchObject({ kind: 'unclear' });
    expect((await emailsOf(body.id))[0]).toMatchObject({
      status: 'queued',
      attempts: 1,
      last_error: 'unclear:550',
    });
    catcher.respondWith({ code: 550, message: 'no such user' });
    await expect(sender.sendEmail(email.id)).resolves.toEqual({
      status: 'success',
      reason: 'bounced',
    });
    expect((await emailsOf(body.id))[0]).toMatchObject({ status: 'failed', attempts: 2 });
    const invitation = await t.http().get(`/api/v1/invitations/${body.id}`).set(auth).expect(200);
    expect(invitation.body.status).toBe('bounced');
    expect(sender.pauseReason).toBeUndefined();
  });

  it('reminds exactly once, even when reminders race, and never after expiry', async () => {
    const { body } = await invite({
      survey: 'stay',
      customer: { externalId: 'm-1', email: 'm1@example.com' },
    });
    const [email] = await emailsOf(body.id);
    await sender.sendEmail(email.id);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => lifecycle.remind(body.id)));
    expect(outcomes.filter((o) => o.status === 'success')).toHaveLength(1);
    const emails = await emailsOf(body.id);
    expect(emails.map((e: { kind: string }) => e.kind)).toEqual(['invitation', 'reminder']);
    await sender.sendEmail(emails[1].id);
    expect(catcher.messages().map((m) => m.subject)).toContain('A reminder: how did we do?');
    const reminded = await t.http().get(`/api/v1/invitations/${body.id}`).set(auth).expect(200);
    expect(reminded.body).toMatchObject({ status: 'reminded', reminders: 1 });

    await db.query(
      `UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [body.id],
    );
    await expect(lifecycle.expire(body.id)).resolves.toEqual({ status: 'success' });
    await expect(lifecycle.expire(body.id)).resolves.toMatchObject({ status: 'skipped' });
    const expired = await t.http().get(`/api/v1/invitations/${body.id}`).set(auth).expect(200);
    expect(expired.body.status).toBe('expired');
    expect(expired.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'queued',
      'sent',
      'reminded',
      'expired',
    ]);
  });

  it('schedules sendAt: the send job waits until then', async () => {
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    const { body } = await invite({
      survey: 'stay',
      customer: { externalId: 's-1', email: 's1@example.com' },
      sendAt,
    });
    const [email] = await emailsOf(body.id);
    const jobs = await db.query(
      `SELECT name, start_after FROM pgboss.job WHERE data->>'emailId' = $1 OR data->>'invitationId' = $2`,
      [email.id, body.id],
    );
    const send = jobs.rows.find((j: { name: string }) => j.name === 'email.send');
    expect(new Date(send.start_after).toISOString()).toBe(sendAt);
    const invitation = await t.http().get(`/api/v1/invitations/${body.id}`).set(auth).expect(200);
    expect(invitation.body.sendAt).toBe(sendAt);
    expect(new Date(invitation.body.expiresAt).getTime() - new Date(sendAt).getTime()).toBe(
      14 * 86_400_000,
    );
    await t
      .http()
      .post('/api/v1/invitations')
      .set(auth)
      .send({
        survey: 'stay',
        customer: { externalId: 's-2', email: 's2@example.com' },
        sendAt: '2030-01-01T00:00:00Z',
      })
      .expect(400);
  });

  it('counts invitations and reminders against one budget per customer, across surveys', async () => {
    const customer = { externalId: 'budget-1', email: 'budget1@example.com' };
    const first = await invite({ survey: 'chatty', customer });
    const second = await invite({ survey: 'chatty', customer });
    const third = await invite({ survey: 'chatty', customer });
    expect([first.body.status, second.body.status]).toEqual(['queued', 'queued']);
    expect(third.body).toMatchObject({ status: 'throttled', reason: 'message_budget' });
    // The default survey allows one invitation per 30 days, across surveys.
    const other = await invite({ survey: 'stay', customer });
    expect(other.body).toMatchObject({ status: 'throttled', reason: 'invitation_budget' });
    const timeline = await t
      .http()
      .get(`/api/v1/invitations/${third.body.id}`)
      .set(auth)
      .expect(200);
    expect(timeline.body.timeline).toEqual([
      { type: 'throttled', at: expect.any(String), detail: 'message_budget' },
    ]);
  });

  it('sends one of 100 parallel invitations to the same customer and throttles the rest', async () => {
    const customer = { externalId: 'crowd-1', email: 'crowd@example.com' };
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => invite({ survey: 'stay', customer })),
    );
    const statuses = responses.map((r) => r.body.status);
    expect(statuses.filter((s) => s === 'queued')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'throttled')).toHaveLength(99);
  });

  it('answers batches in input order, reporting bad items without stopping the others', async () => {
    const response = await t
      .http()
      .post('/api/v1/invitations/batch')
      .set(auth)
      .send({
        items: [
          { survey: 'stay', customer: { externalId: 'batch-1', email: 'batch1@example.com' } },
          { survey: 'stay', customer: { externalId: 'batch-2', email: 'not-an-email' } },
          { survey: 'nope', customer: { externalId: 'batch-3', email: 'batch3@example.com' } },
          'not an object',
        ],
      })
      .expect(202);
    expect(response.body.results).toEqual([
      { id: expect.any(String), status: 'queued' },
      expect.objectContaining({ status: 'rejected', code: 'validation_failed' }),
      expect.objectContaining({ status: 'rejected', code: 'survey_not_found' }),
      expect.objectContaining({ status: 'rejected', code: 'validation_failed' }),
    ]);
    await t.http().post('/api/v1/invitations/batch').set(auth).send({ items: [] }).expect(400);
    await t
      .http()
      .post('/api/v1/invitations/batch')
      .set(auth)
      .send({ items: Array.from({ length: 1001 }, () => ({})) })
      .expect(400);
  });

  it('judges the items of one batch as if they came one after another', async () => {
    const customer = (name?: string) => ({
      externalId: 'same-1',
      email: 'same1@example.com',
      ...(name ? { name } : {}),
    });
    const { body } = await t
      .http()
      .post('/api/v1/invitations/batch')
      .set(auth)
      .send({
        items: [
          { survey: 'stay', customer: customer('Ann'), idempotencyKey: 'same-key' },
          { survey: 'stay', customer: customer(), idempotencyKey: 'same-key' },
          { survey: 'stay', customer: customer('Ann Smith') },
          { survey: 'stay', customer: { externalId: 'other-1', email: 'other1@example.com' } },
        ],
      })
      .expect(202);
    const [first, duplicate, second, other] = body.results;
    expect(first).toEqual({ id: expect.any(String), status: 'queued' });
    expect(duplicate).toEqual({ id: first.id, status: 'duplicate' });
    expect(second).toEqual({
      id: expect.any(String),
      status: 'throttled',
      reason: 'invitation_budget',
    });
    expect(other).toEqual({ id: expect.any(String), status: 'queued' });
    const stored = await t.http().get('/api/v1/customers/same-1').set(auth).expect(200);
    expect(stored.body.name).toBe('Ann Smith');
    expect(await emailsOf(first.id)).toHaveLength(1);
    expect(await emailsOf(second.id)).toHaveLength(0);

    const again = await t
      .http()
      .post('/api/v1/invitations/batch')
      .set(auth)
      .send({ items: [{ survey: 'stay', customer: customer(), idempotencyKey: 'same-key' }] })
      .expect(202);
    expect(again.body.results).toEqual([{ id: first.id, status: 'duplicate' }]);
  });

  it('keeps customer-supplied values out of headers and markup', async () => {
    const { body } = await invite({
      survey: 'stay',
      customer: {
        externalId: 'x-1',
        email: 'x1@example.com',
        name: 'Eve\r\nBcc: victim@example.com <script>alert(1)</script>',
      },
    });
    const [email] = await emailsOf(body.id);
    await sender.sendEmail(email.id);
    const [mail] = catcher.messages();
    expect(mail.envelope.to).toEqual(['x1@example.com']);
    expect(Object.keys(mail.headers)).not.toContain('bcc');
    expect(mail.html).not.toContain('<script>');
    await t
      .http()
      .post('/api/v1/invitations')
      .set(auth)
      .send({
        survey: 'stay',
        customer: { externalId: 'x-2', email: 'x2@example.com\r\nBcc: victim@example.com' },
      })
      .expect(400);
  });
});
