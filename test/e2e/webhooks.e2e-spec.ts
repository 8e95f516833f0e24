import { Webhook } from 'standardwebhooks';
import { CaseEscalations } from '../../src/modules/cases/escalation/case-escalations';
import { AnonymousResponseRelease } from '../../src/modules/responses/anonymous-response-release';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn } from '../support/factories';
import { type SurveyTestApp, startSurveyTestApp, unhappyCase } from '../support/survey-fixtures';
import { type Received, WebhookReceiver } from '../support/webhook-receiver';

/**
 * Webhooks against a real receiver on loopback (allowed by WEBHOOK_ALLOW_PRIVATE), each message
 * checked with the Standard Webhooks verifier.
 */
describe('webhooks', () => {
  let t: SurveyTestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startSurveyTestApp({
      WEBHOOK_ALLOW_PRIVATE: '127.0.0.1',
      WEBHOOK_RETRY_BASE_MS: '100',
    });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
    await t.db.query('DELETE FROM webhook_endpoints');
  });
  afterEach(() => receiver.close());

  async function addEndpoint(body: Record<string, unknown> = {}) {
    const created = await t
      .http()
      .post('/api/v1/webhook-endpoints')
      .set(t.auth)
      .send({ url: receiver.url, description: 'The CRM', ...body })
      .expect(201);
    return created.body as { endpoint: { id: string }; secret: string };
  }

  const arrived = (type: string, count = 1, timeoutMs = 10_000): Promise<Received[]> =>
    eventually(() => {
      const got = receiver.accepted(type);
      if (got.length < count) throw new Error(`${got.length} ${type} of ${count} arrived`);
      return got;
    }, timeoutMs);

  const verified = (secret: string, message: Received) =>
    new Webhook(secret).verify(message.body, message.headers as Record<string, string>);

  it('tells of a dissatisfied answer and its case, signed, with what a CRM needs', async () => {
    const { secret } = await addEndpoint();

    const { caseId, invited } = await unhappyCase(t, 1, {
      answer: { comment: 'The room was cold' },
    });

    const [opened] = await arrived('case.opened');
    expect(verified(secret, opened)).toEqual(opened.json);
    expect(opened.headers['webhook-id']).toBe(opened.json.id);
    expect(opened.json).toMatchObject({
      id: expect.stringMatching(/^evt_\d+$/),
      type: 'case.opened',
    });
    expect(opened.json.data).toMatchObject({
      case: {
        id: caseId,
        externalRef: null,
        status: 'open',
        priority: expect.any(Number),
        firstContactDueAt: expect.any(String),
        resolutionDueAt: expect.any(String),
      },
      customer: { id: expect.any(String), externalId: invited.externalId },
      touchpoint: { type: 'stay', reference: expect.stringMatching(/^R-\d+$/) },
      entry: { type: 'created', actor: { kind: 'candor' } },
    });
    const [dissatisfied] = await arrived('response.dissatisfied');
    verified(secret, dissatisfied);
    expect(dissatisfied.json.data).toMatchObject({
      response: {
        identified: true,
        score: 1,
        scale: 'csat5',
        scaleMax: 5,
        comment: 'The room was cold',
        dissatisfied: true,
      },
      customer: { externalId: invited.externalId },
    });
    const [received] = await arrived('response.received');
    expect(received.json.data.response.id).toBe(dissatisfied.json.data.response.id);
    const [consent] = await arrived('consent.granted');
    expect(consent.json.data).toMatchObject({
      customer: { externalId: invited.externalId },
      consent: { purpose: 'identified_feedback', action: 'granted' },
    });
    // Nothing in any message is the customer's email.
    expect(receiver.received.some((r) => r.body.includes(invited.email))).toBe(false);
  });

  it('logs each delivery, sends a test event and redelivers by hand, with the same id', async () => {
    const { endpoint, secret } = await addEndpoint({ eventTypes: ['case.opened'] });
    await unhappyCase(t);
    const [opened] = await arrived('case.opened');

    const log = await t
      .http()
      .get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries`)
      .set(t.auth)
      .expect(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({
        messageId: opened.json.id,
        type: 'case.opened',
        status: 'delivered',
        attempts: 1,
        responseStatus: 200,
        responseBody: 'answered 200',
        latencyMs: expect.any(Number),
      }),
    ]);
    // Only the chosen event type was sent.
    expect(receiver.received.map((r) => r.json.type)).toEqual(['case.opened']);

    await t.http().post(`/api/v1/webhook-endpoints/${endpoint.id}/test`).set(t.auth).expect(202);
    const [test] = await arrived('webhook.test');
    expect(verified(secret, test)).toMatchObject({ type: 'webhook.test' });

    const delivery = log.body.items[0] as { id: string };
    await t
      .http()
      .post(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${delivery.id}/redeliver`)
      .set(t.auth)
      .expect(202);
    const again = await arrived('case.opened', 2);
    expect(again[1].json.id).toBe(opened.json.id);
  });

  it("delivers every event once, in each case's order, to a receiver that failed for a while", async () => {
    let failing = true;
    receiver.answer = () => (failing ? 500 : 200);
    await addEndpoint({ ordered: true, eventTypes: ['case.opened', 'case.assigned'] });
    const agent = await createUser(t.app, 'agent');
    const session = await signIn(t.http, agent.email, agent.password);
    const cases = [await unhappyCase(t), await unhappyCase(t)];
    for (const { caseId } of cases) {
      await asUser(t.http, session).post(`/api/v1/cases/${caseId}/claim`).expect(200);
    }
    await eventually(() => {
      if (receiver.received.length < 6) throw new Error('not tried enough yet');
    }, 15_000);
    failing = false;

    await arrived('case.assigned', 2, 15_000);
    const accepted = receiver.accepted();
    expect(new Set(accepted.map((r) => r.json.id)).size).toBe(accepted.length);
    expect(accepted).toHaveLength(4);
    for (const { caseId } of cases) {
      const tried = receiver.received.filter((r) => r.json.data.case.id === caseId);
      // Nothing of the case was tried after its first event until that one got through.
      const firstOk = tried.findIndex((r) => r.status === 200);
      expect(tried.slice(0, firstOk + 1).every((r) => r.json.type === 'case.opened')).toBe(true);
      expect(tried.filter((r) => r.status === 200).map((r) => r.json.type)).toEqual([
        'case.opened',
        'case.assigned',
      ]);
    }
  }, 40_000);

  it('disables an endpoint that answers 410', async () => {
    receiver.answer = () => 410;
    const { endpoint } = await addEndpoint();
    await unhappyCase(t);

    const disabled = await eventually(async () => {
      const got = await t.http().get(`/api/v1/webhook-endpoints/${endpoint.id}`).set(t.auth);
      if (got.body.enabled !== false) throw new Error('still enabled');
      return got.body as Record<string, unknown>;
    }, 10_000);
    expect(disabled).toMatchObject({ disabledReason: 'gone', disabledAt: expect.any(String) });
    // A disabled endpoint gets no new deliveries, and no redelivery is promised.
    const before = await t.count('SELECT count(*)::int AS n FROM webhook_deliveries');
    await unhappyCase(t);
    expect(await t.count('SELECT count(*)::int AS n FROM webhook_deliveries')).toBe(before);
    const log = await t
      .http()
      .get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries`)
      .set(t.auth)
      .expect(200);
    const refused = await t
      .http()
      .post(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${log.body.items[0].id}/redeliver`)
      .set(t.auth)
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'webhook_endpoint_disabled' });
  });

  it('signs with both secrets for a day after a rotation', async () => {
    const { endpoint, secret: old } = await addEndpoint({ eventTypes: ['case.opened'] });
    const rotated = await t
      .http()
      .post(`/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`)
      .set(t.auth)
      .expect(200);
    const fresh = rotated.body.secret as string;
    expect(fresh).not.toBe(old);
    expect(rotated.body.endpoint.previousSecretValidUntil).toEqual(expect.any(String));

    await unhappyCase(t);
    const [opened] = await arrived('case.opened');
    expect(verified(old, opened)).toMatchObject({ type: 'case.opened' });
    expect(verified(fresh, opened)).toMatchObject({ type: 'case.opened' });
    expect(() => verified(`whsec_${Buffer.alloc(32).toString('base64')}`, opened)).toThrow();
  });

  it('sends nothing of an erased customer: their pending deliveries are dropped', async () => {
    receiver.answer = () => 503;
    const { endpoint } = await addEndpoint();
    const { caseId, invited } = await unhappyCase(t, 1, { answer: { comment: 'Noisy' } });
    await eventually(async () => {
      const n = await t.count(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE type = 'case.opened'`,
      );
      if (n !== 1) throw new Error('no case.opened delivery yet');
    });
    expect(caseId).toBeTruthy();
    // The receiver failed them all: they wait to be tried again.
    await t.db.query(`UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 day'`);

    await t.http().delete(`/api/v1/customers/${invited.externalId}`).set(t.auth).expect(202);
    receiver.answer = () => 200;
    await t.db.query(`UPDATE webhook_deliveries SET next_attempt_at = now()`);

    const [erased] = await arrived('customer.erased');
    expect(erased.json.data).toEqual({ customer: { id: expect.any(String) } });
    await eventually(async () => {
      const pending = await t.count(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending'`,
      );
      if (pending > 0) throw new Error(`${pending} still pending`);
    });
    const delivered = receiver.accepted();
    expect(delivered.map((r) => r.json.type)).toEqual(['customer.erased']);
    for (const r of receiver.received.filter((r) => r.status === 200)) {
      // As a whole value: a short id like 'c-8' may stand inside a random uuid.
      expect(r.body).not.toContain(`"${invited.externalId}"`);
      expect(r.body).not.toContain('Noisy');
    }
    const log = await t
      .http()
      .get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries?status=dropped`)
      .set(t.auth)
      .expect(200);
    expect(log.body.items.length).toBeGreaterThan(0);
  });

  it('refuses an endpoint on a private address unless WEBHOOK_ALLOW_PRIVATE names it', async () => {
    const refused = await t
      .http()
      .post('/api/v1/webhook-endpoints')
      .set(t.auth)
      .send({ url: 'http://localhost:9/hooks' })
      .expect(400);
    expect(refused.body.details).toEqual([
      { field: 'url', message: expect.stringContaining('loopback') },
    ]);
    const badEvent = await t
      .http()
      .post('/api/v1/webhook-endpoints')
      .set(t.auth)
      .send({ url: receiver.url, eventTypes: ['case.nothing'] })
      .expect(400);
    expect(badEvent.body.details).toEqual([
      { field: 'eventTypes', message: expect.stringContaining('case.opened') },
    ]);
    const badHeader = await t
      .http()
      .post('/api/v1/webhook-endpoints')
      .set(t.auth)
      .send({ url: receiver.url, headers: { 'webhook-id': 'x', 'x-token': 'a\nb' } })
      .expect(400);
    expect(badHeader.body.details).toEqual([
      { field: 'headers.webhook-id', message: 'is set by Candor and cannot be replaced' },
      { field: 'headers.x-token', message: expect.stringContaining('one line') },
    ]);
  });

  it('cuts a receiver that hangs at 10 s and tries again later', async () => {
    receiver.answer = ({ json }) => (json.type === 'webhook.test' ? 'hang' : 200);
    const { endpoint } = await addEndpoint({ eventTypes: ['case.opened'] });
    await t.http().post(`/api/v1/webhook-endpoints/${endpoint.id}/test`).set(t.auth).expect(202);

    const [attempt] = await eventually(async () => {
      const { rows } = await t.db.query<{ error: string; latency_ms: number; status: string }>(
        `SELECT error, latency_ms, status FROM webhook_deliveries WHERE type = 'webhook.test'
           AND error IS NOT NULL`,
      );
      if (rows.length === 0) throw new Error('not cut yet');
      return rows;
    }, 20_000);
    expect(attempt).toMatchObject({ status: 'pending', error: 'timed out after 10 s' });
    expect(attempt.latency_ms).toBeGreaterThanOrEqual(10_000);
    expect(attempt.latency_ms).toBeLessThan(12_000);
  }, 30_000);

  it('lets a receiver pull the same messages after a cursor, and catch up', async () => {
    const { secret } = await addEndpoint({ eventTypes: ['case.opened'] });
    const { caseId } = await unhappyCase(t);
    const [pushed] = await arrived('case.opened');
    verified(secret, pushed);

    const all = await t.http().get('/api/v1/events?types=case.opened').set(t.auth).expect(200);
    const mine = (all.body.items as Received['json'][]).find((m) => m.data.case.id === caseId);
    expect(mine).toEqual(pushed.json);

    // One at a time, from the start, to the end; then the cursor stays where it is.
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 50; page += 1) {
      const got = await t
        .http()
        .get(`/api/v1/events?limit=1&after=${cursor}`)
        .set(t.auth)
        .expect(200);
      seen.push(...got.body.items.map((m: { id: string }) => m.id));
      cursor = got.body.nextCursor as string;
      if (!got.body.hasMore) break;
    }
    expect(seen).toEqual(
      expect.arrayContaining([pushed.json.id, expect.stringMatching(/^evt_\d+$/)]),
    );
    expect(new Set(seen).size).toBe(seen.length);
    const after = await t.http().get(`/api/v1/events?after=${cursor}`).set(t.auth).expect(200);
    expect(after.body).toEqual({ items: [], nextCursor: cursor, hasMore: false });

    // What happens next is found after the cursor.
    await unhappyCase(t);
    const next = await eventually(async () => {
      const got = await t.http().get(`/api/v1/events?after=${cursor}`).set(t.auth).expect(200);
      const types = got.body.items.map((m: { type: string }) => m.type);
      if (!types.includes('case.opened')) throw new Error(`only ${types.join(', ')}`);
      return types as string[];
    });
    expect(next).toEqual(expect.arrayContaining(['response.received', 'case.opened']));

    const bad = await t.http().get('/api/v1/events?after=nonsense').set(t.auth).expect(400);
    expect(bad.body.details).toEqual([{ field: 'after', message: expect.any(String) }]);
    // Digits past a bigint: not a cursor we gave, and a 400 rather than the database's error.
    const huge = Buffer.from('1.99999999999999999999').toString('base64url');
    await t.http().get(`/api/v1/events?after=${huge}`).set(t.auth).expect(400);
    await t.http().get('/api/v1/events?types=case.nothing').set(t.auth).expect(400);
  });

  it('sends anonymous answers without any identity, and only to endpoints that ask', async () => {
    const anonymous = await WebhookReceiver.start();
    try {
      await addEndpoint({ eventTypes: ['response.received'] });
      const asked = await t
        .http()
        .post('/api/v1/webhook-endpoints')
        .set(t.auth)
        .send({ url: anonymous.url, eventTypes: ['response.received'], includeAnonymous: true })
        .expect(201);
      const invited = [];
      for (let i = 0; i < 10; i++) {
        const one = await t.invite();
        invited.push(one);
        await t
          .http()
          .post(`/s/${one.token}`)
          .set('accept', 'application/json')
          .send({ consent: 'anonymous', score: 4, comment: `Fine ${i}` })
          .expect(201);
      }
      await t.app.get(AnonymousResponseRelease).release();

      const got = await eventually(() => {
        const accepted = anonymous.accepted('response.received');
        if (accepted.length < 10) throw new Error(`${accepted.length} of 10`);
        return accepted;
      }, 10_000);
      new Webhook(asked.body.secret as string).verify(
        got[0].body,
        got[0].headers as Record<string, string>,
      );
      for (const message of got) {
        expect(message.json.occurredAt).toMatch(/^\d{4}-\d{2}-01T00:00:00\.000Z$/);
        expect(Object.keys(message.json.data)).toEqual(['response']);
        expect(Object.keys(message.json.data.response).sort()).toEqual([
          'comment',
          'identified',
          'scale',
          'scaleMax',
          'score',
          'submittedMonth',
          'surveyId',
          'surveyVersionId',
        ]);
        expect(message.json.data.response).toMatchObject({
          identified: false,
          score: 4,
          scale: 'csat5',
          scaleMax: 5,
        });
        for (const one of invited) {
          expect(message.body).not.toContain(one.id);
          expect(message.body).not.toContain(`"${one.externalId}"`);
        }
      }
      // The endpoint that did not ask got none of them.
      expect(receiver.received).toEqual([]);
    } finally {
      await anonymous.close();
    }
  });

  it('tells a case that became overdue, not a warning before it', async () => {
    const { secret } = await addEndpoint({ eventTypes: ['case.overdue'] });
    const { caseId } = await unhappyCase(t);
    const escalations = t.app.get(CaseEscalations);
    await escalations.escalate(caseId, 'first_contact_warning');
    await escalations.escalate(caseId, 'first_contact_overdue');

    const [overdue] = await arrived('case.overdue');
    expect(verified(secret, overdue)).toMatchObject({ type: 'case.overdue' });
    expect(overdue.json.data).toMatchObject({
      case: { id: caseId, overdueAt: expect.any(String) },
      entry: { type: 'escalated', step: 'first_contact_overdue', actor: { kind: 'candor' } },
    });
    expect(await t.count(`SELECT count(*)::int AS n FROM webhook_deliveries`)).toBe(1);
  });

  it('closes a case for a CRM when the customer withdraws the consent it relied on', async () => {
    const { secret } = await addEndpoint({ eventTypes: ['case.closed'] });
    const { caseId, invited } = await unhappyCase(t);
    await t
      .http()
      .post(`/p/${invited.token}/withdraw`)
      .type('form')
      .send('purpose=identified_feedback')
      .expect(303);

    const [closed] = await arrived('case.closed');
    expect(verified(secret, closed)).toMatchObject({ type: 'case.closed' });
    expect(closed.json.data).toMatchObject({
      case: { id: caseId, status: 'withdrawn' },
      entry: { type: 'withdrawn', outcome: 'withdrawn', actor: { kind: 'customer' } },
    });
  });

  it('disables an endpoint whose URL it would no longer accept, but refuses that URL anew', async () => {
    const { endpoint } = await addEndpoint();
    // Its host has come to resolve to a private address since it was added.
    await t.db.query(`UPDATE webhook_endpoints SET url = 'http://10.0.0.7/hooks' WHERE id = $1`, [
      endpoint.id,
    ]);
    const path = `/api/v1/webhook-endpoints/${endpoint.id}`;

    const disabled = await t.http().patch(path).set(t.auth).send({ enabled: false }).expect(200);
    expect(disabled.body).toMatchObject({ enabled: false, disabledReason: 'admin' });
    const refused = await t
      .http()
      .patch(path)
      .set(t.auth)
      .send({ url: 'http://10.0.0.8/hooks' })
      .expect(400);
    expect(refused.body.details).toEqual([
      { field: 'url', message: expect.stringContaining('private') },
    ]);
  });

  it('keeps what a disabled endpoint had waiting, and sends it when it is enabled again', async () => {
    receiver.answer = () => 503;
    const { endpoint } = await addEndpoint({ eventTypes: ['case.opened'] });
    await unhappyCase(t);
    await eventually(() => {
      if (receiver.received.length === 0) throw new Error('not tried yet');
    });
    const path = `/api/v1/webhook-endpoints/${endpoint.id}`;
    await t.http().patch(path).set(t.auth).send({ enabled: false }).expect(200);
    const log = await t.http().get(`${path}/deliveries`).set(t.auth).expect(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({ type: 'case.opened', status: 'pending', nextAttemptAt: null }),
    ]);

    receiver.answer = () => 200;
    await t.http().patch(path).set(t.auth).send({ enabled: true }).expect(200);
    await arrived('case.opened');
    await eventually(async () => {
      const got = await t.http().get(`${path}/deliveries`).set(t.auth).expect(200);
      if (got.body.items[0].status !== 'delivered') throw new Error(got.body.items[0].status);
    });
  });
});
