import { Client } from 'pg';
import { DomainEvents } from '../../src/common/events/domain-events';
import { JobQueue } from '../../src/common/jobs/job-queue';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { eventually } from '../support/eventually';
import { startSurveyTestApp, type SurveyTestApp } from '../support/survey-fixtures';

describe('after an unhappy, identified answer (worker running)', () => {
  let t: SurveyTestApp;
  let db: Client;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    db = t.db;
  });
  afterAll(() => t.close());

  it('publishes response.dissatisfied, and the customer gets one thank-you email with the promise', async () => {
    const seen: string[] = [];
    // Another module listening, as the follow-up cases will.
    t.app.get(DomainEvents).subscribe('response.dissatisfied', 'test', ({ responseId }) => {
      seen.push(responseId);
      return Promise.resolve();
    });
    const { id, token } = await t.invite({ email: 'unhappy@example.com', locale: 'fi' });
    await t
      .http()
      .post(`/s/${token}`)
      .set('accept', 'application/json')
      .send({
        consent: 'identified',
        consentText: await t.consentTextId('identified_feedback', 'fi'),
        score: 2,
      })
      .expect(201);

    const catcher = t.app.get(MailCatcher);
    const mail = await catcher.waitFor((m) => m.subject === 'Kiitos: olemme sinuun yhteydessä');
    expect(mail.envelope.to).toEqual(['unhappy@example.com']);
    expect(mail.text).toContain('24 tunnin');
    expect(mail.text).toContain(`/p/${token}`);

    const [response] = (
      await db.query<{ id: string }>('SELECT id FROM responses WHERE invitation_id = $1', [id])
    ).rows;
    await eventually(() => expect(seen).toEqual([response.id]));
    // The follow-up module heard it too: the customer's case waits in the queue.
    await eventually(async () =>
      expect(
        await t.count(
          `SELECT count(*)::int AS n FROM follow_up_cases WHERE response_id = $1 AND status = 'open'`,
          [response.id],
        ),
      ).toBe(1),
    );
    const { rows: jobs } = await db.query(
      `SELECT data FROM pgboss.job WHERE name = 'response.dissatisfied'
       UNION ALL SELECT data FROM pgboss.archive WHERE name = 'response.dissatisfied'`,
    );
    // Payloads carry ids only.
    expect(jobs.map((job) => job.data)).toEqual([{ responseId: response.id }]);

    // A repeated delivery (at least once) queues no second email.
    await t.app.get(JobQueue).enqueue('response.dissatisfied', { responseId: response.id });
    await eventually(() => expect(seen).toHaveLength(2));
    const { rows: emails } = await db.query(
      `SELECT kind FROM email_messages WHERE invitation_id = $1 ORDER BY created_at`,
      [id],
    );
    expect(emails.map((e) => e.kind)).toEqual(['invitation', 'thank_you']);
  });
});
