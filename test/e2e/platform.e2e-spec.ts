import { Client } from 'pg';
import { startTestApp, TestApp } from '../support/app';

describe('platform (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('reports liveness and readiness of database, queue and SMTP', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(Object.keys(ready.body.info).sort()).toEqual(['database', 'queue', 'smtp']);
  });

  it('answers unknown paths with the error shape and a request id', async () => {
    const response = await t
      .http()
      .get('/api/v1/nothing-here')
      .set('x-request-id', 'trace-123')
      .expect(404);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(response.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'not_found',
      message: expect.any(String),
      requestId: 'trace-123',
    });
  });

  it('rejects invalid input with field details (400)', async () => {
    const response = await t
      .http()
      .post('/api/v1/session')
      .send({ email: 'not-an-email', password: 'x', extra: 1 })
      .expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      code: 'validation_failed',
      requestId: expect.any(String),
    });
    expect(response.body.details).toEqual(
      expect.arrayContaining([
        { field: 'email', message: 'must be an email address' },
        { field: 'extra', message: expect.stringContaining('should not exist') },
      ]),
    );
  });

  it('rejects malformed JSON (400), wrong content types (415) and oversized bodies (413)', async () => {
    const malformed = await t
      .http()
      .post('/api/v1/session')
      .set('content-type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(malformed.body).toMatchObject({
      statusCode: 400,
      code: 'malformed_body',
      requestId: expect.any(String),
    });

    const wrongType = await t
      .http()
      .post('/api/v1/session')
      .set('content-type', 'text/plain')
      .send('hello')
      .expect(415);
    expect(wrongType.body).toMatchObject({ statusCode: 415, code: 'unsupported_media_type' });

    const huge = JSON.stringify({
      email: 'a@b.c',
      password: 'x'.repeat(t.config.bodyLimitBytes + 10),
    });
    const tooLarge = await t
      .http()
      .post('/api/v1/session')
      .set('content-type', 'application/json')
      .send(huge)
      .expect(413);
    expect(tooLarge.body).toMatchObject({
      statusCode: 413,
      code: 'payload_too_large',
      requestId: expect.any(String),
    });
    for (const body of [malformed.body, wrongType.body, tooLarge.body])
      expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts)/);
  });

  it('sends security headers: CSP with frame-ancestors none, HSTS of a year or more', async () => {
    const response = await t.http().get('/').expect(200);
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    const maxAge = Number(/max-age=(\d+)/.exec(response.headers['strict-transport-security'])?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(31_536_000);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.text).toContain('href="/console"');
    expect(response.text).toContain('href="/dev/mail"');
  });

  it('exposes Prometheus metrics with route patterns only', async () => {
    await t.http().get('/health/live');
    const response = await t.http().get('/metrics').expect(200);
    expect(response.text).toContain('candor_http_request_duration_seconds_bucket');
    expect(response.text).toContain('route="/health/live"');
  });

  it('publishes the OpenAPI document and its UI', async () => {
    const json = await t.http().get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/session', '/api/v1/api-keys']),
    );
    const ui = await t.http().get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });
});

describe('ROLE=worker', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ ROLE: 'worker' })));
  afterAll(() => t.close());

  it('serves health but no application routes', async () => {
    await t.http().get('/health/live').expect(200);
    const response = await t.http().get('/api/v1/session').expect(404);
    expect(response.body.message).toContain('ROLE=worker');
  });
});

describe('an unexpected failure', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('is a 500 in the error shape, with the request id and no stack or SQL', async () => {
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await db.query('ALTER TABLE users RENAME TO users_gone');
    try {
      const response = await t
        .http()
        .post('/api/v1/session')
        .send({ email: 'a@example.test', password: 'x' })
        .expect(500);
      expect(response.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        code: 'internal_error',
        message: expect.stringContaining('request id'),
        requestId: response.headers['x-request-id'],
      });
      expect(response.text).not.toMatch(/users|relation|at .*\.(js|ts)/);
    } finally {
      await db.query('ALTER TABLE users_gone RENAME TO users');
      await db.end();
    }
  });
});

describe('validation messages', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it.each([{}, { email: 42, password: ['x'] }, { email: null, password: null }])(
    'say what a value must be, not its length, for %j',
    async (body) => {
      const response = await t.http().post('/api/v1/session').send(body).expect(400);
      expect(response.body.details).toEqual([
        { field: 'email', message: 'must be an email address' },
        { field: 'password', message: 'must be text' },
      ]);
    },
  );
});
