import { KPI_WORDS } from '../../src/modules/console/dashboard-words';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { WeeklyDigest } from '../../src/modules/notifications/weekly-digest';
import { weekWords } from '../../src/modules/notifications/weekly-schedule';
import { eventually } from '../support/eventually';
import { createUser, signIn, asUser } from '../support/factories';
import { type SurveyTestApp, startSurveyTestApp, unhappyCase } from '../support/survey-fixtures';
import { type Received, WebhookReceiver } from '../support/webhook-receiver';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A Slack message as the receiver got it. */
interface SlackBody {
  text: string;
  blocks: {
    type: string;
    text?: { text: string };
    fields?: { text: string }[];
    elements?: { url: string }[];
  }[];
}

const slackOf = (received: Received) => received.json as unknown as SlackBody;
const slackTexts = (body: SlackBody) =>
  body.blocks.flatMap((block) => [
    ...(block.text ? [block.text.text] : []),
    ...(block.fields ?? []).map((field) => field.text),
  ]);
const buttonUrl = (body: SlackBody) => body.blocks.at(-1)?.elements?.[0]?.url;

/**
 * Chat endpoints (Slack, Teams) against real receivers on loopback: the human messages they get,
 * the weekly digest's headline, and the admins told when an endpoint is disabled.
 */
