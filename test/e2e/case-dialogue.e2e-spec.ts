import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import { CaseReplies } from '../../src/modules/cases/case-replies';
import { MessageTemplatesService } from '../../src/modules/message-templates/message-templates.service';
import { Outbox } from '../../src/modules/email/outbox';
import { MailCatcher, type CapturedMail } from '../../src/modules/mail-transport/mail-catcher';
import { nextIdsCrossAPowerOfTen } from '../support/database';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import {
  form,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

const INBOUND_SECRET = 'inbound-secret-of-at-least-thirty-two-chars';

/**
 * The email dialogue of a case over real HTTP and SMTP (worker running): the agent writes, the
 * customer's mail client gets a threaded email with a Reply-To, and the reply comes back into the
 * case through the mail catcher (development) or the inbound-mail endpoint (production).
 */
describe('case messages and replies', () => {
  let t: SurveyTestApp;
  let catcher: MailCatcher;
  let agent: SignedIn;
  let agentName: string;

  const as = (session: SignedIn) => asUser(t.http, session);

  /** A case of a new unhappy customer, taken by an agent: its id and the customer's address. */
  const claimedCase = async () => {
    const opened = await unhappyCase(t);
    await t.db.query(`UPDATE follow_up_cases SET status = 'assigned' WHERE id = $1`, [
      opened.caseId,
    ]);
    return opened;
  };
  const write = (caseId: string, subject: string, body: string) =>
    as(agent).post(`/api/v1/cases/${caseId}/messages`).send({ subject, body });
  const caseView = async (caseId: string) =>
    (await as(agent).get(`/api/v1/cases/${caseId}`).expect(200)).body as {
      status: string;
      timeline: { type: string; detail: string | null }[];
      messages: { direction: string; subject: string; body: string; delivery: string | null }[];
    };
  /** What the contact budget counts for the customer of a case. */
  const recentEmails = async (caseId: string) => {
    const { rows } = await t.db.query<{ customer_id: string }>(
      'SELECT customer_id FROM follow_up_cases WHERE id = $1',
      [caseId],
    );
    const dataSource = t.app.get(DataSource);
    return t.app.get(Outbox).recentMessageCount(dataSource.manager, rows[0].customer_id, 7);
  };
  const mailTo = (address: string, subject: string) =>
    catcher.waitFor((m) => m.envelope.to.includes(address) && m.subject === subject, 10_000);

  beforeAll(async () => {
    t = await startSurveyTestApp({ INBOUND_MAIL_SECRET: INBOUND_SECRET });
    catcher = t.app.get(MailCatcher);
    const user = await createUser(t.app, 'agent');
    agentName = user.user.name;
    agent = await signIn(t.http, user.email, user.password);
  });
  afterAll(() => t.close());

  it('signs an email begun from a template once, with the agent and the company', async () => {
    const { caseId, invited } = await claimedCase();
    // The template's words as saved, closing words last: the email signs itself.
    const { subject, body } = (await t.app.get(MessageTemplatesService).get('apology')).texts.en;
    await write(caseId, subject, body).expect(200);
    const mail = await mailTo(invited.email, subject);
    expect(mail.text).toContain(`Best regards,\n\n${agentName}\n${t.config.companyName}\n`);
    expect(mail.text!.split('Best regards').length).toBe(2);
    expect(mail.text!.split(agentName).length).toBe(2);
  });

  it('emails the customer from the case, threaded, with a Reply-To that names the case', async () => {
    const { caseId, invited } = await claimedCase();
    // The earlier emails settled first (the invitation may be sent or cancelled as answered, and
    // only sent or queued ones count), so the count below changes by this test's emails alone.
    await eventually(async () =>
      expect(
        await t.count(
          `SELECT count(*)::int AS n FROM email_messages
           WHERE invitation_id = $1 AND (kind = 'thank_you' OR status <> 'queued')`,
          [invited.id],
        ),
      ).toBe(2),
    );
    const before = await recentEmails(caseId);
    const first = await write(caseId, 'About your stay', 'Hi Ann,\n\nI am sorry. Can we call?');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'contacted' });

    const mail = await mailTo(invited.email, 'About your stay');
    expect(mail.text).toContain('I am sorry. Can we call?');
    expect(mail.text).toContain('agent ');
    expect(mail.text).toContain('You can answer simply by replying to this email.');
    expect(mail.headers['reply-to']).toMatch(
      /^replies\+[0-9a-f]{32}\.[0-9a-f]{16}@candor\.localhost$/,
    );
    expect(mail.headers['in-reply-to']).toBeUndefined();

    await write(caseId, 'Re: About your stay', 'One more thing.').expect(200);
    const second = await mailTo(invited.email, 'Re: About your stay');
    expect(second.headers['in-reply-to']).toBe(mail.messageId);
    expect(second.headers.references).toBe(mail.messageId);
    expect(second.headers['reply-to']).toBe(mail.headers['reply-to']);

    const view = await eventually(async () => {
      const seen = await caseView(caseId);
      expect(seen.messages.map((m) => m.delivery)).toEqual(['sent', 'sent']);
      return seen;
    });
    expect(view.timeline.filter((e) => e.type === 'message_sent').map((e) => e.detail)).toEqual([
      'About your stay',
      'Re: About your stay',
    ]);
    const { rows } = await t.db.query(
      'SELECT first_contacted_at IS NOT NULL AS contacted FROM follow_up_cases WHERE id = $1',
      [caseId],
    );
    expect(rows).toEqual([{ contacted: true }]);
    // The dialogue the customer asked for is never counted against the contact budget.
    expect(await recentEmails(caseId)).toBe(before);
    // The customer's data export holds the dialogue.
    const exported = await t
      .http()
      .get(`/api/v1/customers/${invited.externalId}/export`)
      .set(t.auth)
      .expect(200);
    expect(exported.body.cases[0].messages.map((m: { subject: string }) => m.subject)).toEqual([
      'About your stay',
      'Re: About your stay',
    ]);
  });

  it('brings a reply from /dev/mail back into the case, without the quoted email', async () => {
    const { caseId, invited } = await claimedCase();
    await write(caseId, 'Your room', 'Which night was noisy?').expect(200);
    const mail = await mailTo(invited.email, 'Your room');

    await t
      .http()
      .post(`/dev/mail/${mail.id}/reply`)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(form({ body: 'It was Tuesday, room 214.' }))
      .expect(303);

    const view = await eventually(async () => {
      const seen = await caseView(caseId);
      expect(seen.messages).toHaveLength(2);
      return seen;
    });
    expect(view.messages[1]).toMatchObject({
      direction: 'inbound',
      subject: 'Re: Your room',
      body: 'It was Tuesday, room 214.',
      delivery: null,
    });
    expect(view.timeline.at(-1)).toMatchObject({ type: 'reply_received', detail: 'Re: Your room' });
    // The status is the agent's to change; a reply does not bump the version either.
    expect(view.status).toBe('contacted');
  });

  it('records a reply once however often it is delivered, and finds the case by In-Reply-To too', async () => {
    const { caseId, invited } = await claimedCase();
    await write(caseId, 'Refund', 'We refunded the night.').expect(200);
    const mail = await mailTo(invited.email, 'Refund');
    const replies = t.app.get(CaseReplies);

    const reply = await rawReply(mail, { to: 'help@candor.localhost', text: 'Thank you!' });
    expect(await replies.receive(reply)).toBe('recorded');
    expect(await replies.receive(reply)).toBe('duplicate');
    await Promise.all([replies.receive(reply), replies.receive(reply)]);
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM case_messages WHERE case_id = $1 AND direction = 'inbound'`,
        [caseId],
      ),
    ).toBe(1);

    const stranger = await rawReply(
      { ...mail, messageId: '<unknown@example.com>', headers: {} },
      { to: 'help@candor.localhost', text: 'Hello?' },
    );
    expect(await replies.receive(stranger)).toBe('unmatched');
    const forged = await rawReply(mail, {
      to: mail.headers['reply-to'].replace(/\.[0-9a-f]{16}@/, '.0000000000000000@'),
      text: 'Hello?',
      withoutThread: true,
    });
    expect(await replies.receive(forged)).toBe('unmatched');
  });

  it("files a reply whose thread names another customer's case email under the sender's own case", async () => {
    const own = await claimedCase();
    const other = await claimedCase();
    await write(own.caseId, 'Late checkout', 'Noon is fine.').expect(200);
    await write(other.caseId, 'Late checkout', 'Eleven is fine.').expect(200);
    const ownMail = await mailTo(own.invited.email, 'Late checkout');
    const otherMail = await mailTo(other.invited.email, 'Late checkout');
    // A forwarded thread: In-Reply-To names the other customer's email, References both.
    const builder = createTransport({ streamTransport: true, buffer: true });
    const built = await builder.sendMail({
      from: own.invited.email,
      to: 'help@candor.localhost',
      subject: 'Re: Late checkout',
      text: 'Noon suits me.',
      inReplyTo: otherMail.messageId!,
      references: [otherMail.messageId!, ownMail.messageId!],
    });
    expect(await t.app.get(CaseReplies).receive(built.message as Buffer)).toBe('recorded');
    const inbound = (caseId: string) =>
      t.count(
        `SELECT count(*)::int AS n FROM case_messages WHERE case_id = $1 AND direction = 'inbound'`,
        [caseId],
      );
    expect([await inbound(own.caseId), await inbound(other.caseId)]).toEqual([1, 0]);
  });

  it('keeps aside a stranger quoting a case email, and records the customer writing to the plain mailbox', async () => {
    const { caseId, invited } = await claimedCase();
    await write(caseId, 'Your bill', 'We took the minibar off.').expect(200);
    const mail = await mailTo(invited.email, 'Your bill');
    const inbound = () => t.app.get(CaseReplies);
    const inboundCount = () =>
      t.count(
        `SELECT count(*)::int AS n FROM case_messages WHERE case_id = $1 AND direction = 'inbound'`,
        [caseId],
      );

    // Anyone who saw the email (a forward, a quote) knows its Message-ID: not enough.
    const stranger = await rawReply(mail, {
      to: 'replies@candor.localhost',
      from: 'Mallory <mallory@example.net>',
      text: 'Please send the refund to my account instead.',
    });
    expect(await inbound().receive(stranger)).toBe('unmatched');
    const overHttp = await t
      .http()
      .post('/api/v1/inbound-mail')
      .set('content-type', 'message/rfc822')
      .set('authorization', `Bearer ${INBOUND_SECRET}`)
      .send(stranger)
      .expect(202);
    expect(overHttp.body).toEqual({ outcome: 'unmatched' });
    expect(await inboundCount()).toBe(0);
    const kept = await t.db.query<Record<string, unknown>>(
      `SELECT reason, sender_hash, subject, case_id FROM unmatched_inbound_mail WHERE case_id = $1`,
      [caseId],
    );
    expect(kept.rows).toHaveLength(2);
    expect(kept.rows[0]).toEqual({
      reason: 'sender_not_customer',
      sender_hash: expect.stringMatching(/^[0-9a-f]{32}$/),
      subject: 'Re: Your bill',
      case_id: caseId,
    });
    // Minimal: neither the address nor the text is stored.
    expect(JSON.stringify(kept.rows)).not.toMatch(/mallory|refund/i);

    // The customer, however their client writes the address, to the mailbox without the tag:
    // over SMTP through the mail catcher, as a mail server would deliver it.
    const transport = createTransport({ url: t.app.get(MailCatcher).url });
    try {
      await transport.sendMail({
        from: invited.email.toUpperCase(),
        to: 'replies@candor.localhost',
        subject: 'Re: Your bill',
        text: 'Thank you, that was quick.',
        inReplyTo: mail.messageId ?? undefined,
        references: [mail.messageId ?? ''],
      });
    } finally {
      transport.close();
    }
    await eventually(async () => expect(await inboundCount()).toBe(1));
    expect((await caseView(caseId)).messages.map((m) => m.body)).toEqual([
      'We took the minibar off.',
      'Thank you, that was quick.',
    ]);

    // A signed Reply-To names the case by itself, whoever the sender.
    const forwarded = await rawReply(mail, {
      to: mail.headers['reply-to'],
      from: 'partner@example.org',
      text: 'My partner booked the room; I was there too.',
      withoutThread: true,
    });
    expect(await inbound().receive(forwarded)).toBe('recorded');
    expect(await inboundCount()).toBe(2);
  });

  it('lists unmatched inbound mail for admins only, findable by sender', async () => {
    const replies = t.app.get(CaseReplies);
    const { caseId, invited } = await claimedCase();
    await write(caseId, 'Parking', 'Parking is free for you next time.').expect(200);
    const mail = await mailTo(invited.email, 'Parking');
    await t.db.query('DELETE FROM unmatched_inbound_mail');
    await nextIdsCrossAPowerOfTen(t.db, 'unmatched_inbound_mail');
    const nobody = await rawReply(
      { ...mail, messageId: '<nothing@example.com>', headers: {} },
      { to: 'replies@candor.localhost', from: 'someone@example.net', text: 'Hi' },
    );
    expect(await replies.receive(nobody)).toBe('unmatched');
    const quoting = await rawReply(mail, {
      to: 'replies@candor.localhost',
      from: 'eve@example.net',
      text: 'Hi',
    });
    expect(await replies.receive(quoting)).toBe('unmatched');

    const admin = await createUser(t.app, 'admin');
    const adminSession = await signIn(t.http, admin.email, admin.password);
    const listed = await as(adminSession).get('/api/v1/inbound-mail/unmatched').expect(200);
    expect(listed.body.items).toEqual([
      {
        id: expect.any(String),
        receivedAt: expect.any(String),
        reason: 'sender_not_customer',
        senderHash: expect.stringMatching(/^[0-9a-f]{32}$/),
        subject: 'Re: Parking',
        caseId,
      },
      expect.objectContaining({ reason: 'no_case', caseId: null, subject: 'Re: Parking' }),
    ]);
    expect(listed.body.nextCursor).toBeNull();
    const fromEve = await as(adminSession)
      .get('/api/v1/inbound-mail/unmatched?sender=EVE@example.net')
      .expect(200);
    expect(fromEve.body.items.map((item: { reason: string }) => item.reason)).toEqual([
      'sender_not_customer',
    ]);
    const firstPage = await as(adminSession)
      .get('/api/v1/inbound-mail/unmatched?limit=1')
      .expect(200);
    const secondPage = await as(adminSession)
      .get(`/api/v1/inbound-mail/unmatched?limit=1&cursor=${firstPage.body.nextCursor}`)
      .expect(200);
    expect(secondPage.body.items[0].reason).toBe('no_case');

    await as(agent).get('/api/v1/inbound-mail/unmatched').expect(403);
    await t.http().get('/api/v1/inbound-mail/unmatched').set(t.auth).expect(403);

    // The same list on the console's admin pages.
    const page = await as(adminSession).get('/console/admin/inbound-mail').expect(200);
    expect(page.text).toContain('Named no case');
    expect(page.text).toContain(`href="/console/cases/${caseId}"`);
    expect(page.text).toContain(listed.body.items[0].senderHash);
    const filtered = await as(adminSession)
      .get('/console/admin/inbound-mail?sender=eve%40example.net')
      .expect(200);
    expect(filtered.text).not.toContain('Named no case');
    await as(agent).get('/console/admin/inbound-mail').expect(403);
  });

  it('takes replies over HTTP from a mail provider, with the shared secret', async () => {
    const { caseId, invited } = await claimedCase();
    await write(caseId, 'Breakfast', 'Was breakfast better?').expect(200);
    const mail = await mailTo(invited.email, 'Breakfast');
    const reply = await rawReply(mail, { to: mail.headers['reply-to'], text: 'Much better.' });
    const post = () => t.http().post('/api/v1/inbound-mail').set('content-type', 'message/rfc822');

    const refused = await post().set('authorization', 'Bearer wrong').send(reply).expect(401);
    expect(refused.body.message).toMatch(/Bearer/);
    await post()
      .set('authorization', `Bearer ${INBOUND_SECRET}`)
      .set('content-type', 'application/json')
      .send({ text: 'Much better.' })
      .expect(415);
    expect(
      await t.count(`SELECT count(*)::int AS n FROM case_messages WHERE case_id = $1`, [caseId]),
    ).toBe(1);

    const accepted = await post()
      .set('authorization', `Bearer ${INBOUND_SECRET}`)
      .send(reply)
      .expect(202);
    expect(accepted.body).toEqual({ outcome: 'recorded' });
    expect((await caseView(caseId)).messages.map((m) => m.body)).toEqual([
      'Was breakfast better?',
      'Much better.',
    ]);
  });

  it('refuses to email an unsubscribed customer or a withdrawn case, and drops replies to it', async () => {
    const { caseId, invited } = await claimedCase();
    await t.http().post(`/u/${invited.token}`).type('form').send('List-Unsubscribe=One-Click');
    const unreachable = await write(caseId, 'Hello', 'Anyone there?').expect(409);
    expect(unreachable.body).toMatchObject({ code: 'customer_unreachable' });

    const other = await claimedCase();
    await write(other.caseId, 'Hello', 'First message.').expect(200);
    const mail = await mailTo(other.invited.email, 'Hello');
    await t.db.query(`UPDATE follow_up_cases SET status = 'withdrawn' WHERE id = $1`, [
      other.caseId,
    ]);
    const withdrawn = await write(other.caseId, 'Hello again', 'Second.').expect(409);
    expect(withdrawn.body.message).toBe('A case that is withdrawn cannot be contacted.');
    const reply = await rawReply(mail, { to: mail.headers['reply-to'], text: 'Stop please.' });
    expect(await t.app.get(CaseReplies).receive(reply)).toBe('case_unavailable');
    expect(
      await t.count(`SELECT count(*)::int AS n FROM case_messages WHERE case_id = $1`, [
        other.caseId,
      ]),
    ).toBe(1);
  });

  it('shows the customer 360 with the case, and audits every view, append-only', async () => {
    const { caseId, invited } = await claimedCase();
    const view = await as(agent).get(`/api/v1/cases/${caseId}`).expect(200);
    expect(view.body.customer).toMatchObject({
      externalId: invited.externalId,
      email: invited.email,
      consents: [expect.objectContaining({ purpose: 'identified_feedback', action: 'granted' })],
      responses: [expect.objectContaining({ survey: 'stay', score: 1 })],
      cases: [expect.objectContaining({ id: caseId, status: 'assigned' })],
    });
    await as(agent).get(`/api/v1/cases/${caseId}`).expect(200);
    const { rows } = await t.db.query(
      `SELECT actor_user_id, action, subject_type, customer_id IS NOT NULL AS about_customer, ip
       FROM audit_events WHERE subject_id = $1 ORDER BY id`,
      [caseId],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'case.viewed',
        subject_type: 'case',
        about_customer: true,
      }),
      expect.objectContaining({ action: 'case.viewed' }),
    ]);
    expect(rows[0].actor_user_id).toEqual(expect.any(String));
    expect(rows[0].ip).toEqual(expect.any(String));
    // Not even the application can rewrite or remove the trail.
    await expect(t.db.query(`UPDATE audit_events SET ip = NULL`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
  });

  it('refuses a message without a subject or body, with sentences', async () => {
    const { caseId } = await claimedCase();
    const refused = await as(agent)
      .post(`/api/v1/cases/${caseId}/messages`)
      .send({ subject: '', body: 42 })
      .expect(400);
    expect(refused.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'subject', message: 'must be 1 to 200 characters' }),
        expect.objectContaining({ field: 'body', message: 'must be text' }),
      ]),
    );
    expect(
      await t.count(`SELECT count(*)::int AS n FROM case_messages WHERE case_id = $1`, [caseId]),
    ).toBe(0);
  });
});

/** The customer's reply to `mail` as a mail client would build it, as raw RFC 822 bytes. */
async function rawReply(
  mail: Pick<CapturedMail, 'subject' | 'messageId' | 'envelope' | 'headers'>,
  reply: { to: string; text: string; withoutThread?: boolean; from?: string },
): Promise<Buffer> {
  const builder = createTransport({ streamTransport: true, buffer: true });
  const built = await builder.sendMail({
    from: reply.from ?? mail.envelope.to[0],
    to: reply.to,
    subject: `Re: ${mail.subject}`,
    text: `${reply.text}\n\nOn Tue, the hotel wrote:\n> earlier text`,
    ...(reply.withoutThread || !mail.messageId
      ? {}
      : { inReplyTo: mail.messageId, references: [mail.messageId] }),
  });
  return built.message as Buffer;
}
