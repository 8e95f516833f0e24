import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CaseOpening } from '../../src/modules/cases/case-opening';
import { Outbox } from '../../src/modules/email/outbox';
import { tokenHash } from '../../src/common/links/link-tokens';
import { type Invited, startSurveyTestApp, type SurveyTestApp } from '../support/survey-fixtures';

describe('privacy center /p/{token} and the customer data API', () => {
  let t: SurveyTestApp;
  let auth: { authorization: string };
  let db: Client;
  let n = 0;

  /** An invitation whose every identifying value is known, to look for after an erasure. */
  function invitation(): Promise<Invited> {
    n += 1;
    return t.invite(
      { externalId: `p-${n}`, email: `privacy${n}@example.com`, name: `Pat Person${n}` },
      {
        touchpoint: {
          type: 'stay',
          reference: `ROOM-${n}-REF`,
          occurredAt: '2026-11-20T10:00:00Z',
        },
        idempotencyKey: `privacy-key-${n}`,
      },
    );
  }

  /** Answers as oneself, unhappy, with preferences: the richest trail a customer leaves. */
  async function answerIdentified(invited: Invited): Promise<void> {
    const { token } = invited;
    await t
      .http()
      .post(`/s/${token}`)
      .set('accept', 'application/json')
      .send({
        consent: 'identified',
        consentText: await t.consentTextId(),
        score: 1,
        comment: 'Cold room',
        answers: { what_went_wrong: ['room'] },
        preferences: [{ context: 'family_travel', channel: 'phone', interests: ['kids'] }],
      })
      .expect(201);
    // What the response.dissatisfied subscribers do in a worker (this app runs none): the case,
    // and below, a pending follow-up email.
    const { rows: answered } = await db.query<{ id: string }>(
      'SELECT id FROM responses WHERE invitation_id = $1',
      [invited.id],
    );
    await t.app.get(CaseOpening).openForResponse(answered[0].id);
    // The email, which a withdrawal must cancel and an export must list.
    const [target] = (
      await db.query<{ id: string; customer_id: string; email: string }>(
        `SELECT i.id, i.customer_id, c.email FROM invitations i JOIN customers c ON c.id = i.customer_id
         WHERE i.id = $1`,
        [invited.id],
      )
    ).rows;
    await t.app.get(DataSource).transaction((manager) =>
      t.app.get(Outbox).queueEmail(manager, {
        kind: 'thank_you',
        recipient: target.email,
        customerId: target.customer_id,
        invitationId: target.id,
      }),
    );
  }

  const count = (sql: string, params?: unknown[]) => t.count(sql, params);
  const totals = async () => ({
    answers:
      (await count('SELECT count(*)::int AS n FROM responses')) +
      (await count('SELECT count(*)::int AS n FROM anonymous_responses')) +
      (await count('SELECT count(*)::int AS n FROM anonymous_response_inbox')),
    unhappy:
      (await count('SELECT count(*)::int AS n FROM responses WHERE dissatisfied')) +
      (await count('SELECT count(*)::int AS n FROM anonymous_responses WHERE dissatisfied')) +
      (await count('SELECT count(*)::int AS n FROM anonymous_response_inbox WHERE dissatisfied')),
    invitations: await count('SELECT count(*)::int AS n FROM invitations'),
    answered: await count(`SELECT count(*)::int AS n FROM invitations WHERE status = 'answered'`),
  });

  beforeAll(async () => {
    t = await startSurveyTestApp({ ROLE: 'api' });
    ({ auth, db } = t);
  });
  afterAll(() => t.close());

  it('shows current consents, and withdrawing is one click that de-identifies the answers', async () => {
    const invited = await invitation();
    const empty = await t.http().get(`/p/${invited.token}`).expect(200);
    expect(empty.headers['cache-control']).toBe('no-store');
    expect(empty.text).toContain('You have not agreed to anything');

    await answerIdentified(invited);
    const before = await totals();
    const page = await t.http().get(`/p/${invited.token}`).expect(200);
    expect(page.text).toContain('Answering surveys as yourself');
    expect(page.text).toContain('text version 1');

    const withdrawn = await t
      .http()
      .post(`/p/${invited.token}/withdraw`)
      .type('form')
      .send('purpose=identified_feedback')
      .expect(303);
    expect(withdrawn.headers.location).toBe(`/p/${invited.token}?done=withdrawn`);
    await t
      .http()
      .post(`/p/${invited.token}/withdraw`)
      .type('form')
      .send('purpose=identified_feedback')
      .expect(303);

    const { rows: events } = await db.query(
      `SELECT e.action, e.source FROM consent_events e JOIN customers c ON c.id = e.customer_id
       WHERE c.external_id = $1 ORDER BY e.id`,
      [invited.externalId],
    );
    expect(events).toEqual([
      { action: 'granted', source: 'survey_page' },
      { action: 'withdrawn', source: 'privacy_center' },
    ]);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM responses r JOIN customers c ON c.id = r.customer_id WHERE c.external_id = $1`,
        [invited.externalId],
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM preference_profiles p JOIN customers c ON c.id = p.customer_id WHERE c.external_id = $1`,
        [invited.externalId],
      ),
    ).toBe(0);
    expect(await totals()).toEqual(before);
    const { rows: emails } = await db.query(
      `SELECT status FROM email_messages WHERE invitation_id = $1 AND kind = 'thank_you'`,
      [invited.id],
    );
    expect(emails).toEqual([{ status: 'cancelled' }]);
    expect(
      await count(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'consent.withdrawn'`),
    ).toBe(1);
    const after = await t.http().get(`/p/${invited.token}?done=withdrawn`).expect(200);
    expect(after.text).toContain('your consent is withdrawn');
    expect(after.text).toContain('Withdrawn on');
  });

  it('gives the customer, and the API, everything held about them', async () => {
    const invited = await invitation();
    await answerIdentified(invited);
    await t.http().get(`/p/${invited.token}/data`).expect(404);
    const file = await t.http().post(`/p/${invited.token}/data`).expect(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    const data = JSON.parse(file.text);
    expect(data.customer).toMatchObject({ externalId: invited.externalId, email: invited.email });
    expect(data.consents).toEqual([
      expect.objectContaining({ purpose: 'identified_feedback', action: 'granted' }),
    ]);
    expect(data.consents[0].text.body).toContain('If you answer as yourself');
    // As the customer read it: the company's name, not a placeholder.
    expect(data.consents[0].text.body).toContain(`The people at ${t.config.companyName} who`);
    expect(data.consents[0].text.body).not.toMatch(/[{}]/);
    expect(data.invitations).toEqual([
      expect.objectContaining({ id: invited.id, status: 'answered' }),
    ]);
    expect(data.invitations[0].timeline.map((e: { type: string }) => e.type)).toContain('answered');
    expect(data.responses).toEqual([expect.objectContaining({ score: 1, comment: 'Cold room' })]);
    expect(data.preferences.profiles).toEqual([
      expect.objectContaining({ context: 'family_travel', channel: 'phone', interests: ['kids'] }),
    ]);
    expect(data.cases).toEqual([
      expect.objectContaining({
        status: 'open',
        timeline: [expect.objectContaining({ type: 'created' })],
      }),
    ]);
    expect(data.emails.map((e: { kind: string }) => e.kind).sort()).toEqual([
      'invitation',
      'thank_you',
    ]);

    const api = await t
      .http()
      .get(`/api/v1/customers/${invited.externalId}/export`)
      .set(auth)
      .expect(200);
    expect(api.body.customer.email).toBe(invited.email);
    expect(api.body.responses).toHaveLength(1);
    await t.http().get('/api/v1/customers/nobody/export').set(auth).expect(404);
  });

  it('erases the person: zero rows that reference them, totals unchanged, never emailed again', async () => {
    const invited = await invitation();
    await answerIdentified(invited);
    const { rows } = await db.query<{ id: string }>(
      'SELECT id FROM customers WHERE external_id = $1',
      [invited.externalId],
    );
    const customerId = rows[0].id;
    const before = await totals();

    const traces = [
      customerId,
      invited.externalId,
      invited.email,
      `Pat Person${n}`,
      `ROOM-${n}-REF`,
      `privacy-key-${n}`,
      tokenHash(invited.token),
    ];
    const { rows: tables } = await db.query<{ schema: string; name: string }>(
      `SELECT schemaname AS schema, tablename AS name FROM pg_tables WHERE schemaname IN ('public', 'pgboss')`,
    );
    const tablesHolding = async (trace: string) => {
      const holding: string[] = [];
      for (const { schema, name } of tables) {
        // The erasure's own event names the customer's id, so that subscribers forget them too.
        const notErasure = name === 'domain_events' ? ` AND row.type <> 'customer.erased'` : '';
        const found = await count(
          `SELECT count(*)::int AS n FROM "${schema}"."${name}" AS row
           WHERE row::text ILIKE '%' || $1 || '%'${notErasure}`,
          [trace],
        );
        if (found) holding.push(`${schema}.${name}`);
      }
      return holding;
    };
    // Every trace is somewhere before the erasure (else the search below could not fail).
    for (const trace of traces) expect(await tablesHolding(trace)).not.toEqual([]);

    const unconfirmed = await t.http().post(`/p/${invited.token}/erase`).type('form').send('');
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain('Tick the box');
    const erased = await t
      .http()
      .post(`/p/${invited.token}/erase`)
      .type('form')
      .send('confirm=yes')
      .expect(200);
    expect(erased.text).toContain('Your data is erased');

    for (const trace of traces) expect(await tablesHolding(trace)).toEqual([]);
    const { rows: events } = await db.query<{ type: string; payload: unknown }>(
      `SELECT type, payload FROM domain_events WHERE payload::text LIKE '%' || $1 || '%'`,
      [customerId],
    );
    expect(events).toEqual([{ type: 'customer.erased', payload: { customerId } }]);
    expect(await totals()).toEqual(before);
    await t.http().get(`/s/${invited.token}`).expect(404);
    await t.http().get(`/p/${invited.token}`).expect(404);

    // A later import of the same address is never emailed again.
    const again = await t
      .http()
      .post('/api/v1/invitations')
      .set(auth)
      .send({ survey: 'stay', customer: { externalId: 'p-new', email: invited.email } })
      .expect(202);
    expect(again.body).toMatchObject({ status: 'suppressed', reason: 'erased' });
  });

  it('erases through the API with 202', async () => {
    const invited = await invitation();
    await t.http().delete(`/api/v1/customers/${invited.externalId}`).set(auth).expect(202);
    await t.http().get(`/api/v1/customers/${invited.externalId}`).set(auth).expect(404);
    await t.http().delete(`/api/v1/customers/${invited.externalId}`).set(auth).expect(404);
  });
});
