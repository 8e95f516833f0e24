import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { WEBHOOK_EVENT_TYPES } from '../../src/modules/webhooks/webhook-catalogue';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import {
  answerIdentified,
  answerRecovery,
  form,
  startSurveyTestApp,
  type SurveyTestApp,
} from '../support/survey-fixtures';
import {
  ISO_TIME,
  type MessageData,
  SignedMessages,
  type WebhookMessageJson,
} from '../support/webhook-events';
import { WebhookReceiver } from '../support/webhook-receiver';

/** Every public type, written out: a type that stops being sent fails the last test. */
const EVERY_TYPE = [
  'response.received',
  'response.dissatisfied',
  'case.opened',
  'case.assigned',
  'case.message_sent',
  'case.reply_received',
  'case.resolved',
  'case.reopened',
  'case.closed',
  'case.overdue',
  'preferences.updated',
  'consent.granted',
  'consent.withdrawn',
  'customer.erased',
  'invitation.bounced',
  'customer.unsubscribed',
];

const isoTime = expect.stringMatching(ISO_TIME);

/**
 * Every public event type, produced by the product as people and a CRM use it, sent to a real
 * receiver on loopback (allowed by WEBHOOK_ALLOW_PRIVATE) through one endpoint that takes all
 * events, and read as a receiver reads it: the Standard Webhooks signature first, then the data
 * it needs without calling back. Messages are built when sent, from the rows as they are then,
 * so each step waits for its message before the next one changes the case.
 */
