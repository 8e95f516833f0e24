import { eventually } from '../support/eventually';
import { createUser, signIn, type SignedIn } from '../support/factories';
import {
  assignCase,
  form,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

/**
 * Details an agent meets every day (issue 15): the resolve form makes them choose a root cause,
 * the audit trail names what a form did, and every page has its icon.
 */
describe('console details', () => {
  let t: SurveyTestApp;
  let agent: SignedIn;
  let agentId: string;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const user = await createUser(t.app, 'agent');
    agentId = user.user.id;
    agent = await signIn(t.http, user.email, user.password);
  });
  afterAll(() => t?.close());

  const post = (path: string, fields: Record<string, string>) =>
    t
      .http()
      .post(path)
      .set('cookie', agent.cookie)
      .type('form')
      .send(form({ _csrf: agent.csrfToken, ...fields }));

  it('makes the agent choose a root cause: none is chosen for them', async () => {
    const { caseId } = await unhappyCase(t);
    await assignCase(t, caseId, agentId);
    const page = await t.http().get(`/console/cases/${caseId}`).set('cookie', agent.cookie);
    expect(page.status).toBe(200);
    const select = /<select[^>]*name="rootCause"[^>]*>(.*?)<\/select>/.exec(page.text)![1];
    expect(select.startsWith('<option value="" selected>Choose what caused it</option>')).toBe(
      true,
    );
    expect(select.match(/ selected/g)).toHaveLength(1);

    const refused = await post(`/console/cases/${caseId}/resolve`, {
      rootCause: '',
      resolution: 'Refunded a night.',
    }).expect(400);
    expect(refused.text).toContain(
      'Choose the root cause, what caused the problem for this customer, before resolving.',
    );
    expect(refused.text).not.toContain('rootCause must');
    // What the agent wrote is still there to resolve with once they choose.
    expect(refused.text).toContain('required>Refunded a night.</textarea>');

    // A note refused for a stale page keeps its words too.
    const stale = await post(`/console/cases/${caseId}/notes`, {
      version: '999',
      body: 'Called the hotel manager.',
    }).expect(409);
    expect(stale.text).toContain('required>Called the hotel manager.</textarea>');
    const { rows } = await t.db.query<{ status: string }>(
      'SELECT status FROM follow_up_cases WHERE id = $1',
      [caseId],
    );
    expect(rows).toEqual([{ status: 'assigned' }]);
  });

  it("shows the customer's whole answer: every question, the comment, the score on its scale", async () => {
    const { caseId } = await unhappyCase(t, 2, {
      answer: {
        answers: { what_went_wrong: ['room', 'billing'] },
        comment: 'Cold room, wrong bill.',
        preferences: [{ context: 'family_travel', channel: 'phone', interests: ['spa', 'kids'] }],
      },
    });
    await assignCase(t, caseId, agentId);
    const detail = await t
      .http()
      .get(`/api/v1/cases/${caseId}`)
      .set('cookie', agent.cookie)
      .expect(200);
    expect(detail.body.response).toMatchObject({
      score: 2,
      scale: { min: 1, max: 5 },
      comment: 'Cold room, wrong bill.',
      questions: [
        {
          questionId: 'what_went_wrong',
          question: 'What could have gone better?',
          answer: ['The room', 'Billing'],
        },
      ],
    });
    const page = (
      await t.http().get(`/console/cases/${caseId}`).set('cookie', agent.cookie).expect(200)
    ).text;
    expect(page).toContain(
      'Score <strong>2</strong> <span class="muted">on a scale of 1 to 5</span>',
    );
    expect(page).toContain('<dt>What could have gone better?</dt>\n  <dd>The room, Billing</dd>');
    expect(page).toContain('<dd>“Cold room, wrong bill.”</dd>');
    expect(page).toContain('interested in Spa and wellbeing, Activities for children');
  });

  it('names in the audit trail what a case form did', async () => {
    const { caseId } = await unhappyCase(t);
    await assignCase(t, caseId, agentId);
    await post(`/console/cases/${caseId}/notes`, { body: 'Called, no answer.' }).expect(303);
    // A page answers before its change is audited (the redirect is sent by the handler).
    await eventually(async () => {
      const { rows } = await t.db.query<{ action: string }>(
        `SELECT action FROM audit_events WHERE subject_id = $1 AND action LIKE 'POST %'`,
        [caseId],
      );
      expect(rows).toEqual([{ action: 'POST /console/cases/:id/notes' }]);
    });
  });

  it('gives every page its icon, and /favicon.ico leads to it', async () => {
    const page = await t.http().get('/console/login').expect(200);
    expect(page.text).toContain(
      '<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">',
    );
    const legacy = await t.http().get('/favicon.ico').expect(301);
    expect(legacy.headers.location).toBe('/assets/favicon.svg');
    const icon = await t.http().get('/assets/favicon.svg').expect(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });
});
