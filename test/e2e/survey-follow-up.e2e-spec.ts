import { Client } from 'pg';
import { DomainEvents } from '../../src/common/events/domain-events';
import { deadlineText } from '../../src/common/i18n/deadline';
import { JobQueue } from '../../src/common/jobs/job-queue';
import { DEFAULT_CALENDAR } from '../../src/modules/cases/business-hours';
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
    expect(mail.text).toContain(`/p/${token}`);

    const [response] = (
      await db.query<{ id: string }>('SELECT id FROM responses WHERE invitation_id = $1', [id])
    ).rows;
    await eventually(() => expect(seen).toEqual([response.id]));
    // The follow-up module heard it too: the customer's case waits in the queue, and the email
    // promised contact by its first-contact deadline, in the customer's language.
    const dueAt = await eventually(async () => {
      const { rows } = await db.query<{ first_contact_due_at: Date }>(
        `SELECT first_contact_due_at FROM follow_up_cases WHERE response_id = $1 AND status = 'open'`,
        [response.id],
      );
      expect(rows).toHaveLength(1);
      return rows[0].first_contact_due_at;
    });
    expect(mail.text).toContain(
      `viimeistään ${deadlineText('fi', dueAt, DEFAULT_CALENDAR.timeZone)} kuullakseen`,
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
