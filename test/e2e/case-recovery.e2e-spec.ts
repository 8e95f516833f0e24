import { RecoveryEndings } from '../../src/modules/cases/recovery/recovery-endings';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { SuppressionsService } from '../../src/modules/suppressions/suppressions.service';
import { MailCatcher, type CapturedMail } from '../../src/modules/mail-transport/mail-catcher';
import { withMorningCalendar } from '../support/calendar-fixtures';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import {
  assignCase,
  form,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

/**
 * The whole loop over HTTP and SMTP with the worker running: an unhappy answer opens a case, the
 * agent claims it, writes, resolves; the customer gets the recovery survey, and their answer
 * closes the case (or gives it back to the agent when it was not made right).
 */
describe('the recovery survey', () => {
  let t: SurveyTestApp;
  let catcher: MailCatcher;
  let agent: SignedIn;

  const as = (session: SignedIn) => asUser(t.http, session);

  /** An unhappy customer's case, taken by the agent. */
  async function claimedCase() {
    const opened = await unhappyCase(t);
    await assignCase(t, opened.caseId, agentId);
    return opened;
  }
  let agentId: string;

  const resolve = (caseId: string) =>
    as(agent)
      .post(`/api/v1/cases/${caseId}/resolve`)
      .send({ rootCause: 'product_quality', resolution: 'Radiator fixed, a night refunded.' })
      .expect(200);
  const recoveryMail = (address: string) =>
    catcher.waitFor(
      (m) => m.envelope.to.includes(address) && m.subject === 'Did we make it right?',
      10_000,
    );
  const tokenIn = (mail: CapturedMail) => /\/r\/([A-Za-z0-9_-]{32})/.exec(mail.text ?? '')![1];
  const caseRow = async (caseId: string) =>
    (
      await t.db.query<{ status: string; resolved_at: Date | null }>(
        'SELECT status, resolved_at FROM follow_up_cases WHERE id = $1',
        [caseId],
      )
    ).rows[0];
  const timeline = async (caseId: string) =>
    (
      await t.db.query<{ type: string; detail: string | null }>(
        'SELECT type, detail FROM case_events WHERE case_id = $1 ORDER BY id',
        [caseId],
      )
    ).rows;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    catcher = t.app.get(MailCatcher);
    const user = await createUser(t.app, 'agent');
    agentId = user.user.id;
    agent = await signIn(t.http, user.email, user.password);
  });
  afterAll(() => t.close());

  it('closes the loop: claim, write, resolve, and the "made right" answer closes the case', async () => {
    const invited = await t.invite();
    await t
      .http()
      .post(`/s/${invited.token}`)
      .set('accept', 'application/json')
      .send({ consent: 'identified', consentText: await t.consentTextId(), score: 1 })
      .expect(201);
    const claimed = await eventually(async () => {
      const response = await as(agent).post('/api/v1/cases/claim-next').expect(200);
      return response.body as { id: string };
    });
    await as(agent)
      .post(`/api/v1/cases/${claimed.id}/messages`)
      .send({ subject: 'Your stay', body: 'We are sorry. We fixed the radiator.' })
      .expect(200);
    await resolve(claimed.id);

    const mail = await recoveryMail(invited.email);
    const token = tokenIn(mail);
    expect(mail.text).toContain(`/r/${token}?score=5`);
    expect(mail.text).toContain(`/p/${invited.token}`);
    // Its own words: the scale answers "did we make it right?", and no consent choice is offered.
    expect(mail.text).toMatch(/Not at all[\s\S]*Completely/);
    expect(mail.text).toContain('and they worked to put it right.');
    expect(mail.text).not.toContain('you decide whether to answer as yourself');
    expect(mail.text).not.toContain('satisfied …');
    const page = await t.http().get(`/r/${token}?score=4`).expect(200);
    expect(page.text).toContain('Did we make it right?');
    expect(page.text).toContain('Completely');
    expect(page.text).not.toContain('Very satisfied');
    expect(page.text).not.toContain('name="consent"');
    expect(page.text).toMatch(/value="4" required checked/);

    const answered = await t
      .http()
      .post(`/r/${token}`)
      .type('form')
      .send(
        form({
          score: '5',
          comment: 'Thank you!',
          context: 'family_travel',
          channel_family_travel: 'phone',
        }),
      )
      .expect(303);
    expect(answered.headers.location).toBe(`/r/${token}/thanks`);
    await t.http().get(`/r/${token}/thanks`).expect(200);

    expect(await caseRow(claimed.id)).toMatchObject({ status: 'closed' });
    expect((await timeline(claimed.id)).slice(-4)).toEqual([
      { type: 'resolved', detail: 'product_quality' },
      { type: 'recovery_requested', detail: null },
      { type: 'recovery_answered', detail: 'recovered' },
      { type: 'closed', detail: 'recovered' },
    ]);
    const { rows: profiles } = await t.db.query(
      `SELECT p.context, p.channel FROM preference_profiles p
       JOIN follow_up_cases c ON c.customer_id = p.customer_id WHERE c.id = $1`,
      [claimed.id],
    );
    expect(profiles).toEqual([{ context: 'family_travel', channel: 'phone' }]);
    // Answered: the link now says so, and a second answer is refused.
    await t
      .http()
      .post(`/r/${token}`)
      .type('form')
      .send(form({ score: '1' }))
      .expect(409);
    const view = await as(agent).get(`/api/v1/cases/${claimed.id}`).expect(200);
    expect(view.body.status).toBe('closed');
  });

  it('gives the case back to its agent when it was not made right', async () => {
    const { caseId, invited } = await claimedCase();
    await resolve(caseId);
    const token = tokenIn(await recoveryMail(invited.email));
    const answered = await t
      .http()
      .post(`/r/${token}`)
      .set('accept', 'application/json')
      .send({ score: 2, comment: 'Still cold.' })
      .expect(201);
    expect(answered.body).toMatchObject({ status: 'answered', recovered: false });
    expect(await caseRow(caseId)).toEqual({ status: 'assigned', resolved_at: null });
    expect((await timeline(caseId)).slice(-2)).toEqual([
      { type: 'recovery_answered', detail: 'not_recovered' },
      { type: 'reopened', detail: 'not_recovered' },
    ]);
    const thanks = await t.http().get(`/r/${token}/thanks`).expect(200);
    expect(thanks.text).toContain('has your answer and will contact you again.');
  });

  it('records one answer of ten at once', async () => {
    const { caseId, invited } = await claimedCase();
    await resolve(caseId);
    const token = tokenIn(await recoveryMail(invited.email));
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t
          .http()
          .post(`/r/${token}`)
          .set('accept', 'application/json')
          .send({ score: 1 + (i % 5) })
          .then((response) => response.status),
      ),
    );
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(9);
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'recovery_answered'`,
        [caseId],
      ),
    ).toBe(1);
  });

  it('refuses bad answers with sentences and writes nothing', async () => {
    const { caseId, invited } = await claimedCase();
    await resolve(caseId);
    const token = tokenIn(await recoveryMail(invited.email));
    const post = (body: object) =>
      t.http().post(`/r/${token}`).set('accept', 'application/json').send(body);
    const outOfRange = await post({ score: 9 }).expect(400);
    expect(outOfRange.body.details).toEqual([
      expect.objectContaining({ field: 'score', message: expect.any(String) }),
    ]);
    await post({ score: 'five' }).expect(400);
    const consent = await post({ score: 4, consent: 'anonymous' }).expect(400);
    expect(consent.body.message).toMatch(/asks no consent/);
    const page = await t
      .http()
      .post(`/r/${token}`)
      .type('form')
      .send(form({ comment: 'Hm' }))
      .expect(400);
    expect(page.text).toContain('Hm');
    expect(await caseRow(caseId)).toMatchObject({ status: 'resolved' });
    await t.http().get('/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404);
    await t.http().get('/r/short').expect(404);
  });

  it('closes the link when the agent reopens the case first', async () => {
    const { caseId, invited } = await claimedCase();
    await resolve(caseId);
    const token = tokenIn(await recoveryMail(invited.email));
    await as(agent).post(`/api/v1/cases/${caseId}/reopen`).expect(200);
    await t.http().get(`/r/${token}`).expect(410);
    await t
      .http()
      .post(`/r/${token}`)
      .set('accept', 'application/json')
      .send({ score: 5 })
      .expect(410);
  });

  it('sends the recovery survey at once after a whole dialogue, the budget counting only invitations', async () => {
    const { caseId, invited } = await claimedCase();
    await eventually(async () =>
      expect(
        await t.count(
          `SELECT count(*)::int AS n FROM email_messages
           WHERE invitation_id = $1 AND kind = 'thank_you' AND status = 'sent'`,
          [invited.id],
        ),
      ).toBe(1),
    );
    for (const subject of ['About your stay', 'Re: About your stay']) {
      await as(agent)
        .post(`/api/v1/cases/${caseId}/messages`)
        .send({ subject, body: 'We are on it.' })
        .expect(200);
    }
    const agentMail = await catcher.waitFor(
      (m) => m.envelope.to.includes(invited.email) && m.subject === 'Re: About your stay',
      10_000,
    );
    await t
      .http()
      .post(`/dev/mail/${agentMail.id}/reply`)
      .type('form')
      .send(form({ body: 'Thank you, that helps.' }))
      .expect(303);
    await eventually(async () =>
      expect((await timeline(caseId)).map((e) => e.type)).toContain('reply_received'),
    );

    // Five emails to this customer this week (more than the default budget of 3), yet the
    // recovery survey goes out at once.
    await resolve(caseId);
    await recoveryMail(invited.email);
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM email_messages
         WHERE customer_id = (SELECT customer_id FROM follow_up_cases WHERE id = $1)`,
        [caseId],
      ),
    ).toBe(5);
    expect((await timeline(caseId)).find((e) => e.type === 'recovery_requested')).toEqual({
      type: 'recovery_requested',
      detail: null,
    });
    // Unsolicited contact is still refused: one invitation per 30 days, whatever the dialogue.
    const next = await t
      .http()
      .post('/api/v1/invitations')
      .set(t.auth)
      .send({ survey: 'stay', customer: { externalId: invited.externalId, email: invited.email } })
      .expect(202);
    expect(next.body).toMatchObject({ status: 'throttled', reason: 'invitation_budget' });
  });

  it('pre-fills the preferences the customer stated before', async () => {
    const { caseId, invited } = await unhappyCase(t, 1, {
      answer: {
        preferences: [{ context: 'business_travel', channel: 'phone', interests: ['spa'] }],
      },
    });
    await assignCase(t, caseId, agentId);
    await resolve(caseId);
    const token = tokenIn(await recoveryMail(invited.email));
    const page = (await t.http().get(`/r/${token}?score=4`).expect(200)).text;
    const checked = [...page.matchAll(/<input [^>]*name="([^"]+)" value="([^"]*)"[^>]* checked>/g)]
      .map(([, name, value]) => `${name}=${value}`)
      .sort();
    expect(checked).toEqual([
      'channel_business_travel=phone',
      'context=business_travel',
      'interests_business_travel=spa',
      'score=4',
    ]);
  });

  it('holds the recovery survey for the evening when the customer prefers evenings', async () => {
    await withMorningCalendar(t.db, async (localHourToday) => {
      const { caseId, invited } = await unhappyCase(t, 1, {
        answer: {
          preferences: [{ context: 'business_travel', channel: 'phone', contactTime: 'evening' }],
        },
      });
      await assignCase(t, caseId, agentId);
      await resolve(caseId);

      const evening = localHourToday(17);
      const { rows: held } = await t.db.query<{ send_after: Date; start_after: Date }>(
        `SELECT m.send_after, j.start_after
         FROM email_messages m JOIN pgboss.job j ON j.data->>'emailId' = m.id::text
         WHERE m.invitation_id = $1 AND m.kind = 'recovery'`,
        [invited.id],
      );
      expect(held).toEqual([{ send_after: evening, start_after: evening }]);
      expect((await timeline(caseId)).find((e) => e.type === 'recovery_requested')).toEqual({
        type: 'recovery_requested',
        detail: `scheduled for ${evening.toISOString()}`,
      });
    });
  });

  it("waits the survey's recovery delay before sending", async () => {
    const { key: _key, ...content } = DEMO_SURVEY;
    await t
      .http()
      .put('/api/v1/surveys/stay')
      .set(t.auth)
      .send({
        ...content,
        followUp: { firstContactHours: 24, resolutionHours: 240, recoveryDelayHours: 2 },
      })
      .expect(200);
    try {
      const { caseId, invited } = await claimedCase();
      const before = Date.now();
      await resolve(caseId);
      const { rows } = await t.db.query<{ send_after: Date }>(
        `SELECT send_after FROM email_messages WHERE invitation_id = $1 AND kind = 'recovery'`,
        [invited.id],
      );
      const delay = rows[0].send_after.getTime() - before;
      expect(delay).toBeGreaterThanOrEqual(2 * 3_600_000);
      expect(delay).toBeLessThan(2 * 3_600_000 + 60_000);
    } finally {
      await t.http().put('/api/v1/surveys/stay').set(t.auth).send(content).expect(200);
    }
  });
});

