import { Client } from 'pg';
import { AnonymousResponseRelease } from '../../src/modules/responses/anonymous-response-release';
import { form, startSurveyTestApp, type SurveyTestApp } from '../support/survey-fixtures';

describe('survey page /s/{token}', () => {
  let t: SurveyTestApp;
  let auth: { authorization: string };
  let db: Client;
  const invitation = (customer?: Record<string, unknown>) => t.invite(customer);
  const count = (sql: string, params?: unknown[]) => t.count(sql, params);
  const consentTextId = () => t.consentTextId();

  beforeAll(async () => {
    t = await startSurveyTestApp({ ROLE: 'api' });
    ({ auth, db } = t);
  });
  afterAll(() => t.close());

  it('shows the pre-selected score, then the consent step before any question, none chosen', async () => {
    const { token } = await invitation();
    const page = await t.http().get(`/s/${token}?score=2`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const html = page.text;
    const consentAt = html.indexOf('name="consent"');
    expect(consentAt).toBeGreaterThan(html.indexOf('name="score"'));
    expect(consentAt).toBeLessThan(html.indexOf('name="q_'));
    expect(html).not.toMatch(/name="consent"[^>]*checked/);
    expect(html).toMatch(
      /name="score"[^>]*value="2"[^>]*checked|value="2"[^>]*name="score"[^>]*checked/,
    );
    expect(html).toContain('R-');
    expect(html).toContain(await consentTextId());
    // The same time as the invitation promised, computed from the survey's questions.
    expect(html).toContain('It takes about 2 minutes, and you choose');
  });

  it('speaks the customer’s language', async () => {
    const { token } = await invitation({ locale: 'fi-FI' });
    const page = await t.http().get(`/s/${token}`).expect(200);
    expect(page.text).toContain('<html lang="fi"');
  });

  it('never answers on GET or HEAD (mail scanners): only the one POST does, once', async () => {
    const { id, token } = await invitation();
    for (let i = 0; i < 10; i++) {
      await t.http().get(`/s/${token}?score=1`).expect(200);
      await t.http().head(`/s/${token}?score=1`).expect(200);
    }
    expect(
      await count(
        `SELECT count(*)::int AS n FROM invitations WHERE id = $1 AND status = 'answered'`,
        [id],
      ),
    ).toBe(0);
    await t
      .http()
      .post(`/s/${token}`)
      .type('form')
      .send(form({ consent: 'anonymous', score: '4' }))
      .expect(303);
    await t
      .http()
      .post(`/s/${token}`)
      .type('form')
      .send(form({ consent: 'anonymous', score: '4' }))
      .expect(409);
  });

  it('records an identified, dissatisfied answer with its consent, and promises a person', async () => {
    const { id, token, externalId } = await invitation();
    const textId = await consentTextId();
    const posted = await t
      .http()
      .post(`/s/${token}`)
      .type('form')
      .send(
        form({
          consent: 'identified',
          consentText: textId,
          score: '1',
          q_what_went_wrong: ['room', 'billing'],
          context: ['family_travel', 'business_travel'],
          channel_family_travel: 'phone',
          time_family_travel: 'evening',
          interests_family_travel: ['kids', 'spa'],
          channel_business_travel: 'email',
          comment: 'Please call me.',
        }),
      )
      .expect(303);
    expect(posted.headers.location).toBe(`/s/${token}/thanks`);

    const { rows: responses } = await db.query(
      `SELECT r.score, r.dissatisfied, r.answers, r.comment, c.external_id, e.purpose, e.action, e.source,
              e.consent_text_id, e.invitation_id
       FROM responses r JOIN customers c ON c.id = r.customer_id
       JOIN consent_events e ON e.id = r.consent_event_id WHERE r.invitation_id = $1`,
      [id],
    );
    expect(responses).toEqual([
      expect.objectContaining({
        score: 1,
        dissatisfied: true,
        comment: 'Please call me.',
        purpose: 'identified_feedback',
        action: 'granted',
        source: 'survey_page',
        consent_text_id: textId,
        invitation_id: id,
      }),
    ]);
    expect(responses[0].answers.questions).toEqual({ what_went_wrong: ['room', 'billing'] });
    const { rows: profiles } = await db.query(
      `SELECT p.context, p.channel, p.contact_time, p.interests FROM preference_profiles p
       JOIN customers c ON c.id = p.customer_id WHERE c.external_id = $1 ORDER BY context`,
      [externalId],
    );
    expect(profiles).toEqual([
      { context: 'business_travel', channel: 'email', contact_time: null, interests: [] },
      {
        context: 'family_travel',
        channel: 'phone',
        contact_time: 'evening',
        interests: ['kids', 'spa'],
      },
    ]);
    const invitationState = await t.http().get(`/api/v1/invitations/${id}`).set(auth).expect(200);
    expect(invitationState.body.status).toBe('answered');
    expect(invitationState.body.timeline.map((e: { type: string }) => e.type)).toContain(
      'answered',
    );

    const thanks = await t.http().get(`/s/${token}/thanks`).expect(200);
    expect(thanks.text).toMatch(/will contact you by \w+day \d{1,2} \w+, \d{2}:\d{2}\./);
    expect(thanks.text).toContain(`/p/${token}`);

    // Consent events are append-only.
    await expect(db.query(`UPDATE consent_events SET action = 'withdrawn'`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('sends nothing more to a satisfied customer', async () => {
    const { id, token } = await invitation();
    await t
      .http()
      .post(`/s/${token}`)
      .type('form')
      .send(form({ consent: 'identified', consentText: await consentTextId(), score: '5' }))
      .expect(303);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM email_messages WHERE invitation_id = $1 AND kind = 'thank_you'`,
        [id],
      ),
    ).toBe(0);
    const thanks = await t.http().get(`/s/${token}/thanks`).expect(200);
    expect(thanks.text).not.toMatch(/will contact you within/);
  });

  it('stores an anonymous answer with nothing that points back, and offers contact anyway', async () => {
    const { id, token } = await invitation();
    const before = await count(`SELECT count(*)::int AS n FROM consent_events`);
    const posted = await t
      .http()
      .post(`/s/${token}`)
      .type('form')
      .send(form({ consent: 'anonymous', score: '2', comment: 'Slow check-in.' }))
      .expect(303);
    expect(posted.headers.location).toBe(`/s/${token}/thanks?offer=contact`);
    expect(
      await count(`SELECT count(*)::int AS n FROM responses WHERE invitation_id = $1`, [id]),
    ).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM consent_events`)).toBe(before);
    const columns = async (table: string) =>
      (
        await db.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_name = $1`,
          [table],
        )
      ).rows
        .map((c) => c.column_name)
        .sort();
    const answerColumns = [
      'answers',
      'comment',
      'dissatisfied',
      'id',
      'score',
      'submitted_month',
      'survey_version_id',
      // Where the touchpoint happened (a place, a way of contact), never who served them.
      'touchpoint_channel',
      'touchpoint_location',
    ];
    expect(await columns('anonymous_responses')).toEqual(answerColumns);
    expect(await columns('anonymous_response_inbox')).toEqual(
      [...answerColumns, 'received_at'].sort(),
    );
    const { rows } = await db.query(
      `SELECT score, dissatisfied, comment, to_char(submitted_month, 'DD') AS day FROM anonymous_response_inbox WHERE comment = 'Slow check-in.'`,
    );
    expect(rows).toEqual([{ score: 2, dissatisfied: true, comment: 'Slow check-in.', day: '01' }]);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM invitations WHERE id = $1 AND status = 'answered'`,
        [id],
      ),
    ).toBe(1);

    const offer = await t.http().get(`/s/${token}/thanks?offer=contact`).expect(200);
    const contactText = /name="consentText" value="([^"]+)"/.exec(offer.text)?.[1];
    expect(contactText).toBeDefined();
    await t
      .http()
      .post(`/s/${token}/contact`)
      .type('form')
      .send(form({ contactConsent: 'yes', consentText: contactText! }))
      .expect(303);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM consent_events WHERE invitation_id = $1 AND purpose = 'future_contact' AND action = 'granted'`,
        [id],
      ),
    ).toBe(1);

    // Withdrawn on Your feedback: the one request of this invitation is spent, so the page offers
    // it no more and promises nothing.
    await t
      .http()
      .post(`/p/${token}/withdraw`)
      .type('form')
      .send(form({ purpose: 'future_contact' }))
      .expect(303);
    const after = await t.http().get(`/s/${token}/thanks?offer=contact`).expect(200);
    expect(after.text).not.toContain('name="contactConsent"');
    expect(after.text).not.toContain('we will contact you');
    expect(after.text).toContain('withdrew it since, so nobody will contact you about it.');
  });

  it('releases anonymous answers only in batches, in a transaction of their own', async () => {
    const release = t.app.get(AnonymousResponseRelease);
    await db.query('DELETE FROM anonymous_response_inbox');
    await db.query(`DELETE FROM pgboss.job WHERE name = 'anonymous-responses.release'`);
    const before = await count('SELECT count(*)::int AS n FROM anonymous_responses');
    const answerAnonymously = async () => {
      const { token } = await invitation();
      await t
        .http()
        .post(`/s/${token}`)
        .set('accept', 'application/json')
        .send({ consent: 'anonymous', score: 4 })
        .expect(201);
    };
    for (let i = 0; i < 9; i++) await answerAnonymously();
    // Each answer scheduled its release runs, now and after the longest wait.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'anonymous-responses.release'`,
      ),
    ).toBe(18);
    // The later run is at a midnight (UTC) a day or more away, never at a time that dates an answer.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'anonymous-responses.release'
           AND start_after = date_trunc('day', start_after) AND start_after >= now() + interval '24 hours'`,
      ),
    ).toBe(9);
    expect(await release.release()).toEqual({ status: 'skipped', reason: 'waiting_for_company' });
    // (While they wait, the inbox rows do share their claims' transactions: hence the inbox.)
    expect(
      await count(
        `SELECT count(*)::int AS n FROM anonymous_response_inbox a JOIN invitation_events e ON e.xmin = a.xmin`,
      ),
    ).toBe(9);
    await answerAnonymously();
    expect(await release.release()).toEqual({ status: 'success' });
    expect(await count('SELECT count(*)::int AS n FROM anonymous_response_inbox')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM anonymous_responses')).toBe(before + 10);
    // Nothing shares a transaction with the claims any more.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM anonymous_responses a JOIN invitation_events e ON e.xmin = a.xmin`,
      ),
    ).toBe(0);
    // An overdue answer goes alone after a day.
    await answerAnonymously();
    await db.query(`UPDATE anonymous_response_inbox SET received_at = now() - interval '25 hours'`);
    expect(await release.release()).toEqual({ status: 'success' });
  });

  it('shows the form again with a message next to each problem and the input kept', async () => {
    const { token } = await invitation();
    const page = await t
      .http()
      .post(`/s/${token}`)
      .type('form')
      .send(form({ score: '4', comment: 'Kept text', q_what_went_wrong: 'not-an-option' }))
      .expect(400);
    expect(page.text).toContain('Choose how you want to answer');
    expect(page.text).toContain('Kept text');
    expect(page.text).toMatch(/aria-invalid="true"/);
    const json = await t
      .http()
      .post(`/s/${token}`)
      .set('accept', 'application/json')
      .send({ consent: 'identified', score: 9 })
      .expect(400);
    expect(json.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    expect(json.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'consent',
      'score',
    ]);
  });

  it('takes exactly one of 50 parallel submits; the rest are told it is already answered', async () => {
    const { id, token } = await invitation();
    const textId = await consentTextId();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        t
          .http()
          .post(`/s/${token}`)
          .set('accept', 'application/json')
          .send({ consent: 'identified', consentText: textId, score: 5 }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('already_answered');
    expect(
      await count(`SELECT count(*)::int AS n FROM responses WHERE invitation_id = $1`, [id]),
    ).toBe(1);
    expect(
      await count(`SELECT count(*)::int AS n FROM consent_events WHERE invitation_id = $1`, [id]),
    ).toBe(1);
  });

  it('answers unknown and tampered links with 404 and expired ones with 410', async () => {
    const { id, token } = await invitation();
    await t.http().get('/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404);
    // Flip the last character to a different one (a fixed 'x' is the token itself one time in 64).
    const tampered = token.slice(0, -1) + (token.endsWith('x') ? 'y' : 'x');
    await t.http().get(`/s/${tampered}`).expect(404);
    await t.http().get('/s/short').expect(404);
    await db.query(
      `UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [id],
    );
    await t.http().get(`/s/${token}`).expect(410);
    await t
      .http()
      .post(`/s/${token}`)
      .set('accept', 'application/json')
      .send({ consent: 'anonymous', score: 3 })
      .expect(410);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM invitations WHERE id = $1 AND status = 'answered'`,
        [id],
      ),
    ).toBe(0);
  });

  it('limits failed submits per link, and a good one still goes through on another link', async () => {
    const { token } = await invitation();
    const bad = () =>
      t.http().post(`/s/${token}`).set('accept', 'application/json').send({ score: 3 });
    for (let i = 0; i < 20; i++) expect((await bad()).status).toBe(400);
    const limited = await bad();
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'rate_limited', message: expect.any(String) });
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    const page = await t
      .http()
      .post(`/s/${token}`)
      .type('form')
      .send(form({ score: '3' }));
    expect(page.status).toBe(429);
    expect(page.text).toContain('Please wait a moment');
    const other = await invitation();
    await t
      .http()
      .post(`/s/${other.token}`)
      .set('accept', 'application/json')
      .send({ consent: 'anonymous', score: 3 })
      .expect(201);
  });

  it('refuses bodies that are not a survey form with a 400 and writes nothing', async () => {
    const { id, token } = await invitation();
    for (const body of [
      '[]',
      '"text"',
      '{"consent":{"nested":true}}',
      '{"answers":[1,2]}',
      '{"preferences":{"context":"x"}}',
      '{"__proto__":{"polluted":true},"consent":"anonymous","score":3}',
    ]) {
      const response = await t
        .http()
        .post(`/s/${token}`)
        .set('content-type', 'application/json')
        .set('accept', 'application/json')
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, message: expect.any(String) });
    }
    expect(
      await count(
        `SELECT count(*)::int AS n FROM invitations WHERE id = $1 AND status = 'answered'`,
        [id],
      ),
    ).toBe(0);
  });
});
