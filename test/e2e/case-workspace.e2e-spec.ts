import { eventually } from '../support/eventually';
import { createUser, signIn, type SignedIn } from '../support/factories';
import {
  answerRecovery,
  form,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

/**
 * The case workspace (issue 15): an agent takes a waiting case from its own page, hands it to a
 * colleague, works it to resolved and sees what was done and what the customer said of it, on the
 * page, in the API and in the CSV, all in words.
 */
describe('the case workspace', () => {
  let t: SurveyTestApp;
  let agent: SignedIn;
  let agentName: string;
  let colleagueId: string;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const user = await createUser(t.app, 'agent');
    agentName = user.user.name;
    agent = await signIn(t.http, user.email, user.password);
    colleagueId = (await createUser(t.app, 'agent')).user.id;
  });
  afterAll(() => t?.close());

  const page = (caseId: string) =>
    t.http().get(`/console/cases/${caseId}`).set('cookie', agent.cookie).expect(200);
  const post = (path: string, fields: Record<string, string>) =>
    t
      .http()
      .post(path)
      .set('cookie', agent.cookie)
      .type('form')
      .send(form({ _csrf: agent.csrfToken, ...fields }));
  const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1];

  it('lets an agent take a waiting case from its page, or hand it to a colleague of the team', async () => {
    const { caseId } = await unhappyCase(t);
    const waiting = await page(caseId);
    expect(waiting.text).toContain('Waiting for an agent');
    expect(waiting.text).toContain('>Assign to me</button>');
    expect(waiting.text).toContain('no one yet');

    const claimed = await post(`/console/cases/${caseId}/claim`, {
      version: versionIn(waiting.text),
    }).expect(303);
    expect(claimed.headers.location).toBe(`/console/cases/${caseId}?done=claimed`);
    const mine = await page(caseId);
    expect(mine.text).toMatch(new RegExp(`<dt>Assigned to</dt><dd>${agentName}</dd>`));
    expect(mine.text).not.toContain('>Assign to me</button>');
    // The owner is not offered as a colleague to hand it to; the colleague is.
    const options = /<select name="userId">(.*?)<\/select>/.exec(mine.text)![1];
    expect(options).toContain(`value="${colleagueId}"`);
    expect(options).not.toContain(agentName);

    // A second claim from a stale page is a conflict to see, not a silent takeover.
    const again = await post(`/console/cases/${caseId}/claim`, {
      version: versionIn(waiting.text),
    });
    expect(again.status).toBe(409);
    expect(again.text).toContain('role="alert"');

    await post(`/console/cases/${caseId}/assign`, {
      version: versionIn(mine.text),
      userId: colleagueId,
    }).expect(303);
    const { rows } = await t.db.query<{ assignee_id: string }>(
      'SELECT assignee_id FROM follow_up_cases WHERE id = $1',
      [caseId],
    );
    expect(rows).toEqual([{ assignee_id: colleagueId }]);
  });

  it("hands a case only to its own team's agents and managers, and never to an admin", async () => {
    const { caseId } = await unhappyCase(t);
    const outsider = await createUser(t.app, 'agent', 'Billing');
    await t.db.query(
      `UPDATE follow_up_cases SET team_id = (SELECT team_id FROM users WHERE id = $2) WHERE id = $1`,
      [caseId, colleagueId],
    );
    const offered = /<select name="userId">(.*?)<\/select>/.exec((await page(caseId)).text)![1];
    expect(offered).not.toContain(outsider.user.id);
    const refused = await post(`/console/cases/${caseId}/assign`, {
      version: versionIn((await page(caseId)).text),
      userId: outsider.user.id,
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('must be an active agent or manager of the case&#x27;s team');

    const admin = await createUser(t.app, 'admin');
    const adminSession = await signIn(t.http, admin.email, admin.password);
    const asAdmin = await t
      .http()
      .get(`/console/cases/${caseId}`)
      .set('cookie', adminSession.cookie)
      .expect(200);
    expect(asAdmin.text).not.toContain('>Assign to me</button>');
    await t
      .http()
      .post(`/api/v1/cases/${caseId}/claim`)
      .set('cookie', adminSession.cookie)
      .set('x-csrf-token', adminSession.csrfToken)
      .expect(403);
    const { rows } = await t.db.query<{ assignee_id: string | null }>(
      'SELECT assignee_id FROM follow_up_cases WHERE id = $1',
      [caseId],
    );
    expect(rows).toEqual([{ assignee_id: null }]);
  });

  it('shows what was done and what the customer said of it: page, API and CSV, in words', async () => {
    const { caseId, invited } = await unhappyCase(t, 1, { answer: { comment: 'Cold room.' } });
    await post(`/console/cases/${caseId}/claim`, { version: versionIn((await page(caseId)).text) });
    await post(`/console/cases/${caseId}/contacts`, {
      version: versionIn((await page(caseId)).text),
      channel: 'phone',
      summary: 'Called, apologised.',
    }).expect(303);
    await post(`/console/cases/${caseId}/resolve`, {
      version: versionIn((await page(caseId)).text),
      rootCause: 'product_quality',
      resolution: 'Radiator fixed, a night refunded.',
    }).expect(303);

    await answerRecovery(t, invited.email, {
      score: '5',
      comment: 'Thank you, all good now.',
      context: 'family_travel',
      channel_family_travel: 'phone',
    });

    const detail = await eventually(async () => {
      const response = await t
        .http()
        .get(`/api/v1/cases/${caseId}`)
        .set('cookie', agent.cookie)
        .expect(200);
      expect(response.body.recovery).not.toBeNull();
      return response.body;
    });
    expect(detail.resolution).toMatchObject({
      rootCause: 'product_quality',
      text: 'Radiator fixed, a night refunded.',
    });
    expect(detail.recovery).toMatchObject({
      score: 5,
      recovered: true,
      comment: 'Thank you, all good now.',
    });
    expect(detail.recovery.preferences).toEqual([expect.stringContaining('Phone')]);
    expect(detail.assignee).toEqual({ id: expect.any(String), name: agentName });

    const html = (await page(caseId)).text;
    expect(html).toContain('Phone call logged by');
    expect(html).toContain('Called, apologised.');
    expect(html).toContain('Radiator fixed, a night refunded.');
    expect(html).toContain('The customer answered the recovery survey');
    expect(html).toContain('Score 5 of 5: we made it right.');
    expect(html).toContain('“Thank you, all good now.”');
    expect(html).toContain('Closed');
    // Every time in words, exact on hover.
    expect(html).toMatch(/<time datetime="[0-9T:.-]+Z" title="[^"]+ UTC">[^<]+<\/time>/);
    // No key where a person reads: statuses, timeline entries, channels, consent purposes.
    for (const key of [
      'recovery_answered',
      'recovery_requested',
      'contact_logged',
      'reply_received',
      'identified_feedback',
      'product_quality',
      'family_travel',
      '>closed>',
      '>phone>',
    ]) {
      expect(visibleText(html)).not.toContain(key);
    }

    const csv = await t
      .http()
      .get('/api/v1/reports/export.csv?rows=cases&from=2000-01-01&to=2100-01-01')
      .set(t.auth)
      .expect(200);
    const line = csv.text.split('\n').find((row) => row.startsWith(caseId))!;
    expect(line).toContain('Radiator fixed, a night refunded.');
    expect(line).toContain(',true,5,"Thank you, all good now."');
  });
});

/** What a reader sees: the text between tags, without attribute values (where keys may live). */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]*>/g, '>')
    .replace(/>+/g, '>');
}
