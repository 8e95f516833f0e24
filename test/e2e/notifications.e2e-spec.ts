import { CaseNotices } from '../../src/modules/notifications/case-notices';
import { nextDigestAt } from '../../src/modules/notifications/digest-schedule';
import { UnassignedDigest } from '../../src/modules/notifications/unassigned-digest';
import { JobQueue } from '../../src/common/jobs/job-queue';
import { CustomerCases } from '../../src/modules/cases/customer-cases';
import { CaseSettingsService } from '../../src/modules/cases/rules/case-settings.service';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import {
  form,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

/**
 * Notifications (issue 15): an agent is told, by one email in the SMTP sink and the console's
 * badge, when someone else assigns them a case and when their customer replies; each working
 * morning their team's unassigned cases come as one digest. Redelivered events and repeated
 * digest runs tell nobody twice; a switch in My settings tells nobody at all.
 */
describe('notifications', () => {
  let t: SurveyTestApp;
  let manager: SignedIn;
  let managerName: string;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const created = await createUser(t.app, 'manager');
    managerName = created.user.name;
    manager = await signIn(t.http, created.email, created.password);
  });
  afterAll(() => t?.close());

  const mail = () => t.app.get(MailCatcher);
  const mailTo = (address: string, subject?: string) =>
    mail()
      .messages()
      .filter((m) => m.envelope.to.includes(address) && (!subject || m.subject === subject));

  async function agent(team = 'Customer Care') {
    const user = await createUser(t.app, 'agent', team);
    return { ...user, id: user.user.id, session: await signIn(t.http, user.email, user.password) };
  }

  /** Every event delivered and every email sent: what is in the sink now is all there will be. */
  async function settled(): Promise<void> {
    await eventually(async () => {
      const pending = await t.count(
        `SELECT count(*)::int AS n FROM pgboss.job
         WHERE name IN ('case.assigned', 'case.reply_received', 'email.send')
           AND state IN ('created', 'retry', 'active') AND start_after <= now()`,
      );
      if (pending !== 0) throw new Error(`${pending} jobs still to run`);
    }, 15_000);
  }

  const assign = (caseId: string, userId: string, by = manager) =>
    asUser(t.http, by).post(`/api/v1/cases/${caseId}/assign`).send({ userId }).expect(200);

  const badge = async (session: SignedIn) => {
    const page = await asUser(t.http, session).get('/console').expect(200);
    return /aria-label="Notifications: ([^"]+)"/.exec(page.text)?.[1];
  };

  it('emails the agent once and raises their badge when a manager assigns them a case', async () => {
    const ann = await agent();
    const { caseId } = await unhappyCase(t);
    expect(await badge(ann.session)).toBe('none unread');
    await assign(caseId, ann.id);

    const sent = await mail().waitFor((m) => m.envelope.to.includes(ann.email), 10_000);
    expect(sent.subject).toBe('A follow-up case was assigned to you');
    expect(sent.text).toContain(`${managerName} assigned a follow-up case to you.`);
    expect(sent.text).toContain(`/console/cases/${caseId}`);
    expect(sent.text).toMatch(
      /Its first contact is due \w+day \d+ \w+, \d\d:\d\d; its priority is 1/,
    );
    await settled();
    expect(mailTo(ann.email)).toHaveLength(1);
    expect(await badge(ann.session)).toBe('1 unread');

    // The list behind the badge says what happened, and seeing it clears the badge.
    const list = await asUser(t.http, ann.session).get('/console/notifications').expect(200);
    expect(list.text).toContain(`<strong>New:</strong> ${managerName} assigned a case to you.`);
    expect(list.text).toContain(`href="/console/cases/${caseId}"`);
    expect(list.text).toContain('aria-label="Notifications: none unread"');
    expect(await badge(ann.session)).toBe('none unread');
    const again = await asUser(t.http, ann.session).get('/console/notifications').expect(200);
    expect(again.text).not.toContain('<strong>New:</strong>');
  });

  it('tells nobody when an agent claims a case or assigns it to themself', async () => {
    const bob = await agent();
    const { caseId } = await unhappyCase(t);
    await asUser(t.http, bob.session).post('/api/v1/cases/claim-next').expect(200);
    const { caseId: other } = await unhappyCase(t);
    await assign(other, bob.id, bob.session);
    await settled();
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM follow_up_cases WHERE assignee_id = $1 AND id = ANY($2)`,
        [bob.id, [caseId, other]],
      ),
    ).toBe(2);
    expect(mailTo(bob.email)).toHaveLength(0);
    expect(
      await t.count(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`, [bob.id]),
    ).toBe(0);
  });

  it('emails the assignee once when their customer replies, however often the event comes', async () => {
    const cy = await agent();
    const { caseId } = await unhappyCase(t);
    await assign(caseId, cy.id);
    await mail().waitFor((m) => m.envelope.to.includes(cy.email), 10_000);
    const { rows } = await t.db.query<{ customer_id: string }>(
      'SELECT customer_id FROM follow_up_cases WHERE id = $1',
      [caseId],
    );
    expect(
      await t.app.get(CustomerCases).reply(rows[0].customer_id, caseId, 'Re: your stay', 'Thanks!'),
    ).toBe(true);

    const reply = await mail().waitFor(
      (m) => m.envelope.to.includes(cy.email) && m.subject === 'Your customer replied',
      10_000,
    );
    expect(reply.text).toContain('The customer of a case assigned to you replied by email.');
    expect(reply.text).not.toContain('Thanks!');

    // The same events again, by the queue and by hand: nobody is told twice.
    const notices = t.app.get(CaseNotices);
    await t.app.get(JobQueue).enqueue('case.assigned', { caseId, actorId: null });
    await t.app.get(JobQueue).enqueue('case.reply_received', { caseId, actorId: null });
    expect(await notices.caseAssigned({ caseId, actorId: null })).toBe(false);
    expect(await notices.customerReplied({ caseId, actorId: null })).toBe(false);
    await settled();
    expect(mailTo(cy.email, 'A follow-up case was assigned to you')).toHaveLength(1);
    expect(mailTo(cy.email, 'Your customer replied')).toHaveLength(1);
    expect(await badge(cy.session)).toBe('2 unread');
  });

  it('tells nobody of what they switched off in My settings', async () => {
    const dee = await agent();
    const settings = asUser(t.http, dee.session);
    const page = await settings.get('/console/settings').expect(200);
    expect(page.text).toContain('A case is assigned to me');
    expect(page.text.match(/ checked>/g)).toHaveLength(3);
    await settings
      .post('/console/settings')
      .type('form')
      .send(form({ _csrf: dee.session.csrfToken, customer_replied: 'on', unassigned_digest: 'on' }))
      .expect(303)
      .expect('location', '/console/settings?saved=1');
    const saved = await settings.get('/console/settings?saved=1').expect(200);
    expect(saved.text).toContain('Your settings are saved.');
    expect(saved.text.match(/ checked>/g)).toHaveLength(2);
    expect(saved.text).not.toMatch(/name="case_assigned"[^>]* checked>/);

    const { caseId } = await unhappyCase(t);
    await assign(caseId, dee.id);
    await settled();
    expect(mailTo(dee.email)).toHaveLength(0);
    expect(await badge(dee.session)).toBe('none unread');
  });

  describe('the morning digest', () => {
    it("goes once a day to each agent of a team whose queue has unassigned cases, not to an empty team's", async () => {
      // Everything still waiting goes to another team: unrouted cases would be in every queue.
      const { user: elsewhere } = await createUser(t.app, 'manager', 'Elsewhere');
      await t.db.query(
        `UPDATE follow_up_cases SET team_id = $1 WHERE status = 'open' AND assignee_id IS NULL`,
        [elsewhere.teamId],
      );
      const [eve, fay, quiet, off] = [
        await agent('Digest'),
        await agent('Digest'),
        await agent('Empty'),
        await agent('Digest'),
      ];
      await asUser(t.http, off.session)
        .post('/console/settings')
        .type('form')
        .send(form({ _csrf: off.session.csrfToken, case_assigned: 'on', customer_replied: 'on' }))
        .expect(303);
      const waiting: string[] = [];
      for (let i = 0; i < 7; i += 1) waiting.push((await unhappyCase(t)).caseId);
      await t.db.query(`UPDATE follow_up_cases SET team_id = $2 WHERE id = ANY($1::uuid[])`, [
        waiting,
        eve.user.teamId,
      ]);

      const { calendar } = await t.app.get(CaseSettingsService).current();
      const morning = new Date(nextDigestAt(new Date(), calendar).getTime() + 10 * 60_000);
      const digest = t.app.get(UnassignedDigest);
      // Three workers at once, then another run later that morning: two agents told, once.
      const runs = await Promise.all([
        digest.send(morning),
        digest.send(morning),
        digest.send(morning),
      ]);
      expect(runs.reduce((sum, told) => sum! + told!, 0)).toBe(2);
      expect(await digest.send(new Date(morning.getTime() + 30 * 60_000))).toBe(0);
      // Outside a working morning nothing is due.
      expect(await digest.send(new Date(morning.getTime() + 3 * 60 * 60_000))).toBeNull();
      await settled();

      for (const told of [eve, fay]) {
        const mails = mailTo(told.email);
        expect(mails).toHaveLength(1);
        expect(mails[0].subject).toBe('7 cases wait for someone in your queue');
        expect(mails[0].text).toContain(
          "7 follow-up cases in your team's queue have nobody on them yet.",
        );
        expect(mails[0].text).toContain('The oldest 5:');
        expect(mails[0].text).toContain(`/console/cases/${waiting[0]}`);
        expect(mails[0].text).not.toContain(`/console/cases/${waiting[6]}`);
      }
      expect(mailTo(quiet.email)).toHaveLength(0);
      expect(mailTo(off.email)).toHaveLength(0);
      expect(await badge(eve.session)).toBe('1 unread');
      const list = await asUser(t.http, eve.session).get('/console/notifications').expect(200);
      expect(list.text).toContain(
        'Morning digest: 7 cases waited unassigned in your team&#x27;s queue.',
      );
    });

    it('schedules its next run for the next working morning', async () => {
      const { calendar } = await t.app.get(CaseSettingsService).current();
      const next = nextDigestAt(new Date(), calendar);
      await eventually(async () => {
        const { rows } = await t.db.query<{ start_after: Date }>(
          `SELECT start_after FROM pgboss.job WHERE name = 'notifications.digest' AND state = 'created'`,
        );
        expect(rows.map((row) => row.start_after.getTime())).toContain(next.getTime());
      }, 10_000);
    });
  });
});
