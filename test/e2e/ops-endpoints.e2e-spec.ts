import { randomBytes } from 'node:crypto';
import { startTestApp, TestApp } from '../support/app';
import { createUser, signIn } from '../support/factories';

const strong = () => randomBytes(32).toString('base64');

describe('/metrics and /api/docs with their defaults (development: open)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('serves both to anyone, so the quick start works as before', async () => {
    await t.http().get('/metrics').expect(200);
    await t.http().get('/api/docs-json').expect(200);
    await t.http().get('/api/docs').redirects(1).expect(200);
  });
});

describe('METRICS_TOKEN and API_DOCS=private', () => {
  const token = strong();
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ METRICS_TOKEN: token, API_DOCS: 'private' })));
  afterAll(() => t.close());

  it('serves /metrics only for the Bearer token', async () => {
    const anonymous = await t.http().get('/metrics').expect(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(anonymous.body).toMatchObject({ code: 'authentication_required' });
    await t.http().get('/metrics').set('authorization', `Bearer ${token}x`).expect(401);
    await t.http().get('/metrics').set('authorization', 'Bearer cnd_not-a-key').expect(401);
    const scraped = await t.http().get('/metrics').set('authorization', `Bearer ${token}`);
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('candor_http_request_duration_seconds');
  });

  it('sends a signed-out browser to the sign-in page and answers the document with 401', async () => {
    const ui = await t.http().get('/api/docs').expect(303);
    expect(ui.headers.location).toBe('/console/login');
    const json = await t.http().get('/api/docs-json').expect(401);
    expect(json.body).toMatchObject({ code: 'authentication_required' });
    await t.http().get('/api/docs/swagger-ui-init.js').expect(401);
    await t.http().get('/api/docs-yaml').expect(401);
  });

  it('serves the docs to anyone signed in to the console', async () => {
    const agent = await createUser(t.app, 'agent');
    const session = await signIn(t.http, agent.email, agent.password);
    await t.http().get('/api/docs-json').set('cookie', session.cookie).expect(200);
    await t
      .http()
      .get('/api/docs')
      .set('cookie', session.cookie)
      .redirects(0)
      .expect((r) => {
        expect(r.status).toBeLessThan(400);
      });
    // The hook guards the docs only: other public addresses stay as they were.
    await t.http().get('/health/live').expect(200);
  });
});

describe('API_DOCS=off', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ API_DOCS: 'off' })));
  afterAll(() => t.close());

  it('does not serve the docs', async () => {
    await t.http().get('/api/docs-json').expect(404);
    await t.http().get('/api/docs').expect(404);
  });
});

describe('production defaults', () => {
  let t: TestApp;
  beforeAll(
    async () =>
      (t = await startTestApp({
        NODE_ENV: 'production',
        ROLE: 'api',
        SMTP_URL: 'smtp://127.0.0.1:2525',
        PUBLIC_BASE_URL: 'https://feedback.example.com',
        TOKEN_SECRET: strong(),
        SESSION_SECRET: strong(),
      })),
  );
  afterAll(() => t.close());

  it('has no /metrics without METRICS_TOKEN and keeps the docs private', async () => {
    const metrics = await t.http().get('/metrics').expect(404);
    expect(metrics.body.message).toContain('METRICS_TOKEN');
    await t.http().get('/api/docs-json').expect(401);
    await t.http().get('/api/docs').expect(303);
  });
});

describe('ROLE=worker with METRICS_TOKEN', () => {
  const token = strong();
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ ROLE: 'worker', METRICS_TOKEN: token })));
  afterAll(() => t.close());

  it('asks for the token on /metrics too', async () => {
    await t.http().get('/metrics').expect(401);
    await t.http().get('/metrics').set('authorization', `Bearer ${token}`).expect(200);
  });
});
