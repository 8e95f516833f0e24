import { DomainEventPruning } from '../../src/common/events/domain-event-pruning';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { AnonymousResponseRelease } from '../../src/modules/responses/anonymous-response-release';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import { form, startSurveyTestApp, type SurveyTestApp } from '../support/survey-fixtures';

interface LoggedEvent {
  id: string;
  /** The transaction that wrote it. */
  xmin: string;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * The domain event log, which webhooks and notifications will read: the loop run over HTTP and
 * SMTP leaves one event per state change, in the order the changes happened, naming ids only.
 */
describe('the domain event log', () => {
  let t: SurveyTestApp;
  let agent: SignedIn;
  let agentId: string;

  const as = (session: SignedIn) => asUser(t.http, session);
  /** The events whose payload names one of `ids`, oldest first. */
  const eventsNaming = async (...ids: string[]) =>
    (
      await t.db.query<LoggedEvent>(
        `SELECT id, xmin::text, type, payload FROM domain_events
         WHERE EXISTS (SELECT 1 FROM jsonb_each_text(payload) AS p WHERE p.value = ANY($1))
         ORDER BY id`,
        [ids],
      )
    ).rows;
  const typesNaming = async (...ids: string[]) =>
    (await eventsNaming(...ids)).map((event) => event.type);

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const user = await createUser(t.app, 'agent');
    agentId = user.user.id;
    agent = await signIn(t.http, user.email, user.password);
  });
  afterAll(() => t.close());

  it('tells the whole loop, change by change, with ids only', async () => {
    // An external id no uuid can hold by chance (the fixture's `c-1` can: …804c-1577…).
    const invited = await t.invite({ externalId: 'crm-eve-eventful', name: 'Eve Eventful' });
    const catcher = t.app.get(MailCatcher);
    await catcher.waitFor((mail) => mail.envelope.to.includes(invited.email), 10_000);
    await eventually(async () => {
      expect(await typesNaming(invited.id)).toContain('invitation.sent');
    });
    await t
      .http()
      .post(`/s/${invited.token}`)
      .type('form')
      .send(
        form({
          consent: 'identified',
          consentText: await t.consentTextId(),
          score: '1',
          comment: 'Cold room.',
          context: 'business_travel',
          channel_business_travel: 'email',
        }),
      )
      .expect(303);
    const claimed = await eventually(async () => {
      const response = await as(agent).post('/api/v1/cases/claim-next').expect(200);
      return response.body as { id: string };
    });
    await as(agent)
      .post(`/api/v1/cases/${claimed.id}/messages`)
      .send({ subject: 'Your stay', body: 'We are sorry. We fixed the radiator.' })
      .expect(200);
    await as(agent)
      .post(`/api/v1/cases/${claimed.id}/resolve`)
      .send({ rootCause: 'product_quality', resolution: 'Radiator fixed.' })
      .expect(200);
    const recovery = await catcher.waitFor(
      (m) => m.envelope.to.includes(invited.email) && m.subject === 'Did we make it right?',
      10_000,
    );
    const recoveryToken = /\/r\/([A-Za-z0-9_-]{32})/.exec(recovery.text ?? '')![1];
    await t
      .http()
      .post(`/r/${recoveryToken}`)
      .set('accept', 'application/json')
      .send({ score: 5 })
      .expect(201);

    const { rows } = await t.db.query<{ customer_id: string; response_id: string }>(
      `SELECT c.customer_id, c.response_id FROM follow_up_cases c WHERE c.id = $1`,
      [claimed.id],
    );
    const { customer_id: customerId, response_id: responseId } = rows[0];
    const events = await eventsNaming(invited.id, customerId, responseId, claimed.id);
    // One entry per transaction (the events of one statement come in no set order).
    const transactions: string[][] = [];
    let previous: string | undefined;
    for (const event of events) {
      if (event.xmin !== previous) transactions.push([]);
      transactions[transactions.length - 1].push(event.type);
      previous = event.xmin;
    }
    expect(transactions.map((types) => types.sort())).toEqual([
      ['customer.created', 'invitation.queued'],
      ['invitation.sent'],
      [
        'consent.granted',
        'invitation.answered',
        'preferences.updated',
        'response.dissatisfied',
        'response.received',
      ],
      ['case.created'],
      ['case.claimed'],
      ['case.message_sent'],
      // Resolving asks at once whether it was made right.
      ['case.recovery_requested', 'case.resolved'],
      // Made right: the answer closes the case.
      ['case.closed', 'case.recovery_answered'],
    ]);
    expect(events.find((event) => event.type === 'response.received')!.payload).toEqual({
      responseId,
      surveyVersionId: expect.any(String),
      identified: true,
      invitationId: invited.id,
      customerId,
    });
    expect(events.find((event) => event.type === 'case.claimed')!.payload).toEqual({
      caseId: claimed.id,
      actorId: agentId,
      apiKeyId: null,
      entryId: expect.stringMatching(/^\d+$/),
    });
    // Ids only: nothing the customer wrote or is called.
    const logged = JSON.stringify(events);
    for (const personal of [invited.email, invited.externalId, 'Eve Eventful', 'Cold room.']) {
      expect(logged).not.toContain(personal);
    }
  });

