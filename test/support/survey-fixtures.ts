import { Client } from 'pg';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { invitationToken } from '../../src/common/links/link-tokens';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { startTestApp, TestApp } from './app';
import { eventually } from './eventually';
import { createApiKey } from './factories';

/** The whole app with the demo survey, an integration key and a database client of its own. */
export interface SurveyTestApp extends TestApp {
  auth: { authorization: string };
  db: Client;
  /**
   * A new invitation to the demo survey for a new customer, and its link's token; `customer` and
   * `invitation` override fields of the request.
   */
  invite(
    customer?: Record<string, unknown>,
    invitation?: Record<string, unknown>,
  ): Promise<Invited>;
  /** The first column of the first row, for `SELECT count(*)::int AS n …`. */
  count(sql: string, params?: unknown[]): Promise<number>;
  /** The consent text the survey page shows now. */
  consentTextId(purpose?: string, locale?: string): Promise<string>;
}

export interface Invited {
  id: string;
  token: string;
  externalId: string;
  email: string;
}

let invited = 0;

export async function startSurveyTestApp(env: Record<string, string> = {}): Promise<SurveyTestApp> {
  const t = await startTestApp(env);
  const auth = { authorization: `Bearer ${await createApiKey(t.app)}` };
  await t.app.get(SurveysService).createSurvey(DEMO_SURVEY);
  const db = new Client({ connectionString: t.databaseUrl });
  await db.connect();
  return {
    ...t,
    auth,
    db,
    async invite(customer = {}, invitation = {}) {
      invited += 1;
      const externalId = `c-${invited}`;
      const email = `customer${invited}@example.com`;
      const response = await t
        .http()
        .post('/api/v1/invitations')
        .set(auth)
        .send({
          survey: 'stay',
          customer: { externalId, email, name: 'Ann', ...customer },
          touchpoint: {
            type: 'stay',
            reference: `R-${invited}`,
            occurredAt: '2026-11-20T10:00:00Z',
          },
          ...invitation,
        });
      const body = response.body as { id: string; status: string };
      if (response.status !== 202 || body.status !== 'queued') {
        throw new Error(`invitation answered ${response.status}: ${JSON.stringify(body)}`);
      }
      const sent = { externalId, email, ...customer };
      return {
        id: body.id,
        token: invitationToken(t.config.tokenSecret, body.id),
        externalId: sent.externalId,
        email: sent.email,
      };
    },
    async count(sql, params = []) {
      return (await db.query<{ n: number }>(sql, params)).rows[0].n;
    },
    async consentTextId(purpose = 'identified_feedback', locale = 'en') {
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM consent_texts WHERE purpose = $1 AND locale = $2 ORDER BY version DESC LIMIT 1`,
        [purpose, locale],
      );
      return rows[0].id;
    },
    async close() {
      await db.end();
      await t.close();
    },
  };
}

/** A urlencoded form body, repeating a field for each of its values. */
export function form(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return body.toString();
}

/**
 * Answers `invited`'s survey as oneself over JSON (score 1, the unhappiest, unless `body` says
 * otherwise), in `locale`'s consent text; `body` adds or overrides fields (comment, answers,
 * preferences).
 */
export async function answerIdentified(
  t: SurveyTestApp,
  invited: Invited,
  body: Record<string, unknown> = {},
  locale = 'en',
): Promise<void> {
  await t
    .http()
    .post(`/s/${invited.token}`)
    .set('accept', 'application/json')
    .send({
      consent: 'identified',
      consentText: await t.consentTextId('identified_feedback', locale),
      score: 1,
      ...body,
    })
    .expect(201);
}

/** The case an invitation's answer opened, once a worker has opened it. */
export function caseOf(t: SurveyTestApp, invitationId: string): Promise<string> {
  return eventually(async () => {
    const { rows } = await t.db.query<{ id: string }>(
      'SELECT id FROM follow_up_cases WHERE invitation_id = $1',
      [invitationId],
    );
    if (rows.length !== 1) throw new Error(`no case yet for invitation ${invitationId}`);
    return rows[0].id;
  });
}

/** The case taken by the agent `agentId`, as their claim would leave it. */
export async function assignCase(t: SurveyTestApp, caseId: string, agentId: string) {
  await t.db.query(
    `UPDATE follow_up_cases SET status = 'assigned', assignee_id = $2 WHERE id = $1`,
    [caseId, agentId],
  );
}

/**
 * A new customer's identified answer of `score` (1, the unhappiest, by default) and the case it
 * opened, once a worker has opened it (the app must run workers). `answer` adds to the answer
 * (comment, preferences); `customer` to the invitation's customer (locale).
 */
export async function unhappyCase(
  t: SurveyTestApp,
  score = 1,
  {
    answer = {},
    customer = {},
  }: { answer?: Record<string, unknown>; customer?: Record<string, unknown> } = {},
): Promise<{ caseId: string; invited: Invited }> {
  const invited = await t.invite(customer);
  const locale = typeof customer.locale === 'string' ? customer.locale : 'en';
  await answerIdentified(t, invited, { score, ...answer }, locale);
  return { caseId: await caseOf(t, invited.id), invited };
}

/**
 * The customer at `address` answers "Did we make it right?" from its email's link, as a browser
 * posts the form (`fields`: score, comment, preferences), once the email has arrived.
 */
export async function answerRecovery(
  t: SurveyTestApp,
  address: string,
  fields: Record<string, string>,
): Promise<void> {
  const mail = await t.app
    .get(MailCatcher)
    .waitFor(
      (m) => m.envelope.to.includes(address) && m.subject === 'Did we make it right?',
      10_000,
    );
  const token = /\/r\/([A-Za-z0-9_-]{32})/.exec(mail.text ?? '')![1];
  const answered = await t.http().post(`/r/${token}`).type('form').send(form(fields));
  if (answered.status !== 303) throw new Error(`the recovery answer got ${answered.status}`);
}
