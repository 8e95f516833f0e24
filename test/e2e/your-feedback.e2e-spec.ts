import { deadlineText } from '../../src/common/i18n/deadline';
import { DEFAULT_CALENDAR } from '../../src/modules/cases/business-hours';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import {
  answerIdentified,
  assignCase,
  caseOf,
  form,
  type Invited,
  startSurveyTestApp,
  type SurveyTestApp,
} from '../support/survey-fixtures';

jest.setTimeout(60_000);

/**
 * "Your feedback" at /p/{token}: the customer sees what they told us and what became of it, the
 * dialogue both ways, writes to the person on their case, and says "this is not resolved", which
 * gives the case back. GET shows, POST acts; anonymous answers never appear.
 */
describe('Your feedback (worker running)', () => {
  let t: SurveyTestApp;
  let agent: SignedIn;
  let agentId: string;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const user = await createUser(t.app, 'agent');
    agentId = user.user.id;
    agent = await signIn(t.http, user.email, user.password);
  });
  afterAll(() => t?.close());

  async function unhappy(invited: Invited, locale = 'en') {
    await answerIdentified(t, invited, { score: 2, comment: 'The room was cold.' }, locale);
    return caseOf(t, invited.id);
  }
  const page = async (token: string) => (await t.http().get(`/p/${token}`).expect(200)).text;
  const caseRow = async (caseId: string) =>
    (
      await t.db.query<{ status: string; version: number }>(
        'SELECT status, version FROM follow_up_cases WHERE id = $1',
        [caseId],
      )
    ).rows[0];
  const timeline = async (caseId: string) =>
    (
      await t.db.query<{ type: string; detail: string | null }>(
        'SELECT type, detail FROM case_events WHERE case_id = $1 ORDER BY id',
        [caseId],
      )
    ).rows;

  it('shows the answer, the case in plain words and the dialogue; the customer writes and reopens', async () => {
    const invited = await t.invite();
    const caseId = await unhappy(invited);
    const due = (
      await t.db.query<{ due: Date }>(
        'SELECT first_contact_due_at AS due FROM follow_up_cases WHERE id = $1',
        [caseId],
      )
    ).rows[0].due;

    const received = await page(invited.token);
    expect(received).toContain('<h1>Your feedback</h1>');
    expect(received).toContain('Your score: 2 of 5');
    expect(received).toContain('“The room was cold.”');
    expect(received).toContain(
      `Received. A person will contact you by ${deadlineText('en', due, DEFAULT_CALENDAR.timeZone)}.`,
    );
    // A GET changes nothing (link scanners fetch it).
    expect(await caseRow(caseId)).toMatchObject({ status: 'open', version: 1 });

    await assignCase(t, caseId, agentId);
    await asUser(t.http, agent)
      .post(`/api/v1/cases/${caseId}/messages`)
      .send({ subject: 'About your room', body: 'Which night was it?' })
      .expect(200);
    const inTouch = await page(invited.token);
    expect(inTouch).toContain('Someone is on it and in touch with you.');
    expect(inTouch).toMatch(/From us, \d{1,2} \w+ \d{4}/);
    expect(inTouch).toContain('Which night was it?');

    // Their message goes into the case, as an emailed reply would.
    const empty = await t
      .http()
      .post(`/p/${invited.token}/cases/${caseId}/reply`)
      .type('form')
      .send(form({ message: '   ' }))
      .expect(400);
    expect(empty.text).toContain('Write your message before sending it.');
    const sent = await t
      .http()
      .post(`/p/${invited.token}/cases/${caseId}/reply`)
      .type('form')
      .send(form({ message: 'Tuesday, room 214.' }))
      .expect(303);
    expect(sent.headers.location).toBe(`/p/${invited.token}?done=replied#case-${caseId}`);
    const afterReply = await page(`${invited.token}?done=replied`);
    expect(afterReply).toContain('Sent: the person looking after your case has your message.');
    expect(afterReply).toMatch(/From you, \d{1,2} \w+ \d{4}/);
    expect(afterReply).toContain('Tuesday, room 214.');
    const view = await asUser(t.http, agent).get(`/api/v1/cases/${caseId}`).expect(200);
    expect(view.body.messages.at(-1)).toMatchObject({
      direction: 'inbound',
      subject: 'Message from Your feedback',
      body: 'Tuesday, room 214.',
    });
    expect((await timeline(caseId)).at(-1)).toEqual({
      type: 'reply_received',
      detail: 'Message from Your feedback',
    });
    // Not before it is resolved.
    await t
      .http()
      .post(`/p/${invited.token}/cases/${caseId}/not-resolved`)
      .type('form')
      .send(form({ message: 'Still cold' }))
      .expect(409);

    await asUser(t.http, agent)
      .post(`/api/v1/cases/${caseId}/resolve`)
      .send({ rootCause: 'product_quality', resolution: 'The radiator was repaired.' })
      .expect(200);
    const resolved = await page(invited.token);
    expect(resolved).toMatch(/Resolved on \d{1,2} \w+ \d{4}\./);
    expect(resolved).toContain('What was done:</span> The radiator was repaired.');
    expect(resolved).toContain('>This is not resolved</button>');

    const reopened = await t
      .http()
      .post(`/p/${invited.token}/cases/${caseId}/not-resolved`)
      .type('form')
      .send(form({ message: 'It is still cold at night.' }))
      .expect(303);
    expect(reopened.headers.location).toBe(`/p/${invited.token}?done=reopened#case-${caseId}`);
    expect(await caseRow(caseId)).toMatchObject({ status: 'assigned' });
    expect((await timeline(caseId)).slice(-2)).toEqual([
      { type: 'reopened', detail: 'not_resolved_by_customer' },
      { type: 'reply_received', detail: 'Not resolved' },
    ]);
    const back = await asUser(t.http, agent).get(`/api/v1/cases/${caseId}`).expect(200);
    expect(back.body).toMatchObject({ status: 'assigned', assigneeId: agentId });
    expect(back.body.messages.at(-1)).toMatchObject({
      direction: 'inbound',
      body: 'It is still cold at night.',
    });
    // The recovery survey of that resolution no longer opens.
    const recovery = await t.app
      .get(MailCatcher)
      .waitFor(
        (m) => m.envelope.to.includes(invited.email) && m.subject === 'Did we make it right?',
        10_000,
      );
    const recoveryToken = /\/r\/([A-Za-z0-9_-]{32})/.exec(recovery.text ?? '')![1];
    await t.http().get(`/r/${recoveryToken}`).expect(410);
    expect(await page(`${invited.token}?done=reopened`)).toContain(
      'Done: your case is open again, and the person looking after it has your words.',
    );
  });

  it("never acts on another customer's case, and shows no anonymous answer", async () => {
    const mine = await t.invite();
    const other = await t.invite();
    const otherCase = await unhappy(other);
    await t
      .http()
      .post(`/s/${mine.token}`)
      .type('form')
      .send(form({ consent: 'anonymous', score: '1', comment: 'Anonymous words' }))
      .expect(303);
    const shown = await page(mine.token);
    expect(shown).toContain('You have not answered a survey as yourself.');
    expect(shown).not.toContain('Anonymous words');
    for (const action of ['reply', 'not-resolved']) {
      await t
        .http()
        .post(`/p/${mine.token}/cases/${otherCase}/${action}`)
        .type('form')
        .send(form({ message: 'Not mine' }))
        .expect(409);
    }
    await t
      .http()
      .post(`/p/${mine.token}/cases/not-a-case/reply`)
      .type('form')
      .send(form({ message: 'x' }))
      .expect(404);
    expect(
      await t.count(`SELECT count(*)::int AS n FROM case_messages WHERE case_id = $1`, [otherCase]),
    ).toBe(0);
  });

  it('speaks Finnish to a Finnish customer', async () => {
    const invited = await t.invite({ locale: 'fi' });
    await unhappy(invited, 'fi');
    const shown = await page(invited.token);
    expect(shown).toContain('<h1>Palautteesi</h1>');
    expect(shown).toContain('Arviosi: 2/5');
    expect(shown).toMatch(
      /Vastaanotettu\. Asiakaspalvelijamme ottaa sinuun yhteyttä viimeistään \S+ \d{1,2}\.\d{1,2}\. klo \d{2}\.\d{2}\./,
    );
    expect(shown).toContain('>Lähetä</button>');
  });
});