describe('a resolved case waiting for nothing', () => {
  let t: SurveyTestApp;
  let agent: SignedIn;
  let agentId: string;

  const status = async (caseId: string) =>
    (
      await t.db.query<{ status: string }>('SELECT status FROM follow_up_cases WHERE id = $1', [
        caseId,
      ])
    ).rows[0].status;
  const lastEntry = async (caseId: string) =>
    (
      await t.db.query<{ type: string; detail: string | null }>(
        'SELECT type, detail FROM case_events WHERE case_id = $1 ORDER BY id DESC LIMIT 1',
        [caseId],
      )
    ).rows[0];
  const waitingOnCustomer = async () =>
    (await asUser(t.http, agent).get('/api/v1/cases?view=waiting_on_customer').expect(200)).body
      .items as { id: string }[];
  async function resolvedCase(): Promise<{ caseId: string; email: string }> {
    const { caseId, invited } = await unhappyCase(t);
    await assignCase(t, caseId, agentId);
    await asUser(t.http, agent)
      .post(`/api/v1/cases/${caseId}/resolve`)
      .send({ rootCause: 'staff', resolution: 'Apologised in person.' })
      .expect(200);
    return { caseId, email: invited.email };
  }

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const user = await createUser(t.app, 'agent');
    agentId = user.user.id;
    agent = await signIn(t.http, user.email, user.password);
  });
  afterAll(() => t.close());

  it('closes once its recovery survey expired unanswered, and no longer waits on the customer', async () => {
    const { caseId } = await resolvedCase();
    const endings = t.app.get(RecoveryEndings);
    await endings.closeEnded();
    // Still open to an answer: it waits on the customer.
    expect(await status(caseId)).toBe('resolved');
    expect((await waitingOnCustomer()).map((c) => c.id)).toContain(caseId);

    await t.db.query(
      `UPDATE case_recoveries SET expires_at = now() - interval '1 second' WHERE case_id = $1`,
      [caseId],
    );
    expect(await endings.closeEnded()).toBeGreaterThanOrEqual(1);
    expect(await status(caseId)).toBe('closed');
    expect(await lastEntry(caseId)).toEqual({ type: 'closed', detail: 'recovery_unanswered' });
    expect((await waitingOnCustomer()).map((c) => c.id)).not.toContain(caseId);
    // Once: a second run finds nothing more to do for it.
    await endings.closeEnded();
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'closed'`,
        [caseId],
      ),
    ).toBe(1);
    const page = await asUser(t.http, agent).get(`/console/cases/${caseId}`).expect(200);
    expect(page.text).toContain('the recovery survey went unanswered');
  });

  it('closes at the resolve when the customer has unsubscribed and gets no survey', async () => {
    const { caseId, invited } = await unhappyCase(t);
    await assignCase(t, caseId, agentId);
    await t.app.get(SuppressionsService).suppress(invited.email, 'unsubscribed');
    const resolved = await asUser(t.http, agent)
      .post(`/api/v1/cases/${caseId}/resolve`)
      .send({ rootCause: 'staff', resolution: 'Apologised in person.' })
      .expect(200);
    expect(await status(caseId)).toBe('closed');
    // The answer is the case as it now is: its version holds for the next If-Match.
    const { rows: now } = await t.db.query<{ version: number }>(
      'SELECT version FROM follow_up_cases WHERE id = $1',
      [caseId],
    );
    expect(resolved.body).toMatchObject({ status: 'closed', version: now[0].version });
    const { rows } = await t.db.query<{ type: string; detail: string | null }>(
      'SELECT type, detail FROM case_events WHERE case_id = $1 ORDER BY id DESC LIMIT 3',
      [caseId],
    );
    expect(rows.reverse()).toEqual([
      { type: 'resolved', detail: 'staff' },
      { type: 'recovery_skipped', detail: 'unsubscribed' },
      { type: 'closed', detail: 'no_recovery' },
    ]);
  });
});

describe('the recovery survey with RECOVERY_REOPENS=false', () => {
  let t: SurveyTestApp;
  beforeAll(async () => {
    t = await startSurveyTestApp({ RECOVERY_REOPENS: 'false' });
  });
  afterAll(() => t.close());

  it('closes the case, not recovered, on an unhappy answer', async () => {
    const user = await createUser(t.app, 'agent');
    const session = await signIn(t.http, user.email, user.password);
    const invited = await t.invite();
    await t
      .http()
      .post(`/s/${invited.token}`)
      .set('accept', 'application/json')
      .send({ consent: 'identified', consentText: await t.consentTextId(), score: 1 })
      .expect(201);
    const claimed = await eventually(
      async () =>
        (
          await t
            .http()
            .post('/api/v1/cases/claim-next')
            .set('cookie', session.cookie)
            .set('x-csrf-token', session.csrfToken)
            .expect(200)
        ).body as { id: string },
    );
    await t
      .http()
      .post(`/api/v1/cases/${claimed.id}/resolve`)
      .set('cookie', session.cookie)
      .set('x-csrf-token', session.csrfToken)
      .send({ rootCause: 'staff', resolution: 'Apologised.' })
      .expect(200);
    const mail = await t.app
      .get(MailCatcher)
      .waitFor(
        (m) => m.envelope.to.includes(invited.email) && m.subject === 'Did we make it right?',
      );
    const token = /\/r\/([A-Za-z0-9_-]{32})/.exec(mail.text ?? '')![1];
    await t
      .http()
      .post(`/r/${token}`)
      .set('accept', 'application/json')
      .send({ score: 1 })
      .expect(201);
    const { rows } = await t.db.query(
      `SELECT c.status, r.recovered FROM follow_up_cases c JOIN case_recoveries r ON r.case_id = c.id
       WHERE c.id = $1`,
      [claimed.id],
    );
    expect(rows).toEqual([{ status: 'closed', recovered: false }]);
  });
});
