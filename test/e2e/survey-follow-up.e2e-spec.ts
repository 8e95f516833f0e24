import { Client } from 'pg';
import { DomainEvents } from '../../src/common/events/domain-events';
import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { invitationToken } from '../../src/modules/invitations/invitation-tokens';
import { MailCatcher } from '../../src/modules/mail/mail-catcher';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { startTestApp, TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { createApiKey } from '../support/factories';

describe('after an unhappy, identified answer (worker running)', () => {
  let t: TestApp;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(SurveysService).createSurvey(DEMO_SURVEY);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('publishes response.dissatisfied, and the customer gets one thank-you email with the promise', async () => {
    const auth = { authorization: `Bearer ${await createApiKey(t.app)}` };
    const seen: string[] = [];
    // Another module listening, as the follow-up cases will.
    t.app.get(DomainEvents).subscribe('response.dissatisfied', 'test', ({ responseId }) => {
      seen.push(responseId);
      return Promise.resolve();
    });
    const { body } = await t
      .http()
      .post('/api/v1/invitations')
      .set(auth)
      .send({
        survey: 'stay',
        customer: { externalId: 'u-1', email: 'unhappy@example.com', locale: 'fi' },
      })
      .expect(202);
    const token = invitationToken(t.config.tokenSecret, body.id);
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM consent_texts WHERE purpose = 'identified_feedback' AND locale = 'fi' ORDER BY version DESC LIMIT 1`,
    );
    await t
      .http()
      .post(`/s/${token}`)
      .set('accept', 'application/json')
      .send({ consent: 'identified', consentText: rows[0].id, score: 2 })
      .expect(201);

    const catcher = t.app.get(MailCatcher);
    const mail = await catcher.waitFor((m) => m.subject === 'Kiitos: olemme sinuun yhteydessä');
    expect(mail.envelope.to).toEqual(['unhappy@example.com']);
    expect(mail.text).toContain('24 tunnin');
    expect(mail.text).toContain(`/p/${token}`);

    const [response] = (
      await db.query<{ id: string }>('SELECT id FROM responses WHERE invitation_id = $1', [body.id])
    ).rows;
    await eventually(() => expect(seen).toEqual([response.id]));
    const { rows: jobs } = await db.query(
      `SELECT data FROM pgboss.job WHERE name = 'response.dissatisfied'
       UNION ALL SELECT data FROM pgboss.archive WHERE name = 'response.dissatisfied'`,
    );
    // Payloads carry ids only.
    expect(jobs.map((job) => job.data)).toEqual([{ responseId: response.id }]);

    // A repeated delivery (at least once) queues no second email.
    await t.app.get(DomainEvents).publishNow('response.dissatisfied', { responseId: response.id });
    await eventually(() => expect(seen).toHaveLength(2));
    const { rows: emails } = await db.query(
      `SELECT kind FROM email_messages WHERE invitation_id = $1 ORDER BY created_at`,
      [body.id],
    );
    expect(emails.map((e) => e.kind)).toEqual(['invitation', 'thank_you']);
  });
});
