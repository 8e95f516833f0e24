import { asUser, createUser, signIn } from '../support/factories';
import { startSurveyTestApp, type SurveyTestApp } from '../support/survey-fixtures';

/** `{a: {a: … {a: 1}}}` with `levels` objects, as JSON text (JSON.stringify would recurse). */
const nestedJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('bodies too deep or too wide (issue 12, finding 6)', () => {
  let t: SurveyTestApp;
  beforeAll(async () => (t = await startSurveyTestApp()));
  afterAll(() => t.close());

  const putCustomer = (body: string) =>
    t
      .http()
      .put('/api/v1/customers/deep-1')
      .set(t.auth)
      .set('content-type', 'application/json')
      .send(body);

  it('answers attributes nested 3,000 deep with 400 naming the field, not 500', async () => {
    const response = await putCustomer(
      `{"email":"deep@example.com","attributes":${nestedJson(3000)}}`,
    ).expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      code: 'body_too_complex',
      details: [
        {
          field: `attributes${'.a'.repeat(31)}`,
          message: 'nests deeper than 32 levels',
        },
      ],
    });
    expect(await t.count(`SELECT count(*)::int AS n FROM customers`)).toBe(0);
  });

  it('answers a zero byte in a search or a filter with 400, not 500', async () => {
    const agent = await createUser(t.app, 'agent');
    const http = asUser(t.http, await signIn(t.http, agent.email, agent.password));
    // The search drops what is not a word; the filters compare the text as it came.
    const search = await http.get('/api/v1/cases?q=ann%00');
    expect(search.status).toBe(200);
    for (const query of ['touchpointType=stay%00', 'survey=stay%00']) {
      const response = await http.get(`/api/v1/cases?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.body.message).toContain('zero byte');
    }
  });

  it('still takes an ordinary body with nested attributes', async () => {
    await putCustomer(
      JSON.stringify({ email: 'deep@example.com', attributes: { tier: 'gold' } }),
    ).expect(201);
  });

  it('answers a body with more than 30,000 keys with 400', async () => {
    const attributes = Object.fromEntries(Array.from({ length: 30_001 }, (_, i) => [`k${i}`, i]));
    const response = await putCustomer(
      JSON.stringify({ email: 'wide@example.com', attributes }),
    ).expect(400);
    expect(response.body).toMatchObject({
      code: 'body_too_complex',
      details: [
        { field: 'attributes', message: 'takes the body past 30,000 keys and array items' },
      ],
    });
  });

  it('counts array items like keys: one key holding a long array is a 400 naming it', async () => {
    // About 200 kB of zeros: well inside the byte limit.
    const numbers = `[${Array<string>(100_000).fill('0').join(',')}]`;
    const response = await putCustomer(
      `{"email":"list@example.com","attributes":{"list":${numbers}}}`,
    ).expect(400);
    expect(response.body).toMatchObject({
      code: 'body_too_complex',
      details: [
        { field: 'attributes.list', message: 'takes the body past 30,000 keys and array items' },
      ],
    });
    const objects = await t
      .http()
      .post('/api/v1/invitations/batch')
      .set(t.auth)
      .set('content-type', 'application/json')
      .send(`{"items":[${Array<string>(40_000).fill('{}').join(',')}]}`)
      .expect(400);
    expect(objects.body).toMatchObject({
      code: 'body_too_complex',
      details: [{ field: 'items', message: 'takes the body past 30,000 keys and array items' }],
    });
    expect(
      await t.count(`SELECT count(*)::int AS n FROM customers WHERE email = 'list@example.com'`),
    ).toBe(0);
  });

  it('answers a form with more than 30,000 fields with 400', async () => {
    const invited = await t.invite();
    const response = await t
      .http()
      .post(`/s/${invited.token}`)
      .type('form')
      .send('a=1&'.repeat(30_001))
      .expect(400);
    expect(response.body).toMatchObject({ code: 'body_too_complex' });
  });
});

describe('one-click unsubscribe as multipart/form-data (issue 12, finding 7)', () => {
  let t: SurveyTestApp;
  beforeAll(async () => (t = await startSurveyTestApp()));
  afterAll(() => t.close());

  it('unsubscribes with the multipart body RFC 8058 names', async () => {
    const invited = await t.invite();
    await t.http().post(`/u/${invited.token}`).field('List-Unsubscribe', 'One-Click').expect(200);
    expect(
      await t.count(`SELECT count(*)::int AS n FROM suppressions WHERE reason = 'unsubscribed'`),
    ).toBe(1);
    // Idempotent, and the body's content does not matter.
    await t
      .http()
      .post(`/u/${invited.token}`)
      .set('content-type', 'multipart/form-data; boundary=x')
      .send('--x--\r\n')
      .expect(200);
  });

  it('refuses a broken multipart body with 400 and keeps 415 for multipart elsewhere', async () => {
    const invited = await t.invite();
    const broken = await t
      .http()
      .post(`/u/${invited.token}`)
      .set('content-type', 'multipart/form-data; boundary=x')
      .send('no delimiter here')
      .expect(400);
    expect(broken.body).toMatchObject({ code: 'malformed_body' });
    const elsewhere = await t
      .http()
      .post(`/s/${invited.token}`)
      .field('consent', 'anonymous')
      .expect(415);
    expect(elsewhere.body).toMatchObject({ code: 'unsupported_media_type' });
    await t
      .http()
      .put('/api/v1/customers/m-1')
      .set(t.auth)
      .field('email', 'm@example.com')
      .expect(415);
  });
});
