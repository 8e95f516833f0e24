import { consolePages, webhookEndpoint } from '../support/console-pages';
import { eventually } from '../support/eventually';
import { createUser, signIn, type SignedIn } from '../support/factories';
import {
  answerRecovery,
  form,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

jest.setTimeout(120_000);

/**
 * What a reader sees of a page: its text, without markup and attribute values, scripts, styles,
 * and what is shown as an identifier on purpose (`<code>`: an API key's prefix, a survey's key
 * for the API) or edited as data (`<textarea>`).
 */
function visibleText(html: string): string {
  return html
    .replace(/<(style|script|textarea|code)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** `snake_case` words (keys) and ISO timestamps (`2026-12-07T10:00`) in a page's text. */
function keysShown(html: string): string[] {
  const text = visibleText(html);
  return [
    ...[...text.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)].map((match) => match[0]),
    ...[...text.matchAll(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/g)].map((match) => match[0]),
  ];
}

/**
 * Words, not keys (issue 15): every console page, around a case worked to its end (a call logged,
 * an email, the customer's reply, resolved, the recovery answer) and a used API key, shows
 * statuses, channels, event types, consents, preferences and times in words.
 */
describe('console pages speak in words', () => {
  let t: SurveyTestApp;
  let admin: SignedIn;
  /** Works the case (admins do not own cases); the admin reads every page. */
  let manager: SignedIn;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const user = await createUser(t.app, 'admin');
    admin = await signIn(t.http, user.email, user.password);
    const lead = await createUser(t.app, 'manager');
    manager = await signIn(t.http, lead.email, lead.password);
  });
  afterAll(() => t?.close());

  const get = (path: string) => t.http().get(path).set('cookie', admin.cookie);
  const post = (path: string, fields: Record<string, string>) =>
    t
      .http()
      .post(path)
      .set('cookie', manager.cookie)
      .type('form')
      .send(form({ _csrf: manager.csrfToken, ...fields }));
  const version = async (caseId: string) =>
    /name="version" value="(\d+)"/.exec((await get(`/console/cases/${caseId}`)).text)![1];

  it('shows no key and no machine time on any console page', async () => {
    const { caseId, invited } = await unhappyCase(t, 1, {
      answer: {
        comment: 'Cold room.',
        preferences: [{ context: 'family_travel', channel: 'phone', interests: ['spa'] }],
      },
    });
    await post(`/console/cases/${caseId}/claim`, { version: await version(caseId) }).expect(303);
    await post(`/console/cases/${caseId}/contacts`, {
      version: await version(caseId),
      channel: 'sms',
      summary: 'Texted them.',
    }).expect(303);
    await post(`/console/cases/${caseId}/resolve`, {
      version: await version(caseId),
      rootCause: 'product_quality',
      resolution: 'Radiator fixed.',
    }).expect(303);
    await answerRecovery(t, invited.email, { score: '2', comment: 'Still cold.' });
    await eventually(async () => {
      expect((await get(`/console/cases/${caseId}`)).text).toContain('recovery survey');
    });
    // Not made right: the case is back with its agent, and what was done is still on it.
    const reopened = (await get(`/console/cases/${caseId}`)).text;
    expect(reopened).toContain('Reopened: they said we did not make it right');
    expect(reopened).toContain('Radiator fixed.');
    // The fixtures' API key has invited the customer: the API keys page shows when it was used.

    const found: Record<string, string[]> = {};
    const answer = await t.db.query<{ id: string }>(
      'SELECT response_id AS id FROM follow_up_cases WHERE id = $1',
      [caseId],
    );
    // A webhook endpoint with a delivery of each outcome: its state, events and log in words.
    const webhookId = await webhookEndpoint(t.db);
    for (const path of consolePages(caseId, invited.externalId, answer.rows[0].id, webhookId)) {
      const page = await get(path);
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
      const keys = keysShown(page.text);
      if (keys.length > 0) found[path] = keys;
    }
    expect(found).toEqual({});
  });
});
