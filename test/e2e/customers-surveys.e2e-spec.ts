import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/factories';

describe('customers and surveys API', () => {
  let t: TestApp;
  let auth: { authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    auth = { authorization: `Bearer ${await createApiKey(t.app)}` };
  });
  afterAll(() => t.close());

  it('upserts a customer by external id: 201 created, then 200 updated, email normalised', async () => {
    const created = await t
      .http()
      .put('/api/v1/customers/crm-1')
      .set(auth)
      .send({
        email: ' Ann.Smith@Example.COM ',
        name: 'Ann Smith',
        locale: 'fi',
        attributes: { tier: 'gold' },
      })
      .expect(201);
    expect(created.body).toMatchObject({
      externalId: 'crm-1',
      email: 'ann.smith@example.com',
      locale: 'fi',
    });

    const updated = await t
      .http()
      .put('/api/v1/customers/crm-1')
      .set(auth)
      .send({ email: 'ann@example.com' })
      .expect(200);
    expect(updated.body).toMatchObject({
      email: 'ann@example.com',
      name: 'Ann Smith',
      locale: 'fi',
      attributes: { tier: 'gold' },
    });
    await t.http().get('/api/v1/customers/crm-1').set(auth).expect(200);
    await t.http().get('/api/v1/customers/nobody').set(auth).expect(404);
  });

  it.each([
    [{ email: 'not-an-email' }, 'email'],
    [{ email: 'ann@example.com\r\nBcc: eve@example.com' }, 'email'],
    [{ email: 'ann@example.com', locale: 'english please' }, 'locale'],
    [{ email: 'ann@example.com', attributes: 'gold' }, 'attributes'],
    [{}, 'email'],
  ])('refuses a bad customer %j with a 400 naming %s', async (body, field) => {
    const response = await t.http().put('/api/v1/customers/crm-2').set(auth).send(body).expect(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('creates a survey with defaults filled in, and PUT makes a new version', async () => {
    const created = await t.http().post('/api/v1/surveys').set(auth).send(DEMO_SURVEY).expect(201);
    expect(created.body).toMatchObject({
      key: 'stay',
      version: 1,
      scale: 'csat5',
      dissatisfiedAtOrBelow: 2,
      followUp: { firstContactHours: 24, resolutionHours: 240 },
      contactPolicy: {
        maxInvitations: 1,
        invitationWindowDays: 30,
        maxMessages: 3,
        messageWindowDays: 7,
      },
    });
    expect(created.body.locales.en.emailSubject).toBe('How was your stay?');
    expect(created.body.locales.fi.scoreQuestion).toBe('Kuinka tyytyväinen olit?');

    await t.http().post('/api/v1/surveys').set(auth).send(DEMO_SURVEY).expect(409);

    const { key: _key, ...content } = DEMO_SURVEY;
    const revised = await t
      .http()
      .put('/api/v1/surveys/stay')
      .set(auth)
      .send({ ...content, scale: 'nps', dissatisfiedAtOrBelow: 5 })
      .expect(200);
    expect(revised.body).toMatchObject({ version: 2, scale: 'nps', dissatisfiedAtOrBelow: 5 });
    const listed = await t.http().get('/api/v1/surveys').set(auth).expect(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].version).toBe(2);
  });

  it('pages the survey list with limit and cursor', async () => {
    for (const key of ['page-a', 'page-b', 'page-c']) {
      await t
        .http()
        .post('/api/v1/surveys')
        .set(auth)
        .send({ ...DEMO_SURVEY, key })
        .expect(201);
    }
    const keys: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string | number> = { limit: 2 };
      if (cursor) query.cursor = cursor;
      const page = await t.http().get('/api/v1/surveys').query(query).set(auth).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      keys.push(...page.body.items.map((survey: { key: string }) => survey.key));
      cursor = page.body.nextCursor as string | null;
      pages += 1;
    } while (cursor);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']));
    expect(new Set(keys).size).toBe(keys.length);
    expect(pages).toBe(Math.ceil(keys.length / 2));

    const badLimit = await t.http().get('/api/v1/surveys?limit=0').set(auth).expect(400);
    expect(badLimit.body.details).toEqual([
      { field: 'limit', message: 'must be a whole number from 1 to 200' },
    ]);
    const badCursor = await t.http().get('/api/v1/surveys?cursor=bm9wZQ').set(auth).expect(400);
    expect(badCursor.body.details).toEqual([
      { field: 'cursor', message: 'must be a nextCursor this API returned' },
    ]);
  });

  it('explains what is wrong with a survey definition', async () => {
    const response = await t
      .http()
      .post('/api/v1/surveys')
      .set(auth)
      .send({
        key: 'Bad Key',
        name: 'x',
        scale: 'stars',
        questions: [{ id: 'q', type: 'single_choice', label: { en: 'Pick' } }],
      })
      .expect(400);
    const fields = response.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['key', 'scale']));

    const crossField = await t
      .http()
      .post('/api/v1/surveys')
      .set(auth)
      .send({
        key: 'ok',
        name: 'x',
        scale: 'csat5',
        dissatisfiedAtOrBelow: 5,
        questions: [
          { id: 'q', type: 'single_choice', label: { fi: 'Valitse' } },
          { id: 'q', type: 'free_text', label: { en: 'Why' } },
        ],
        locales: { en: { emailSubject: '' } },
      })
      .expect(400);
    expect(crossField.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining([
        'dissatisfiedAtOrBelow',
        'questions.0.label.en',
        'questions.0.options',
        'questions.1.id',
        'locales.en.emailSubject',
      ]),
    );
  });
});
