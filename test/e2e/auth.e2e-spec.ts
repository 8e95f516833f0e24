import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { startTestApp, TestApp } from '../support/app';
import { createUser, signIn } from '../support/factories';

describe('console sessions and API keys', () => {
  let t: TestApp;
  let db: Client;
  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('signs in with an HttpOnly, SameSite=Lax session cookie and returns the CSRF token', async () => {
    const { email, password } = await createUser(t.app, 'agent');
    const response = await t
      .http()
      .post('/api/v1/session')
      .send({ email: email.toUpperCase(), password })
      .expect(200);
    expect(response.body.user).toMatchObject({
      email,
      role: 'agent',
      team: { name: 'Customer Care' },
    });
    expect(response.body.user.passwordHash).toBeUndefined();
    expect(response.body.csrfToken).toEqual(expect.any(String));
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^candor_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('answers an unknown user and a wrong password identically', async () => {
    const { email } = await createUser(t.app, 'agent');
    const wrong = await t
      .http()
      .post('/api/v1/session')
      .send({ email, password: 'wrong' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/api/v1/session')
      .send({ email: 'nobody@example.test', password: 'wrong' })
      .expect(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body.code).toBe('invalid_credentials');
  });

  it('rotates the session at sign-in and kills it at sign-out (replay → 401)', async () => {
    const { email, password } = await createUser(t.app, 'manager');
    const first = await signIn(t.http, email, password);
    await t.http().get('/api/v1/session').set('cookie', first.cookie).expect(200);

    const second = await t
      .http()
      .post('/api/v1/session')
      .set('cookie', first.cookie)
      .send({ email, password })
      .expect(200);
    const secondCookie = String(second.headers['set-cookie']).split(';')[0];
    expect(secondCookie).not.toBe(first.cookie);
    await t.http().get('/api/v1/session').set('cookie', first.cookie).expect(401);

    await t
      .http()
      .delete('/api/v1/session')
      .set('cookie', secondCookie)
      .set('x-csrf-token', second.body.csrfToken)
      .expect(204);
    const replay = await t.http().get('/api/v1/session').set('cookie', secondCookie).expect(401);
    expect(replay.body.code).toBe('authentication_required');
  });

  it('expires sessions after the idle timeout', async () => {
    const { email, password } = await createUser(t.app, 'agent');
    const session = await signIn(t.http, email, password);
    await db.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes'`);
    await t.http().get('/api/v1/session').set('cookie', session.cookie).expect(401);
  });

  it('clears expired sessions and ended rate-limit windows at sign-in', async () => {
    const { user, email, password } = await createUser(t.app, 'agent');
    await db.query(
      `INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at)
       VALUES ('stale', $1, 'x', now() - interval '2 days', now() - interval '2 days', now() - interval '1 day')`,
      [user.id],
    );
    await db.query(
      `INSERT INTO rate_limit_counters (key, window_start, hits) VALUES
         ('login-ip:old', now() - interval '1 hour', 3), ('other:old', now() - interval '1 hour', 3)`,
    );
    await signIn(t.http, email, password);
    const sessions = await db.query(`SELECT id FROM sessions WHERE id = 'stale'`);
    expect(sessions.rowCount).toBe(0);
    const counters = await db.query<{ key: string }>(
      `SELECT key FROM rate_limit_counters ORDER BY key`,
    );
    expect(counters.rows.map((r) => r.key)).toContain('other:old'); // another purpose's window
    expect(counters.rows.map((r) => r.key)).not.toContain('login-ip:old');
  });

  it('rejects cookie-authenticated changes without the CSRF token', async () => {
    const { email, password } = await createUser(t.app, 'admin');
    const session = await signIn(t.http, email, password);
    const noToken = await t
      .http()
      .post('/api/v1/api-keys')
      .set('cookie', session.cookie)
      .send({ name: 'CRM' })
      .expect(403);
    expect(noToken.body.code).toBe('csrf_failed');
    await t
      .http()
      .post('/api/v1/api-keys')
      .set('cookie', session.cookie)
      .set('x-csrf-token', 'forged')
      .send({ name: 'CRM' })
      .expect(403);
    await t.http().delete('/api/v1/session').set('cookie', session.cookie).expect(403);
    await t
      .http()
      .post('/api/v1/api-keys')
      .set('cookie', session.cookie)
      .set('x-csrf-token', session.csrfToken)
      .send({ name: 'CRM' })
      .expect(201);
  });

  it('shows an API key once, stores only its hash, records use and honours revocation', async () => {
    const { email, password } = await createUser(t.app, 'admin');
    const session = await signIn(t.http, email, password);
    const created = await t
      .http()
      .post('/api/v1/api-keys')
      .set('cookie', session.cookie)
      .set('x-csrf-token', session.csrfToken)
      .send({ name: 'CRM' })
      .expect(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^cnd_/);

    const { rows } = await db.query(
      `SELECT row_to_json(k)::text AS row, secret_hash FROM api_keys k WHERE id = $1`,
      [created.body.id],
    );
    expect(rows[0].row).not.toContain(secret);
    expect(rows[0].row).not.toContain(secret.slice(12));
    expect(rows[0].secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));

    const listed = await t.http().get('/api/v1/api-keys').set('cookie', session.cookie).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    // Newest first, a page at a time.
    for (const name of ['Second', 'Third']) {
      await t
        .http()
        .post('/api/v1/api-keys')
        .set('cookie', session.cookie)
        .set('x-csrf-token', session.csrfToken)
        .send({ name })
        .expect(201);
    }
    const first = await t
      .http()
      .get('/api/v1/api-keys?limit=2')
      .set('cookie', session.cookie)
      .expect(200);
    const rest = await t
      .http()
      .get(`/api/v1/api-keys?limit=2&cursor=${first.body.nextCursor}`)
      .set('cookie', session.cookie)
      .expect(200);
    const names = [...first.body.items, ...rest.body.items].map(
      (key: { name: string }) => key.name,
    );
    expect(names.slice(0, 2)).toEqual(['Third', 'Second']);
    expect(names).toHaveLength(listed.body.items.length + 2);
    expect(rest.body.nextCursor).toBeNull();

    // A valid key authenticates (403: integrations may not manage keys); an invalid one does not (401).
    const authenticated = await t
      .http()
      .get('/api/v1/api-keys')
      .set('authorization', `Bearer ${secret}`)
      .expect(403);
    expect(authenticated.body.code).toBe('forbidden');
    const used = await db.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [
      created.body.id,
    ]);
    expect(used.rows[0].last_used_at).not.toBeNull();

    await t
      .http()
      .delete(`/api/v1/api-keys/${created.body.id}`)
      .set('cookie', session.cookie)
      .set('x-csrf-token', session.csrfToken)
      .expect(204);
    const revoked = await t
      .http()
      .get('/api/v1/api-keys')
      .set('authorization', `Bearer ${secret}`)
      .expect(401);
    expect(revoked.body.code).toBe('invalid_api_key');
  });

  it('limits sign-in attempts per account, across replicas sharing the database', async () => {
    const { email, password } = await createUser(t.app, 'agent');
    const replica = await startTestApp({}, { truncate: false }); // a second replica, same database
    try {
      for (let i = 0; i < 5; i++) {
        await t.http().post('/api/v1/session').send({ email, password: 'wrong' }).expect(401);
        await replica.http().post('/api/v1/session').send({ email, password: 'wrong' }).expect(401);
      }
      const limited = await replica
        .http()
        .post('/api/v1/session')
        .send({ email, password })
        .expect(429);
      expect(limited.body.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await t.http().post('/api/v1/session').send({ email, password }).expect(429);
    } finally {
      await replica.close();
    }
  });

  it('signs in and out through the console login page', async () => {
    const { email, password } = await createUser(t.app, 'agent');
    await t.http().get('/console').expect(303).expect('location', '/console/login');
    const page = await t.http().get('/console/login').expect(200);
    expect(page.text).toContain('<form');
    const bad = await t
      .http()
      .post('/console/login')
      .type('form')
      .send({ email, password: 'nope' })
      .expect(401);
    expect(bad.text).toContain('The email address or password is not right.');
    const good = await t
      .http()
      .post('/console/login')
      .type('form')
      .send({ email, password })
      .expect(303);
    expect(good.headers.location).toBe('/console');
    const cookie = String(good.headers['set-cookie']).split(';')[0];
    const home = await t.http().get('/console').set('cookie', cookie).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.text)?.[1];
    expect(csrf).toBeDefined();
    await t.http().post('/console/logout').set('cookie', cookie).type('form').send({}).expect(403);
    await t
      .http()
      .post('/console/logout')
      .set('cookie', cookie)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    await t.http().get('/console').set('cookie', cookie).expect(303);
  });
});

describe('sessions served over HTTPS', () => {
  let t: TestApp;
  beforeAll(
    async () => (t = await startTestApp({ PUBLIC_BASE_URL: 'https://feedback.example.com' })),
  );
  afterAll(() => t.close());

  it('use a Secure __Host- cookie', async () => {
    const { email, password } = await createUser(t.app, 'agent');
    const response = await t.http().post('/api/v1/session').send({ email, password }).expect(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-candor_session=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  });
});
