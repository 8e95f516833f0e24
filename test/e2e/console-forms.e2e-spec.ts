import { consolePages, webhookEndpoint } from '../support/console-pages';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import { startSurveyTestApp, type SurveyTestApp, unhappyCase } from '../support/survey-fixtures';

jest.setTimeout(60_000);

/**
 * Every form on every console page carries the session's CSRF token, and every one of them,
 * posted with the session cookie but without the token (or with another session's), changes
 * nothing and answers 403 with a page saying why.
 */
describe('console forms and CSRF', () => {
  let t: SurveyTestApp;
  let session: SignedIn;
  let other: SignedIn;
  let caseId: string;
  let externalId: string;
  let webhookId: string;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const admin = await createUser(t.app, 'admin');
    session = await signIn(t.http, admin.email, admin.password);
    const manager = await createUser(t.app, 'manager');
    other = await signIn(t.http, manager.email, manager.password);
    const unhappy = await unhappyCase(t, 1);
    caseId = unhappy.caseId;
    externalId = unhappy.invited.externalId;
    webhookId = await webhookEndpoint(t.db);
    // Taken by the manager (admins do not own cases), so that the case page shows its writing forms.
    await asUser(t.http, other).post('/api/v1/cases/claim-next').expect(200);
  });
  afterAll(() => t?.close());

  const pages = () => consolePages(caseId, externalId, undefined, webhookId);

  interface Form {
    page: string;
    action: string;
    fields: Record<string, string>;
  }

  async function postForms(): Promise<Form[]> {
    const forms: Form[] = [];
    for (const page of pages()) {
      const html = (await t.http().get(page).set('cookie', session.cookie).expect(200)).text;
      for (const [, attributes, body] of html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)) {
        if (!/method="post"/i.test(attributes)) continue;
        const action = /action="([^"]+)"/.exec(attributes)![1];
        const fields: Record<string, string> = {};
        for (const [, name, value] of body.matchAll(
          /<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g,
        )) {
          fields[name] = value;
        }
        forms.push({ page, action, fields });
      }
    }
    return forms;
  }

  it('puts the session’s token in every form', async () => {
    const forms = await postForms();
    // Sign out, claim next, the case's forms, and the admin pages' (a person, a key, its
    // revocation, a new survey and a survey's next version, the settings, each root cause and a
    // new one).
    expect(forms.length).toBeGreaterThanOrEqual(19);
    for (const form of forms) {
      expect({ form: `${form.page} → ${form.action}`, token: form.fields._csrf }).toEqual({
        form: `${form.page} → ${form.action}`,
        token: session.csrfToken,
      });
    }
  });

  it('refuses every form posted without the token or with another session’s', async () => {
    const before = await t.count('SELECT count(*)::int AS n FROM case_events');
    for (const form of await postForms()) {
      const { _csrf: _token, ...rest } = form.fields;
      for (const token of [undefined, other.csrfToken]) {
        const body = new URLSearchParams(token ? { ...rest, _csrf: token } : rest).toString();
        const response = await t
          .http()
          .post(form.action)
          .set('cookie', session.cookie)
          .type('form')
          .send(body);
        expect({ action: form.action, status: response.status }).toEqual({
          action: form.action,
          status: 403,
        });
        expect(response.text).toContain('CSRF token of your session');
      }
    }
    expect(await t.count('SELECT count(*)::int AS n FROM case_events')).toBe(before);
    // Still signed in: the sign-out form did nothing either.
    await t.http().get('/api/v1/session').set('cookie', session.cookie).expect(200);
  });

  it('starts an email from a template, and shows the customer page (an audited view)', async () => {
    const page = await t
      .http()
      .get(`/console/cases/${caseId}?template=apology`)
      .set('cookie', session.cookie)
      .expect(200);
    expect(page.text).toContain('value="About your feedback"');
    expect(page.text).toContain('Hello Ann,\n\nThank you for telling us what went wrong');
    // Closing words only: the email signs itself.
    expect(page.text).toContain(
      'Could you tell me a little more about what happened?\n\nBest regards,</textarea>',
    );
    // An unknown template is an empty form, not an error.
    const plain = await t
      .http()
      .get(`/console/cases/${caseId}?template=nope`)
      .set('cookie', session.cookie)
      .expect(200);
    expect(plain.text).not.toContain('About your feedback');

    const customer = await t
      .http()
      .get(`/console/customers/${externalId}`)
      .set('cookie', session.cookie)
      .expect(200);
    expect(customer.text).toContain('<h1>Customer: Ann</h1>');
    expect(customer.text).toContain(`href="/console/cases/${caseId}"`);
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'customer.viewed'
           AND subject_id = (SELECT id::text FROM customers WHERE external_id = $1)`,
        [externalId],
      ),
    ).toBeGreaterThanOrEqual(1);
    await t.http().get('/console/customers/nobody-here').set('cookie', session.cookie).expect(404);
  });

  it('tells the agent first how the customer wants to be reached, and offers to log that contact', async () => {
    const { caseId: opened } = await unhappyCase(t, 1, {
      answer: {
        preferences: [{ context: 'business_travel', channel: 'phone', contactTime: 'evening' }],
      },
    });
    // Taken, so that the page shows the forms to contact them.
    await t.db.query(
      `UPDATE follow_up_cases SET status = 'assigned',
         assignee_id = (SELECT id FROM users WHERE role = 'admin' LIMIT 1) WHERE id = $1`,
      [opened],
    );
    const detail = await asUser(t.http, session).get(`/api/v1/cases/${opened}`).expect(200);
    expect(detail.body.preferredContact).toEqual({
      channel: 'phone',
      channelLabel: 'Phone',
      contactTime: 'evening',
      contactTimeLabel: 'Evenings',
      context: 'business_travel',
      contextLabel: 'Travelling for work',
      statedAt: expect.any(String),
      candorCanSend: false,
    });
    const page = (
      await t.http().get(`/console/cases/${opened}`).set('cookie', session.cookie).expect(200)
    ).text;
    const reachOut = page.indexOf('How they want to be reached');
    expect(reachOut).toBeGreaterThan(0);
    expect(reachOut).toBeLessThan(page.indexOf('What they told us'));
    expect(page).toContain('Prefers <strong>Phone, Evenings</strong>');
    expect(page).toContain(', for travelling for work)');
    expect(page).toContain('Candor cannot reach them that way');
    expect(page).toContain('<option value="phone" selected>Phone call</option>');
  });

  it('shows an agent their team’s cases and never another team’s', async () => {
    const { caseId: careCase } = await unhappyCase(t, 2);
    const careAgent = await createUser(t.app, 'agent', 'Customer Care');
    const colleague = await createUser(t.app, 'agent', 'Customer Care');
    const billing = await createUser(t.app, 'agent', 'Billing');
    await t.db.query('UPDATE follow_up_cases SET team_id = $2 WHERE id = $1', [
      careCase,
      careAgent.user.teamId,
    ]);
    const as = async (who: { email: string; password: string }) =>
      signIn(t.http, who.email, who.password);
    const page = (who: SignedIn, path: string) => t.http().get(path).set('cookie', who.cookie);

    const billingSession = await as(billing);
    await page(billingSession, `/console/cases/${careCase}`).expect(404);
    expect((await page(billingSession, '/console/cases').expect(200)).text).not.toContain(careCase);
    expect(
      (await page(billingSession, '/console/cases/list?outcome=unresolved').expect(200)).text,
    ).not.toContain(careCase);
    await page(billingSession, '/console/dashboard').expect(403);
    await page(billingSession, '/console/admin').expect(403);

    // A colleague takes it: it shows under Team in progress for the other Customer Care agent.
    await t.db.query(
      `UPDATE follow_up_cases SET status = 'assigned', assignee_id = $2 WHERE id = $1`,
      [careCase, colleague.user.id],
    );
    const queue = (
      await page(await as(careAgent), '/console/cases?view=team_in_progress').expect(200)
    ).text;
    const teamSection = queue.split('<section id="queue-live"')[1].split('</section>')[0];
    expect(teamSection).toContain(`/console/cases/${careCase}`);
  });
});