describe('chat webhooks and disabled endpoints', () => {
  let t: SurveyTestApp;
  let catcher: MailCatcher;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startSurveyTestApp({
      WEBHOOK_ALLOW_PRIVATE: '127.0.0.1',
      WEBHOOK_RETRY_BASE_MS: '100',
    });
    catcher = t.app.get(MailCatcher);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
    await t.db.query('DELETE FROM webhook_endpoints');
  });
  afterEach(() => receiver.close());

  async function addEndpoint(body: Record<string, unknown>) {
    const created = await t
      .http()
      .post('/api/v1/webhook-endpoints')
      .set(t.auth)
      .send({ url: receiver.url, ...body })
      .expect(201);
    return (created.body as { endpoint: { id: string } }).endpoint;
  }

  /**
   * The messages a receiver accepted, but a weekly digest's headline: on a Monday morning the
   * workers' own digest run posts one to every chat endpoint there is.
   */
  const notHeadlines = (of: WebhookReceiver) =>
    of.accepted().filter((r) => !/'s week, /.test(slackOf(r).text ?? ''));

  const arrivals = (of: WebhookReceiver, count: number, what = 'messages') =>
    eventually(() => {
      const got = notHeadlines(of);
      if (got.length < count) throw new Error(`${got.length} ${what} of ${count} arrived`);
      return got;
    }, 10_000);

  it('tells a Slack channel of a new dissatisfied case in words, with a link to the case', async () => {
    await addEndpoint({ kind: 'slack', description: 'Front desk channel' });
    const { caseId } = await unhappyCase(t, 1, {
      answer: { comment: 'The room was <cold> & dark' },
    });

    const [message] = await arrivals(receiver, 1);
    const body = slackOf(message);
    expect(body.text).toBe('A customer is dissatisfied: a new follow-up case');
    expect(slackTexts(body)).toEqual(
      expect.arrayContaining(['*Score*\n1 of 5', '>The room was &lt;cold&gt; &amp; dark']),
    );
    expect(buttonUrl(body)).toBe(`${t.config.publicBaseUrl}/console/cases/${caseId}`);
    // The link is the console's page of the case.
    const admin = await createUser(t.app, 'admin');
    const session = await signIn(t.http, admin.email, admin.password);
    await asUser(t.http, session)
      .get(new URL(buttonUrl(body)!).pathname)
      .expect(200);
    // A chat's body is not signed JSON: no Standard Webhooks headers.
    expect(message.headers['webhook-signature']).toBeUndefined();
    // Of the chat's events, only the new case happened.
    expect(notHeadlines(receiver)).toHaveLength(1);
  });

  it('emails every admin once when an endpoint answers 410 and is disabled', async () => {
    receiver.answer = () => 410;
    const admins = [await createUser(t.app, 'admin'), await createUser(t.app, 'admin')];
    const manager = await createUser(t.app, 'manager');
    const endpoint = await addEndpoint({ kind: 'slack', description: 'Support channel' });
    await unhappyCase(t);

    await eventually(async () => {
      const got = await t.http().get(`/api/v1/webhook-endpoints/${endpoint.id}`).set(t.auth);
      if (got.body.enabled !== false) throw new Error('still enabled');
    }, 10_000);
    const host = new URL(receiver.url).host;
    for (const admin of admins) {
      const mail = await catcher.waitFor(
        (m) =>
          m.envelope.to.includes(admin.email) &&
          m.subject === `A webhook endpoint was disabled: ${host}`,
        10_000,
      );
      expect(mail.text).toContain(
        `The webhook endpoint at ${host} (Support channel) was disabled: it answered 410 Gone`,
      );
      expect(mail.text).toContain(
        `${t.config.publicBaseUrl}/console/admin/webhooks/${endpoint.id}`,
      );
      // The host alone: a chat's incoming-webhook URL is its secret.
      expect(mail.text).not.toContain(receiver.url);
    }
    const told = await t.count(
      `SELECT count(*)::int AS n FROM notifications WHERE kind = 'webhook_disabled'
         AND detail->>'endpointId' = $1`,
      [endpoint.id],
    );
    expect(told).toBeGreaterThanOrEqual(admins.length);
    for (const admin of admins) {
      const mine = await t.count(
        `SELECT count(*)::int AS n FROM notifications WHERE kind = 'webhook_disabled'
           AND user_id = $1`,
        [admin.user.id],
      );
      expect(mine).toBe(1);
    }
    expect(catcher.messages().some((m) => m.envelope.to.includes(manager.email))).toBe(false);
    // And in the console's notifications, linking to the endpoint.
    const session = await signIn(t.http, admins[0].email, admins[0].password);
    const page = await asUser(t.http, session).get('/console/notifications').expect(200);
    expect(page.text).toContain('(Support channel) was disabled');
    expect(page.text).toContain(`/console/admin/webhooks/${endpoint.id}`);
  });

  it("posts the company's weekly digest headline to Slack and Teams, once a week", async () => {
    const teamsReceiver = await WebhookReceiver.start();
    try {
      await addEndpoint({ kind: 'slack' });
      await t
        .http()
        .post('/api/v1/webhook-endpoints')
        .set(t.auth)
        .send({ url: teamsReceiver.url, kind: 'teams' })
        .expect(201);
      await addEndpoint({ description: 'A CRM: never gets the headline' });
      const tomorrow = new Date((Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS);
      const week = {
        from: new Date(tomorrow.getTime() - 7 * DAY_MS).toISOString().slice(0, 10),
        to: tomorrow.toISOString().slice(0, 10),
      };

      const digest = t.app.get(WeeklyDigest);
      await Promise.all([digest.sendWeek(week), digest.sendWeek(week)]);
      await digest.sendWeek(week);

      // This week's (a worker's own Monday-morning run tells of the week before).
      const title = (text: string) => text.includes(weekWords(week));
      const isSlackHeadline = (r: Received) => title(slackOf(r).text ?? '');
      const [slack] = await eventually(() => {
        const got = receiver.accepted().filter(isSlackHeadline);
        if (got.length === 0) throw new Error('no headline yet');
        return got;
      }, 10_000);
      const body = slackOf(slack);
      expect(body.text).toMatch(/'s week, /);
      // The two unhappy answers of the tests before; a figure with nothing to show is left out.
      expect(slackTexts(body).some((text) => text.startsWith('*NPS*'))).toBe(false);
      expect(slackTexts(body)).toEqual(
        expect.arrayContaining([`*${KPI_WORDS.en.responses}*\n2 (the week before: 0)`]),
      );
      expect(buttonUrl(body)).toBe(
        `${t.config.publicBaseUrl}/console/dashboard?from=${week.from}&to=${new Date(
          Date.parse(`${week.to}T00:00:00Z`) - DAY_MS,
        )
          .toISOString()
          .slice(0, 10)}`,
      );
      const [card] = await eventually(() => {
        const got = teamsReceiver
          .accepted()
          .filter((r) => JSON.stringify(r.json).includes(weekWords(week)));
        if (got.length === 0) throw new Error('no Teams headline yet');
        return got;
      }, 10_000);
      expect(card.json).toMatchObject({
        type: 'message',
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }],
      });
      // Once, however many runs raced; nothing to the standard endpoint.
      await eventually(async () => {
        const pending = await t.count(
          `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending'`,
        );
        if (pending > 0) throw new Error(`${pending} still pending`);
      });
      const headlines = await t.count(
        `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN domain_events e ON e.id = d.event_id
         WHERE d.type = 'digest.weekly' AND e.payload->>'from' = $1`,
        [week.from],
      );
      expect(headlines).toBe(2);
      expect(receiver.accepted().filter(isSlackHeadline)).toHaveLength(1);
    } finally {
      await teamsReceiver.close();
    }
  });
});
