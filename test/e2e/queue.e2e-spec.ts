import { createTransport } from 'nodemailer';
import { CaseReplies } from '../../src/modules/cases/case-replies';
import { replyAddress } from '../../src/modules/cases/reply-address';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import { startSurveyTestApp, type SurveyTestApp, unhappyCase } from '../support/survey-fixtures';

/**
 * The agents' queue (`/console/cases`) over HTTP: what each view holds within the agent's team
 * scope, its counts, search, filters, sort, keyset pages, refusals in words, and the "Customer
 * replied" badge that an inbound reply raises and an answer clears.
 */
describe('the agents’ queue', () => {
  let t: SurveyTestApp;
  let care: { user: { id: string; teamId: string | null; name: string } };
  let careSession: SignedIn;
  let colleague: { user: { id: string; teamId: string | null } };
  let billingSession: SignedIn;
  const cases: Record<string, string> = {};

  /** The page, its text with the entities Handlebars writes in attributes decoded. */
  const page = (session: SignedIn, path: string) =>
    t
      .http()
      .get(path)
      .set('cookie', session.cookie)
      .then((response) => Object.assign(response, { text: decoded(response.text) }));
  const pageOk = async (session: SignedIn, path: string) => {
    const response = await page(session, path);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return response;
  };
  /** The case ids the view's table links to, in order. */
  const listed = (html: string) =>
    [...liveSection(html).matchAll(/href="\/console\/cases\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
  const countOf = (html: string, label: string) => {
    const tab = new RegExp(`>${label} <span class="queue-count">(\\d+)</span>`).exec(html);
    if (!tab) throw new Error(`no tab ${label}`);
    return Number(tab[1]);
  };
  const set = (caseId: string, sql: string, params: unknown[] = []) =>
    t.db.query(`UPDATE follow_up_cases SET ${sql} WHERE id = $1`, [caseId, ...params]);
  const replyTo = async (caseId: string, text: string) => {
    const { rows } = await t.db.query<{ email: string }>(
      `SELECT cu.email FROM follow_up_cases c JOIN customers cu ON cu.id = c.customer_id
       WHERE c.id = $1`,
      [caseId],
    );
    const built = await createTransport({ streamTransport: true, buffer: true }).sendMail({
      from: rows[0].email,
      to: replyAddress(t.config.replyToAddress!, t.config.tokenSecret, caseId),
      subject: 'Re: Your stay',
      text,
    });
    expect(await t.app.get(CaseReplies).receive(built.message as Buffer)).toBe('recorded');
  };

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const careAgent = await createUser(t.app, 'agent', 'Customer Care');
    care = careAgent;
    colleague = await createUser(t.app, 'agent', 'Customer Care');
    const billing = await createUser(t.app, 'agent', 'Billing');
    careSession = await signIn(t.http, careAgent.email, careAgent.password);
    billingSession = await signIn(t.http, billing.email, billing.password);
    const team = careAgent.user.teamId;

    // Unrouted and open, with words to search by.
    cases.unrouted = (
      await unhappyCase(t, 1, {
        customer: { name: 'Queenie Quarrington', email: 'queenie.q@example.com' },
        answer: { comment: 'The radiator rattled all night' },
      })
    ).caseId;
    cases.careOpen = (await unhappyCase(t, 2)).caseId;
    await set(cases.careOpen, 'team_id = $2', [team]);
    cases.billingOpen = (await unhappyCase(t, 1)).caseId;
    await set(cases.billingOpen, 'team_id = $2', [billing.user.teamId]);
    // Mine, not contacted yet; mine and emailed (the customer's turn); mine and resolved.
    cases.mine = (await unhappyCase(t)).caseId;
    await set(cases.mine, `status = 'assigned', assignee_id = $2, team_id = $3`, [
      care.user.id,
      team,
    ]);
    cases.emailed = (await unhappyCase(t)).caseId;
    await set(cases.emailed, `status = 'assigned', assignee_id = $2, team_id = $3`, [
      care.user.id,
      team,
    ]);
    await asUser(t.http, careSession)
      .post(`/api/v1/cases/${cases.emailed}/messages`)
      .send({ subject: 'Your stay', body: 'Which room was it?' })
      .expect(200);
    cases.resolved = (await unhappyCase(t)).caseId;
    await set(cases.resolved, `status = 'resolved', assignee_id = $2, team_id = $3`, [
      care.user.id,
      team,
    ]);
    // A colleague's, overdue; one closed yesterday; one closed long ago.
    cases.colleagues = (await unhappyCase(t)).caseId;
    await set(
      cases.colleagues,
      `status = 'contacted', assignee_id = $2, team_id = $3, overdue_at = now() - interval '1 hour',
       first_contacted_at = now(), resolution_due_at = now() - interval '1 hour'`,
      [colleague.user.id, team],
    );
    cases.closed = (await unhappyCase(t)).caseId;
    await set(
      cases.closed,
      `status = 'closed', team_id = $2, updated_at = now() - interval '1 day'`,
      [team],
    );
    cases.closedLongAgo = (await unhappyCase(t)).caseId;
    await set(
      cases.closedLongAgo,
      `status = 'closed', team_id = $2, updated_at = now() - interval '30 days'`,
      [team],
    );
  });
  afterAll(() => t.close());

  it('shows each view’s cases within the team scope, with its count and its definition', async () => {
    const expected: Record<string, [string, string[]]> = {
      waiting_on_me: ['Mine — waiting on me', [cases.mine]],
      waiting_on_customer: ['Mine — waiting on the customer', [cases.emailed, cases.resolved]],
      team_unassigned: ['Team unassigned', [cases.unrouted, cases.careOpen]],
      team_in_progress: ['Team in progress', [cases.mine, cases.emailed, cases.colleagues]],
      overdue: ['Overdue', [cases.colleagues]],
      recently_closed: ['Recently closed', [cases.closed]],
    };
    for (const [view, [label, ids]] of Object.entries(expected)) {
      const html = (await pageOk(careSession, `/console/cases?view=${view}`)).text;
      expect({ view, ids: listed(html).sort() }).toEqual({ view, ids: [...ids].sort() });
      expect(countOf(html, label)).toBe(ids.length);
      expect(html).toContain(`<h2 id="queue-heading">${label}</h2>`);
      expect(html).not.toContain(cases.billingOpen);
    }
    // Another team's agent sees their own open case and the unrouted one, nothing of Care's.
    const billing = (await page(billingSession, '/console/cases?view=team_unassigned')).text;
    expect(listed(billing).sort()).toEqual([cases.unrouted, cases.billingOpen].sort());
    // Without a view: the agent's own work first.
    const home = (await pageOk(careSession, '/console/cases')).text;
    expect(listed(home)).toEqual([cases.mine]);
    expect(home).toContain('id="claim-next"');
  });

  it('shows statuses in words, the assignee by name, ages and deadlines as times', async () => {
    const html = (await page(careSession, '/console/cases?view=team_in_progress')).text;
    const row = html.split(`/console/cases/${cases.colleagues}"`)[1].split('</tr>')[0];
    expect(row).toContain('Customer contacted');
    expect(row).toContain('agent ');
    expect(row).toMatch(
      /<time datetime="[^"]+" title="\d{4}-\d\d-\d\d \d\d:\d\d UTC"[^>]*>Resolution 1 h overdue<\/time>/,
    );
    expect(row).toMatch(/>just now<\/time>|min ago<\/time>/);
    expect(row).toContain('1 of 1–5');
    expect(html).not.toMatch(/>\s*(contacted|assigned|open)\s*</);
  });

  it('finds a case by the customer’s email, name and a word of the comment', async () => {
    for (const q of [
      'queenie.q@example.com',
      'Quarrington',
      'queen',
      'radiator',
      'RATTLED night',
    ]) {
      const html = (await page(careSession, `/console/cases?q=${encodeURIComponent(q)}`)).text;
      expect({ q, ids: listed(html) }).toEqual({ q, ids: [cases.unrouted] });
    }
    // The search sees no further than the team scope.
    await set(cases.unrouted, 'team_id = (SELECT team_id FROM users WHERE id = $2)', [
      colleague.user.id,
    ]);
    const billing = (await page(billingSession, '/console/cases?q=radiator')).text;
    expect(listed(billing)).toEqual([]);
    await set(cases.unrouted, 'team_id = NULL');
    // Within a view, a search that finds nothing offers all cases.
    const mine = (await page(careSession, '/console/cases?view=waiting_on_me&q=radiator')).text;
    expect(mine).toContain('href="/console/cases?view=all&q=radiator"');
    const nothing = (await page(careSession, '/console/cases?q=%21%21%21')).text;
    expect(listed(nothing)).toEqual([]);
  });

  it('searches from the form as a browser submits it, every filter left at Any', async () => {
    // Every field of the form, the blank ones too (a blank priority once read as 0 and was refused).
    const form =
      'view=all&q=radiator&status=&team=&assignee=&priority=&survey=&overdue=&sort=&touchpointType=';
    const html = (await pageOk(careSession, `/console/cases?${form}`)).text;
    expect(listed(html)).toEqual([cases.unrouted]);
    const first = (await pageOk(careSession, `/console/cases?${form.replace('q=radiator', 'q=')}`))
      .text;
    expect(listed(first).length).toBeGreaterThan(1);
    const urgent = (await pageOk(careSession, '/console/cases?view=all&priority=+1+')).text;
    expect(listed(urgent)).toContain(cases.unrouted);
    expect(listed(urgent)).not.toContain(cases.careOpen);
    for (const priority of ['0', '1.5', '1e0']) {
      const refused = await page(careSession, `/console/cases?priority=${priority}`);
      expect({ priority, status: refused.status }).toEqual({ priority, status: 400 });
    }
  });

  it('filters, sorts and pages by keyset without repeating a case', async () => {
    const url = '/console/cases?view=all&team=' + care.user.teamId + '&sort=oldest&limit=3';
    const first = (await pageOk(careSession, url)).text;
    const firstIds = listed(first);
    expect(firstIds).toHaveLength(3);
    const next = /<a href="([^"]+)">Next page<\/a>/.exec(first)![1];
    expect(next).toContain('cursor=');
    const second = (await pageOk(careSession, next)).text;
    const secondIds = listed(second);
    const all = [...firstIds, ...secondIds];
    expect(new Set(all).size).toBe(all.length);
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT id FROM follow_up_cases WHERE team_id = $1 ORDER BY created_at, id`,
      [care.user.teamId],
    );
    expect(all).toEqual(rows.map((r) => r.id).slice(0, all.length));
    expect(all.length).toBe(Math.min(6, rows.length));

    const overdue = (await page(careSession, '/console/cases?view=all&overdue=true')).text;
    expect(listed(overdue)).toEqual([cases.colleagues]);
    const unassigned = (
      await page(careSession, '/console/cases?view=all&assignee=none&status=open&sort=priority')
    ).text;
    // Priority 1 (a score of 1) before priority 2.
    expect(listed(unassigned)).toEqual([cases.unrouted, cases.careOpen]);
    const byScore = listed(
      (await page(careSession, '/console/cases?view=team_unassigned&sort=score')).text,
    );
    expect(byScore).toEqual([cases.unrouted, cases.careOpen]);
  });

  it('refuses a bad filter with a page that says what to fix, never a 500', async () => {
    for (const [query, field] of [
      ['status=nonsense', 'status must be one of the statuses offered'],
      ['view=everything', 'view must be one of the views listed'],
      ['sort=sideways', 'sort must be one of the orders offered'],
      ['priority=urgent', 'priority must be a whole number'],
      ['team=billing', 'team must be one of the teams'],
      ['overdue=maybe', 'overdue must be yes (true) or no (false)'],
      ['cursor=abc', 'cursor must be the "Next page" link'],
    ]) {
      const response = await page(careSession, `/console/cases?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain(`The request is not valid: ${field}`);
    }
    // Another sort's cursor is refused the same way.
    const first = (await page(careSession, '/console/cases?view=all&sort=newest&limit=1')).text;
    const cursor = /cursor=([A-Za-z0-9_-]+)/.exec(first)![1];
    const mixed = await page(careSession, `/console/cases?view=all&sort=priority&cursor=${cursor}`);
    expect(mixed.status).toBe(400);
  });

  it('raises the badge when the customer replies and moves the case to waiting on me; an answer clears it', async () => {
    const before = (await page(careSession, '/console/cases?view=waiting_on_customer')).text;
    expect(before).not.toContain('Customer replied');
    await replyTo(cases.emailed, 'It was room 214.');
    const after = (await page(careSession, '/console/cases?view=waiting_on_me')).text;
    expect(listed(after).sort()).toEqual([cases.mine, cases.emailed].sort());
    const row = after.split(`/console/cases/${cases.emailed}"`)[1].split('</tr>')[0];
    expect(row).toContain('<strong class="badge">Customer replied');
    expect(countOf(after, 'Mine — waiting on me')).toBe(2);
    expect(countOf(after, 'Mine — waiting on the customer')).toBe(1);

    // The live part answers 204 while nothing changed, and the new rows when something did.
    const since = /hx-get="([^"]+)"/.exec(after)![1];
    expect((await page(careSession, since)).status).toBe(204);
    await asUser(t.http, careSession)
      .post(`/api/v1/cases/${cases.emailed}/messages`)
      .send({ subject: 'Re: Your stay', body: 'Thank you, we will look at it.' })
      .expect(200);
    const fresh = await pageOk(careSession, since);
    expect(fresh.text).not.toContain('Customer replied');
    expect(fresh.text).toContain('hx-swap-oob="true"');
    await eventually(async () => {
      const html = (await page(careSession, '/console/cases?view=waiting_on_customer')).text;
      expect(listed(html).sort()).toEqual([cases.emailed, cases.resolved].sort());
    });
  });
});

function decoded(html: string): string {
  return html
    .replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The view's own table: the live section of the page (or the live answer itself). */
function liveSection(html: string): string {
  const start = html.indexOf('<section id="queue-live"');
  if (start === -1) throw new Error('no queue table');
  return html.slice(start, html.indexOf('</section>', start));
}
