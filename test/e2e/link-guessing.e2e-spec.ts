import { randomBytes } from 'node:crypto';
import { FAILED_LINK_LOOKUPS } from '../../src/common/rate-limit/failed-link-lookups';
import { RateLimiter } from '../../src/common/rate-limit/rate-limiter';
import { startSurveyTestApp, type SurveyTestApp } from '../support/survey-fixtures';

/** A token of the right shape that no link has. */
const guess = () => randomBytes(24).toString('base64url');

describe('guessing link tokens (issue 12, finding 12)', () => {
  let t: SurveyTestApp;
  // Each test guesses from its own address (X-Forwarded-For, one trusted proxy).
  beforeAll(async () => (t = await startSurveyTestApp({ TRUST_PROXY: '1' })));
  afterAll(() => t.close());

  const from = (address: string) => ({
    get: (path: string) => t.http().get(path).set('x-forwarded-for', address),
    post: (path: string) => t.http().post(path).set('x-forwarded-for', address),
  });

  it(`answers 404 to ${FAILED_LINK_LOOKUPS.limit} unknown links from one address, then 429 to every link`, async () => {
    const client = from('203.0.113.10');
    // Each page's GET and POST (the privacy center posts to its actions).
    const pages = ['/s/', '/r/', '/p/', '/u/'];
    const postPath = (page: string) => page + guess() + (page === '/p/' ? '/withdraw' : '');
    for (let i = 0; i < FAILED_LINK_LOOKUPS.limit; i++) {
      const page = pages[i % pages.length];
      await (
        i % 8 < 4
          ? client.get(page + guess())
          : client.post(postPath(page)).type('form').send('a=1')
      ).expect(404);
    }
    for (const page of pages) {
      for (const request of [client.get(page + guess()), client.post(postPath(page))]) {
        const refused = await request.expect(429);
        expect(refused.type).toBe('text/html');
        expect(refused.text).toContain('Please wait a moment');
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(500);
        expect(refused.headers['cache-control']).toBe('no-store');
      }
    }
    // An API client of the survey page gets the API's error shape.
    const json = await client
      .post(`/s/${guess()}`)
      .set('accept', 'application/json')
      .send({ consent: 'anonymous' })
      .expect(429);
    expect(json.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    expect(json.headers['retry-after']).toBeDefined();

    // Past the limit a working link meets the same 429, page, JSON and one-click alike: a
    // guesser over the limit cannot tell a hit from a miss. Refusing it counts nothing.
    const key = t.app.get(RateLimiter).key('link-miss', '203.0.113.10');
    const misses = () => t.count(`SELECT hits AS n FROM rate_limit_counters WHERE key = $1`, [key]);
    const counted = await misses();
    const invited = await t.invite();
    for (const path of [`/s/${invited.token}`, `/p/${invited.token}`, `/u/${invited.token}`]) {
      const refused = await client.get(path).expect(429);
      expect(refused.text).toContain('Please wait a moment');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(500);
    }
    await client.get(`/s/${invited.token}/thanks`).expect(429);
    await client
      .post(`/u/${invited.token}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(429);
    const answer = await client
      .post(`/s/${invited.token}`)
      .set('accept', 'application/json')
      .send({ consent: 'anonymous', score: 9 })
      .expect(429);
    expect(answer.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    expect(await t.count(`SELECT count(*)::int AS n FROM suppressions`)).toBe(0);
    expect(await misses()).toBe(counted);

    // Another address is not affected.
    await from('203.0.113.11').get(`/s/${invited.token}`).expect(200);
    await from('203.0.113.11').get(`/s/${guess()}`).expect(404);
    // Once the window has passed, the address is served again.
    await t.db.query(
      `UPDATE rate_limit_counters SET window_start = now() - make_interval(secs => $2)
       WHERE key = $1`,
      [key, FAILED_LINK_LOOKUPS.windowSeconds],
    );
    await client.get(`/s/${invited.token}`).expect(200);
    await client.get(`/s/${guess()}`).expect(404);
  });

  it('never refuses the customers of a shared address who open working links, some mistyped', async () => {
    const office = from('198.51.100.200');
    const customers = await Promise.all(Array.from({ length: 5 }, () => t.invite()));
    // Far more customers than failures: only the failures count, and they stay under the limit.
    for (let round = 0; round < 20; round++) {
      for (const customer of customers) {
        await office.get(`/s/${customer.token}`).expect(200);
      }
      await office.get(`/s/${customers[round % 5].token.slice(0, -3)}`).expect(404);
    }
    for (const customer of customers) await office.get(`/p/${customer.token}`).expect(200);
  });

  it('counts an IPv6 client by its /64', async () => {
    // A new address of the same /64 for every guess: still one address.
    for (let i = 0; i < FAILED_LINK_LOOKUPS.limit; i++) {
      await from(`2001:db8:77:1::${(i + 1).toString(16)}`)
        .get(`/s/${guess()}`)
        .expect(404);
    }
    await from('2001:db8:77:1:ffff::1').get(`/p/${guess()}`).expect(429);
    await from('2001:db8:77:2::1').get(`/p/${guess()}`).expect(404);
  });

  it('never counts a working link', async () => {
    const client = from('203.0.113.20');
    const invited = await t.invite();
    for (let i = 0; i < FAILED_LINK_LOOKUPS.limit + 5; i++) {
      await client.get(`/s/${invited.token}`).expect(200);
    }
    await client.get(`/s/${guess()}`).expect(404);
    expect(
      await t.count(
        `SELECT coalesce(sum(hits), 0)::int AS n FROM rate_limit_counters WHERE key LIKE 'link-miss:%'`,
      ),
    ).toBeGreaterThan(0);
  });
});