  it('tells an anonymous answer without anything that points to its invitation', async () => {
    const release = t.app.get(AnonymousResponseRelease);
    const before = await t.count(`SELECT coalesce(max(id), 0)::int AS n FROM domain_events`);
    const answered: string[] = [];
    for (let i = 0; i < 10; i++) {
      const invited = await t.invite();
      answered.push(invited.id);
      await t
        .http()
        .post(`/s/${invited.token}`)
        .set('accept', 'application/json')
        .send({ consent: 'anonymous', score: 4 })
        .expect(201);
    }
    await release.release();
    const { rows } = await t.db.query<LoggedEvent>(
      `SELECT id, type, payload FROM domain_events WHERE id > $1 AND type = 'response.received'`,
      [before],
    );
    expect(rows).toHaveLength(10);
    for (const { payload } of rows) {
      expect(Object.keys(payload).sort()).toEqual(['identified', 'responseId', 'surveyVersionId']);
      expect(payload.identified).toBe(false);
    }
    // Each invitation still says it was answered, for the response rate.
    for (const id of answered) {
      expect(await typesNaming(id)).toContain('invitation.answered');
    }
  });

  it('tells a withdrawal once, and only a change of the customer as an update', async () => {
    const invited = await t.invite();
    await t
      .http()
      .post(`/s/${invited.token}`)
      .set('accept', 'application/json')
      .send({ consent: 'identified', consentText: await t.consentTextId(), score: 4 })
      .expect(201);
    const customerId = await customerIdOf(invited.externalId);
    const withdraw = () =>
      t
        .http()
        .post(`/p/${invited.token}/withdraw`)
        .type('form')
        .send('purpose=identified_feedback')
        .expect(303);
    await withdraw();
    await withdraw();
    const put = (name: string) =>
      t
        .http()
        .put(`/api/v1/customers/${invited.externalId}`)
        .set(t.auth)
        .send({ email: invited.email, name })
        .expect(200);
    await put('Ann');
    await put('Ann Other');
    const types = (await typesNaming(customerId)).filter(
      (type) => type.startsWith('consent.') || type.startsWith('customer.'),
    );
    expect(types).toEqual([
      'customer.created',
      'consent.granted',
      'consent.withdrawn',
      'customer.updated',
    ]);
  });

  it('prunes the events past their retention, and only those', async () => {
    await t.db.query(
      `INSERT INTO domain_events (type, occurred_at, payload)
       SELECT 'test.old', now() - interval '31 days', '{}'::jsonb FROM generate_series(1, 3)`,
    );
    await t.db.query(
      `INSERT INTO domain_events (type, occurred_at, payload)
       VALUES ('test.recent', now() - interval '29 days', '{}'::jsonb)`,
    );
    expect(await t.app.get(DomainEventPruning).prune()).toBe(3);
    expect(
      await t.count(`SELECT count(*)::int AS n FROM domain_events WHERE type LIKE 'test.%'`),
    ).toBe(1);
  });

  async function customerIdOf(externalId: string): Promise<string> {
    const { rows } = await t.db.query<{ id: string }>(
      'SELECT id FROM customers WHERE external_id = $1',
      [externalId],
    );
    return rows[0].id;
  }
});
