import { AnonymousResponseRelease } from '../../src/modules/responses/anonymous-response-release';
import { eventually } from '../support/eventually';
import {
  answerIdentified,
  startSurveyTestApp,
  type SurveyTestApp,
} from '../support/survey-fixtures';

const WHERE = {
  type: 'stay',
  reference: 'R-77',
  location: '  Helsinki Airport hotel ',
  channel: 'front desk',
  staff: { externalId: ' E-1042 ', name: 'Aino Virtanen' },
};

/**
 * Where a touchpoint happened (issue 16): an invitation's touchpoint takes a location, a channel
 * and the member of staff who served the customer; bad values are a 400 with a sentence; they are
 * read back wherever the touchpoint is; an anonymous answer keeps the place and the channel, never
 * the person who answered or the member of staff.
 */
describe('where a touchpoint happened', () => {
  let t: SurveyTestApp;
  beforeAll(async () => {
    t = await startSurveyTestApp();
  });
  afterAll(() => t?.close());

  const post = (touchpoint: unknown) =>
    t
      .http()
      .post('/api/v1/invitations')
      .set(t.auth)
      .send({
        survey: 'stay',
        customer: { externalId: 'where-bad', email: 'where.bad@example.com' },
        touchpoint,
      });

  it.each([
    [{ location: 'x'.repeat(201) }, 'touchpoint.location must be 1 to 200 characters.'],
    [{ location: '   ' }, 'touchpoint.location must be 1 to 200 characters.'],
    [{ location: 7 }, 'touchpoint.location must be text.'],
    [
      { location: 'Lobby\nbar' },
      'touchpoint.location must be text without control characters such as line breaks.',
    ],
    [{ channel: 'x'.repeat(101) }, 'touchpoint.channel must be 1 to 100 characters.'],
    [{ channel: ['phone'] }, 'touchpoint.channel must be text.'],
    [{ staff: 'E-1042' }, 'touchpoint.staff must be an object with externalId and name.'],
    [{ staff: { externalId: 'E-1' } }, 'touchpoint.staff.name is required when staff is given.'],
    [{ staff: { name: 'Aino' } }, 'touchpoint.staff.externalId is required when staff is given.'],
    [
      { staff: { externalId: 'x'.repeat(201), name: 'Aino' } },
      'touchpoint.staff.externalId must be 1 to 200 characters.',
    ],
    [
      { staff: { externalId: 'E-1', name: ' ' } },
      'touchpoint.staff.name must be 1 to 200 characters.',
    ],
  ])('refuses %j with a sentence', async (bad, sentence) => {
    const response = await post({ type: 'stay', ...bad }).expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      code: 'validation_failed',
      message: `The request is not valid: ${sentence}`,
      details: [{ field: sentence.split(' ')[0] }],
    });
  });

  it('refuses a bad item of a batch in its place and records the others', async () => {
    const response = await t
      .http()
      .post('/api/v1/invitations/batch')
      .set(t.auth)
      .send({
        items: [
          {
            survey: 'stay',
            customer: { externalId: 'where-batch-1', email: 'where.batch1@example.com' },
            touchpoint: { type: 'stay', staff: { externalId: 'E-1' } },
          },
          {
            survey: 'stay',
            customer: { externalId: 'where-batch-2', email: 'where.batch2@example.com' },
            touchpoint: { type: 'stay', location: 'Tampere', channel: 'phone' },
          },
        ],
      })
      .expect(202);
    const [refused, queued] = response.body.results;
    expect(refused).toMatchObject({
      status: 'rejected',
      code: 'validation_failed',
      message: 'The request is not valid: touchpoint.staff.name is required when staff is given.',
    });
    expect(queued).toMatchObject({ status: 'queued' });
    const { rows } = await t.db.query(
      'SELECT touchpoint_location, touchpoint_channel, touchpoint_staff_id FROM invitations WHERE id = $1',
      [queued.id],
    );
    expect(rows).toEqual([
      { touchpoint_location: 'Tampere', touchpoint_channel: 'phone', touchpoint_staff_id: null },
    ]);
  });

  it('stores them trimmed and reads them back wherever the touchpoint is shown', async () => {
    const invited = await t.invite({}, { touchpoint: WHERE });
    await answerIdentified(t, invited, { score: 4 });
    const expected = {
      type: 'stay',
      reference: 'R-77',
      location: 'Helsinki Airport hotel',
      channel: 'front desk',
      staff: { externalId: 'E-1042', name: 'Aino Virtanen' },
    };

    const invitation = await t.http().get(`/api/v1/invitations/${invited.id}`).set(t.auth);
    expect(invitation.body.touchpoint).toEqual({ ...expected, occurredAt: null });

    const customer = await t.http().get(`/api/v1/customers/${invited.externalId}`).set(t.auth);
    expect(customer.body.invitations[0].touchpoint).toEqual({ ...expected, occurredAt: null });

    const answers = await t.http().get('/api/v1/responses').set(t.auth).expect(200);
    const answer = (answers.body.items as { invitationId: string; touchpoint: unknown }[]).find(
      (item) => item.invitationId === invited.id,
    );
    expect(answer?.touchpoint).toEqual({ ...expected, occurredAt: null });

    const exported = await t
      .http()
      .get(`/api/v1/customers/${invited.externalId}/export`)
      .set(t.auth)
      .expect(200);
    expect(exported.body.invitations[0].touchpoint).toEqual({ ...expected, occurredAt: null });
  });

  it('keeps location and channel with an anonymous answer, never who gave it or who served them', async () => {
    const invited = await t.invite({}, { touchpoint: WHERE });
    await t
      .http()
      .post(`/s/${invited.token}`)
      .set('accept', 'application/json')
      .send({ consent: 'anonymous', score: 2, comment: 'Noisy room.' })
      .expect(201);
    // Nine more, so that the inbox releases them together.
    for (let i = 0; i < 9; i += 1) {
      const other = await t.invite({}, { touchpoint: { type: 'stay', location: 'Tampere' } });
      await t
        .http()
        .post(`/s/${other.token}`)
        .set('accept', 'application/json')
        .send({ consent: 'anonymous', score: 5 })
        .expect(201);
    }
    await t.app.get(AnonymousResponseRelease).release();
    await eventually(async () => {
      expect(await t.count('SELECT count(*)::int AS n FROM anonymous_response_inbox')).toBe(0);
    });

    const { rows } = await t.db.query(
      `SELECT * FROM anonymous_responses WHERE comment = 'Noisy room.'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      touchpoint_location: 'Helsinki Airport hotel',
      touchpoint_channel: 'front desk',
    });
    // Nothing else: no customer, invitation, staff, reference or time finer than the month.
    expect(Object.keys(rows[0]).sort()).toEqual(
      [
        'id',
        'survey_version_id',
        'score',
        'dissatisfied',
        'answers',
        'comment',
        'submitted_month',
        'touchpoint_location',
        'touchpoint_channel',
      ].sort(),
    );
    const text = JSON.stringify(rows[0]);
    for (const identifying of [invited.id, invited.email, 'E-1042', 'Aino']) {
      expect(text).not.toContain(identifying);
    }
    // A short external id ("c-2") may stand inside a random uuid: looked for as a whole value.
    expect(text).not.toContain(JSON.stringify(invited.externalId));
  });

  it('keeps location and channel when a withdrawal makes identified answers anonymous', async () => {
    const invited = await t.invite({}, { touchpoint: { ...WHERE, location: 'Turku Harbour' } });
    await answerIdentified(t, invited, { score: 3, comment: 'Withdrawn later.' });
    await t
      .http()
      .post(`/p/${invited.token}/withdraw`)
      .type('form')
      .send('purpose=identified_feedback')
      .expect(303);
    const { rows } = await t.db.query(
      `SELECT touchpoint_location, touchpoint_channel FROM anonymous_response_inbox
       WHERE comment = 'Withdrawn later.'
       UNION ALL
       SELECT touchpoint_location, touchpoint_channel FROM anonymous_responses
       WHERE comment = 'Withdrawn later.'`,
    );
    expect(rows).toEqual([
      { touchpoint_location: 'Turku Harbour', touchpoint_channel: 'front desk' },
    ]);
  });
});