describe('every webhook event, as a receiver gets it', () => {
  let t: SurveyTestApp;
  let receiver: WebhookReceiver;
  let messages: SignedMessages;
  let catcher: MailCatcher;
  let agent: { id: string; name: string; session: SignedIn };
  /** Every customer's address: no message may hold one. */
  const addresses: string[] = [];
  let visits = 0;

  beforeAll(async () => {
    t = await startSurveyTestApp({ WEBHOOK_ALLOW_PRIVATE: '127.0.0.1' });
    catcher = t.app.get(MailCatcher);
    receiver = await WebhookReceiver.start();
    const created = await t
      .http()
      .post('/api/v1/webhook-endpoints')
      .set(t.auth)
      .send({ url: receiver.url, description: 'Every event' })
      .expect(201);
    messages = new SignedMessages(receiver, created.body.secret as string);
    const user = await createUser(t.app, 'agent');
    agent = {
      id: user.user.id,
      name: user.user.name,
      session: await signIn(t.http, user.email, user.password),
    };
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  /** A new customer's invitation to a stay whose reference is `ROOM-<n>`. */
  async function invite(customer: Record<string, unknown> = {}) {
    visits += 1;
    const reference = `ROOM-${visits}`;
    const invited = await t.invite(customer, {
      touchpoint: { type: 'stay', reference, occurredAt: '2026-11-20T10:00:00Z' },
    });
    addresses.push(invited.email);
    const { rows } = await t.db.query<{ id: string }>(
      'SELECT id FROM customers WHERE external_id = $1',
      [invited.externalId],
    );
    return { invited, reference, customer: { id: rows[0].id, externalId: invited.externalId } };
  }
  type Visit = Awaited<ReturnType<typeof invite>>;

  const ofCustomer = (visit: Visit) => (data: MessageData) =>
    data.customer?.id === visit.customer.id;
  const ofCase = (caseId: string) => (data: MessageData) => data.case?.id === caseId;
  /** The case the visit's answer opened, as its `case.opened` names it. */
  const caseOpenedFor = async (visit: Visit) =>
    (await messages.next('case.opened', (data) => data.case.invitationId === visit.invited.id)).data
      .case.id as string;
  const as = () => asUser(t.http, agent.session);
  const byAgent = () => ({ kind: 'user', id: agent.id, name: agent.name });

  /** What every case event carries, the case in `status` as the entry left it. */
  function expectCaseEvent(
    message: WebhookMessageJson,
    visit: Visit,
    caseId: string,
    { status, entry, ...caseFields }: Record<string, unknown>,
  ) {
    expect(message.data).toMatchObject({
      case: {
        id: caseId,
        status,
        priority: expect.any(Number),
        firstContactDueAt: isoTime,
        resolutionDueAt: isoTime,
        ...caseFields,
      },
      customer: visit.customer,
      touchpoint: { type: 'stay', reference: visit.reference },
    });
    expect(message.data.case).toHaveProperty('team');
    expect(message.data.case).toHaveProperty('assignee');
    expect(message.data.case).toHaveProperty('externalRef');
    expect(message.data.entry).toEqual(entry);
  }

  it('follows a case from the unhappy answer to its close and a CRM reopening it', async () => {
    const visit = await invite();
    const { invited } = visit;
    await answerIdentified(t, invited, {
      score: 1,
      comment: 'The room was cold',
      // No contact time: one would hold the recovery survey for it.
      preferences: [{ context: 'business_travel', channel: 'phone', interests: ['spa'] }],
    });
    const caseId = await caseOpenedFor(visit);

    const answer = { identified: true, score: 1, comment: 'The room was cold', dissatisfied: true };
    for (const type of ['response.received', 'response.dissatisfied']) {
      const message = await messages.next(type, ofCustomer(visit));
      expect(message.data).toMatchObject({
        response: { ...answer, id: expect.any(String), invitationId: invited.id },
        customer: visit.customer,
        touchpoint: { type: 'stay', reference: visit.reference },
      });
      expect(message.data.response.submittedAt).toMatch(ISO_TIME);
    }
    const granted = await messages.next('consent.granted', ofCustomer(visit));
    expect(granted.data).toEqual({
      customer: visit.customer,
      consent: expect.objectContaining({
        purpose: 'identified_feedback',
        action: 'granted',
        source: 'survey_page',
        occurredAt: isoTime,
      }),
    });
    const preferences = await messages.next('preferences.updated', ofCustomer(visit));
    expect(preferences.data).toEqual({
      customer: visit.customer,
      preferences: [
        expect.objectContaining({
          context: 'business_travel',
          channel: 'phone',
          interests: ['spa'],
        }),
      ],
    });
    const opened = await messages.next('case.opened', ofCase(caseId));
    expectCaseEvent(opened, visit, caseId, {
      status: 'open',
      externalRef: null,
      assignee: null,
      entry: { type: 'created', actor: { kind: 'candor' } },
    });
    expect(opened.data.response).toEqual({
      score: 1,
      scale: 'csat5',
      scaleMax: 5,
      comment: 'The room was cold',
    });

    // The CRM names its ticket: every later message carries it (the link itself is not public).
    await t
      .http()
      .patch(`/api/v1/cases/${caseId}`)
      .set(t.auth)
      .send({ externalRef: 'CRM-1001' })
      .expect(200);
    await as().post(`/api/v1/cases/${caseId}/claim`).expect(200);
    const assigned = await messages.next('case.assigned', ofCase(caseId));
    expectCaseEvent(assigned, visit, caseId, {
      status: 'assigned',
      externalRef: 'CRM-1001',
      assignee: { id: agent.id, name: agent.name },
      entry: { type: 'claimed', actor: byAgent() },
    });

    await as()
      .post(`/api/v1/cases/${caseId}/messages`)
      .send({ subject: 'About your room', body: 'I am sorry. Which night was it?' })
      .expect(200);
    const sent = await messages.next('case.message_sent', ofCase(caseId));
    expectCaseEvent(sent, visit, caseId, {
      status: 'contacted',
      firstContactedAt: isoTime,
      entry: { type: 'message_sent', actor: byAgent() },
    });

    const mail = await catcher.waitFor(
      (m) => m.envelope.to.includes(invited.email) && m.subject === 'About your room',
      10_000,
    );
    await t
      .http()
      .post(`/dev/mail/${mail.id}/reply`)
      .type('form')
      .send(form({ body: 'Tuesday, room 214.' }))
      .expect(303);
    const reply = await messages.next('case.reply_received', ofCase(caseId));
    // The customer wrote: no one at the console, and not Candor either.
    expectCaseEvent(reply, visit, caseId, {
      status: 'contacted',
      entry: { type: 'reply_received', actor: { kind: 'customer' } },
    });

    await as()
      .post(`/api/v1/cases/${caseId}/resolve`)
      .send({ rootCause: 'product_quality', resolution: 'Radiator fixed, a night refunded.' })
      .expect(200);
    const resolved = await messages.next('case.resolved', ofCase(caseId));
    expectCaseEvent(resolved, visit, caseId, {
      status: 'resolved',
      rootCause: 'product_quality',
      resolvedAt: isoTime,
      entry: { type: 'resolved', actor: byAgent() },
    });

    await answerRecovery(t, invited.email, { score: '5' });
    const closed = await messages.next('case.closed', ofCase(caseId));
    expectCaseEvent(closed, visit, caseId, {
      status: 'closed',
      rootCause: 'product_quality',
      entry: { type: 'closed', actor: { kind: 'customer' }, outcome: 'recovered' },
    });

    // The CRM reopens the ticket, with the API key: the entry names the integration.
    await t.http().post(`/api/v1/cases/${caseId}/reopen`).set(t.auth).expect(200);
    const reopened = await messages.next('case.reopened', ofCase(caseId));
    expectCaseEvent(reopened, visit, caseId, {
      status: 'assigned',
      externalRef: 'CRM-1001',
      assignee: { id: agent.id, name: agent.name },
      entry: { type: 'reopened', actor: { kind: 'integration', name: 'Test CRM' } },
    });
  }, 90_000);

  it('tells of a case that became overdue (not of the warning before it), then of a CRM assigning it', async () => {
    const visit = await invite();
    await answerIdentified(t, visit.invited, { score: 2 });
    const caseId = await caseOpenedFor(visit);
    const opened = await messages.next('case.opened', ofCase(caseId));
    const priority = opened.data.case.priority as number;

    // Routed to the agent's team (as a routing rule would), and its deadline passed: the
    // escalation's jobs for this case run now, the warning first.
    const { rows: teams } = await t.db.query<{ id: string; name: string }>(
      `SELECT id, name FROM teams WHERE name = 'Customer Care'`,
    );
    await t.db.query(
      `UPDATE follow_up_cases SET team_id = $2, first_contact_due_at = now() - interval '1 minute'
       WHERE id = $1`,
      [caseId, teams[0].id],
    );
    for (const step of ['first_contact_warning', 'first_contact_overdue']) {
      await t.db.query(
        `UPDATE pgboss.job SET start_after = now()
         WHERE name = 'case.escalate' AND data->>'caseId' = $1 AND data->>'step' = $2`,
        [caseId, step],
      );
      await eventually(async () => {
        const done = await t.count(
          'SELECT count(*)::int AS n FROM case_escalations WHERE case_id = $1 AND step = $2',
          [caseId, step],
        );
        if (done !== 1) throw new Error(`${step} not done yet`);
      }, 15_000);
    }

    const overdue = await messages.next('case.overdue', ofCase(caseId));
    expectCaseEvent(overdue, visit, caseId, {
      status: 'open',
      priority: Math.max(priority - 1, 1),
      team: teams[0],
      overdueAt: isoTime,
      entry: {
        type: 'escalated',
        actor: { kind: 'candor' },
        step: 'first_contact_overdue',
      },
    });
    // Both steps committed before the message came: a delivery for the warning would exist.
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE type = 'case.overdue'
           AND order_key = $1`,
        [caseId],
      ),
    ).toBe(1);

    // The CRM gives it to the agent: a `case.assigned` too, under the integration's name.
    await t
      .http()
      .post(`/api/v1/cases/${caseId}/assign`)
      .set(t.auth)
      .send({ userId: agent.id })
      .expect(200);
    const assigned = await messages.next(
      'case.assigned',
      (data) => ofCase(caseId)(data) && data.entry.type === 'assigned',
    );
    expectCaseEvent(assigned, visit, caseId, {
      status: 'assigned',
      assignee: { id: agent.id, name: agent.name },
      overdueAt: isoTime,
      entry: { type: 'assigned', actor: { kind: 'integration', name: 'Test CRM' } },
    });
  }, 60_000);

  it('tells of a withdrawn consent, then of the erasure with nothing but the id', async () => {
    const visit = await invite();
    await answerIdentified(t, visit.invited, { score: 5 });
    await messages.next('consent.granted', ofCustomer(visit));
    await t
      .http()
      .post(`/p/${visit.invited.token}/withdraw`)
      .type('form')
      .send('purpose=identified_feedback')
      .expect(303);
    const withdrawn = await messages.next('consent.withdrawn', ofCustomer(visit));
    expect(withdrawn.data).toEqual({
      customer: visit.customer,
      consent: expect.objectContaining({
        purpose: 'identified_feedback',
        action: 'withdrawn',
        source: 'privacy_center',
        occurredAt: isoTime,
      }),
    });

    await t.http().delete(`/api/v1/customers/${visit.customer.externalId}`).set(t.auth).expect(202);
    const erased = await messages.next('customer.erased', ofCustomer(visit));
    expect(erased.data).toEqual({ customer: { id: visit.customer.id } });
  }, 60_000);

  it('tells of a bounced invitation and of a customer who unsubscribed', async () => {
    const address = `nobody-${process.pid}@example.com`;
    catcher.respondToRecipient(address, { code: 550, enhanced: '5.1.1', message: 'No such user' });
    try {
      const bouncing = await invite({ email: address });
      const bounced = await messages.next('invitation.bounced', ofCustomer(bouncing));
      expectInvitationEvent(bounced, bouncing);
    } finally {
      catcher.respondToRecipient(address, undefined);
    }

    const leaving = await invite();
    await t
      .http()
      .post(`/u/${leaving.invited.token}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    const unsubscribed = await messages.next('customer.unsubscribed', ofCustomer(leaving));
    expectInvitationEvent(unsubscribed, leaving);
  }, 60_000);

  function expectInvitationEvent(message: WebhookMessageJson, visit: Visit) {
    expect(message.data).toEqual({
      customer: visit.customer,
      invitation: {
        id: visit.invited.id,
        surveyId: expect.any(String),
        touchpoint: expect.objectContaining({ type: 'stay', reference: visit.reference }),
      },
    });
  }

  it("sent every type of the catalogue, each signed, and never a customer's address", () => {
    expect([...WEBHOOK_EVENT_TYPES].sort()).toEqual([...EVERY_TYPE].sort());
    const accepted = receiver.accepted();
    for (const message of accepted) messages.verified(message);
    expect([...new Set(accepted.map((r) => r.json.type))].sort()).toEqual([...EVERY_TYPE].sort());
    expect(new Set(accepted.map((r) => r.json.id)).size).toBe(accepted.length);
    for (const message of receiver.received) {
      for (const address of addresses) expect(message.body).not.toContain(address);
    }
  });
});
