import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { startTestApp, TestApp } from '../support/app';
import { RateLimiter } from '../../src/common/rate-limit/rate-limiter';
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

  it('keeps no one signed in by a page refreshing itself, and sends htmx to the sign-in page', async () => {
    const { email, password } = await createUser(t.app, 'agent');
    const session = await signIn(t.http, email, password);
    await db.query(`UPDATE sessions SET last_seen_at = now() - interval '29 minutes'`);
    // The queue's table polls with htmx: it is answered, but the idle timer does not move.
    await t
      .http()
      .get('/console/cases/live')
      .set('cookie', session.cookie)
      .set('hx-request', 'true')
      .expect((response) => expect([200, 204]).toContain(response.status));
    const { rows } = await db.query<{ idle: boolean }>(
      `SELECT bool_and(last_seen_at < now() - interval '28 minutes') AS idle FROM sessions`,
    );
    expect(rows).toEqual([{ idle: true }]);
    // A person's own request does.
    await t.http().get('/console/cases').set('cookie', session.cookie).expect(200);
    await db.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes'`);
    const expired = await t
      .http()
      .get('/console/cases/live')
      .set('cookie', session.cookie)
      .set('hx-request', 'true')
      .expect(401);
    expect(expired.headers['hx-redirect']).toBe('/console/login');
    const page = await t.http().get('/console/cases').set('cookie', session.cookie).expect(303);
    expect(page.headers.location).toBe('/console/login');
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

/**
 * Sign-in throttling slows the one guessing, never the owner: per (account, address) an
 * exponential slowdown, per address a ceiling on failures; nothing per account alone. Client
 * addresses come from X-Forwarded-For (one trusted proxy).
 */
describe('sign-in throttling', () => {
  let t: TestApp;
  let replica: TestApp;
  let db: Client;
  const ATTACKER = '203.0.113.66';
  const OWNER = '198.51.100.7';
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '1' });
    // A second replica on the same database: the counters are shared.
    replica = await startTestApp({ TRUST_PROXY: '1' }, { truncate: false });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await replica.close();
    await t.close();
  });

  const attempt = (app: TestApp, ip: string, email: string, password: string) =>
    app.http().post('/api/v1/session').set('x-forwarded-for', ip).send({ email, password });
  /** The slowdown's wait has run out (instead of sleeping through it). */
  const waitOut = () => db.query(`UPDATE rate_limit_counters SET retry_at = now()`);

  it('slows a stranger guessing an account while its owner signs in from elsewhere', async () => {
    const { user, email, password } = await createUser(t.app, 'agent');
    for (let i = 0; i < 5; i++) {
      await attempt(i % 2 ? replica : t, ATTACKER, email, 'wrong').expect(401);
    }
    // The right password too: from this address, the account now waits.
    const slowed = await attempt(replica, ATTACKER, email, password).expect(429);
    expect(slowed.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'rate_limited',
      message: 'Too many sign-in attempts from your address: wait 1 second before trying again.',
    });
    expect(slowed.headers['retry-after']).toBe('1');

    // The owner, from their own address, is not kept out.
    await attempt(t, OWNER, email, password).expect(200);

    // Each further failure doubles the stranger's wait.
    await waitOut();
    await attempt(t, ATTACKER, email, 'wrong').expect(401);
    const longer = await attempt(t, ATTACKER, email, 'wrong').expect(429);
    expect(longer.headers['retry-after']).toBe('2');
    await waitOut();
    await attempt(replica, ATTACKER, email, 'wrong').expect(401);
    expect((await attempt(t, ATTACKER, email, 'wrong').expect(429)).headers['retry-after']).toBe(
      '4',
    );

    // Every refused attempt is in the audit trail: whose account, from where.
    const { rows } = await db.query<{ subject_type: string; subject_id: string; ip: string }>(
      `SELECT subject_type, subject_id, ip FROM audit_events WHERE action = 'session.throttled'`,
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toEqual({ subject_type: 'user', subject_id: user.id, ip: ATTACKER });
    }
  });

  it('forgets the slowdown once the right password gets through', async () => {
    const { email, password } = await createUser(t.app, 'agent');
    for (let i = 0; i < 5; i++) await attempt(t, OWNER, email, 'typo').expect(401);
    await waitOut();
    await attempt(t, OWNER, email, password).expect(200);
    // Free attempts again: a slip after signing in is not punished for the earlier ones.
    await attempt(t, OWNER, email, 'typo').expect(401);
    await attempt(t, OWNER, email, password).expect(200);
  });

  it('refuses an address that failed too often, for any account, and no other address', async () => {
    const { user, email, password } = await createUser(t.app, 'agent');
    const limiter = t.app.get(RateLimiter);
    const spraying = '192.0.2.13';
    await db.query(
      `INSERT INTO rate_limit_counters (key, window_start, hits) VALUES ($1, now(), $2)`,
      [limiter.key('login-ip', spraying), t.config.loginLimits.perIp],
    );
    const refused = await attempt(t, spraying, email, password).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);
    expect(refused.body.message).toMatch(
      /^Too many sign-in attempts from your address: wait 1[45] minutes before trying again\.$/,
    );
    await attempt(t, spraying, 'nobody@example.test', 'x').expect(429);
    await attempt(t, OWNER, email, password).expect(200);
    // The first refusal of the window is audited; the trail does not grow with the hammering.
    const { rows } = await db.query<{ subject_type: string; subject_id: string }>(
      `SELECT subject_type, subject_id FROM audit_events
       WHERE action = 'session.throttled' AND ip = $1 ORDER BY id`,
      [spraying],
    );
    expect(rows).toEqual([{ subject_type: 'user', subject_id: user.id }]);
  });

  it('counts refused attempts against the address, and audits an unknown account by hash', async () => {
    const guessing = '192.0.2.77';
    for (let i = 0; i < 5; i++) {
      await attempt(t, guessing, 'Nobody@Example.test', 'x').expect(401);
    }
    for (let i = 0; i < 3; i++) {
      await attempt(t, guessing, 'nobody@example.test', 'x').expect(429);
    }
    const { rows } = await db.query<{ hits: number }>(
      `SELECT hits FROM rate_limit_counters WHERE key = $1`,
      [t.app.get(RateLimiter).key('login-ip', guessing)],
    );
    expect(rows[0].hits).toBe(8);
    const audited = await db.query<{ subject_type: string; subject_id: string }>(
      `SELECT subject_type, subject_id FROM audit_events
       WHERE action = 'session.throttled' AND ip = $1`,
      [guessing],
    );
    expect(audited.rows).toHaveLength(3);
    // Never the address in the clear: a keyed hash, the same for the same address.
    expect(new Set(audited.rows.map((row) => row.subject_id)).size).toBe(1);
    expect(audited.rows[0]).toEqual({
      subject_type: 'sign-in',
      subject_id: expect.stringMatching(/^sign-in:[\w-]{32}$/),
    });
  });

  it('holds every attempt on an account failed from many addresses, and still lets its owner in', async () => {
    const { user, email, password } = await createUser(t.app, 'agent');
    const { freeAttempts, maxDelaySeconds } = t.config.loginLimits.perAccount;
    // One failure each from many addresses: no address's own slowdown ever starts.
    for (let i = 0; i < freeAttempts; i++) {
      await attempt(i % 2 ? replica : t, `198.18.0.${i + 1}`, email, 'wrong').expect(401);
    }
    const timed = async (ip: string, pass: string, status: number) => {
      const started = Date.now();
      await attempt(t, ip, email, pass).expect(status);
      return (Date.now() - started) / 1000;
    };
    // From then on each attempt waits, 1 s, then 2 s, … and is answered, never refused.
    expect(await timed('198.18.1.1', 'wrong', 401)).toBeGreaterThanOrEqual(1);
    expect(await timed('198.18.1.2', 'wrong', 401)).toBeGreaterThanOrEqual(2);
    // However many failures, the wait stops at the cap, and the right password gets in after it.
    await db.query(`UPDATE rate_limit_counters SET hits = 10000 WHERE key = $1`, [
      t.app.get(RateLimiter).key('login-account', email),
    ]);
    const owner = await timed(OWNER, password, 200);
    expect(owner).toBeGreaterThanOrEqual(maxDelaySeconds);
    expect(owner).toBeLessThan(maxDelaySeconds + 5);

    // Each held attempt is in the audit trail, apart from the refusals.
    const { rows } = await db.query<{ action: string; subject_id: string; ip: string }>(
      `SELECT action, subject_id, ip FROM audit_events
       WHERE action LIKE 'session.%' AND action <> 'session.started' ORDER BY id`,
    );
    expect(rows.filter((row) => row.subject_id === user.id)).toEqual([
      { action: 'session.slowed', subject_id: user.id, ip: '198.18.1.1' },
      { action: 'session.slowed', subject_id: user.id, ip: '198.18.1.2' },
      { action: 'session.slowed', subject_id: user.id, ip: OWNER },
    ]);
  }, 60_000);

  it('counts an IPv6 client by its /64, and an IPv4-mapped one as its IPv4 address', async () => {
    const { email, password } = await createUser(t.app, 'agent');
    // A new address of the same /64 for every guess: still one address, slowed as one.
    for (let i = 0; i < 5; i++) {
      await attempt(t, `2001:db8:66:1::${i + 1}`, email, 'wrong').expect(401);
    }
    await attempt(t, '2001:db8:66:1:ffff:ffff:ffff:fffe', email, password).expect(429);
    await attempt(t, '2001:db8:66:2::1', email, password).expect(200);

    await db.query(
      `INSERT INTO rate_limit_counters (key, window_start, hits) VALUES ($1, now(), $2)`,
      [t.app.get(RateLimiter).key('login-ip', '192.0.2.99'), t.config.loginLimits.perIp],
    );
    await attempt(t, '::ffff:192.0.2.99', email, password).expect(429);
    await attempt(t, '::ffff:192.0.2.98', email, password).expect(200);
  });

  it('shows the console sign-in page again with the wait, answered 429', async () => {
    const { email } = await createUser(t.app, 'agent');
    for (let i = 0; i < 5; i++) await attempt(t, ATTACKER, email, 'wrong').expect(401);
    const page = await t
      .http()
      .post('/console/login')
      .set('x-forwarded-for', ATTACKER)
      .type('form')
      .send({ email, password: 'wrong' })
      .expect(429);
    expect(page.headers['retry-after']).toBe('1');
    expect(page.text).toContain('Too many sign-in attempts from your address');
  });
});
