import { Webhook } from 'standardwebhooks';
import { eventually } from '../support/eventually';
import { createUser, signIn, type SignedIn } from '../support/factories';
import { formFields, unescapeHtml } from '../support/html-form';
import { startSurveyTestApp, type SurveyTestApp } from '../support/survey-fixtures';
import { type Received, WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(90_000);

const PAGE = '/console/admin/webhooks';

/**
 * The webhooks admin page (issue 17) against a real receiver on loopback (allowed by
 * WEBHOOK_ALLOW_PRIVATE): an endpoint added through the form, its secret shown once, a test event
 * that arrives signed and shows in the log, then edited, rotated, disabled and deleted; a refused
 * form keeps what was typed and says what is wrong next to each field; only admins get in.
 */
describe('console webhooks page', () => {
  let t: SurveyTestApp;
  let admin: SignedIn;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startSurveyTestApp({
      WEBHOOK_ALLOW_PRIVATE: '127.0.0.1',
      WEBHOOK_RETRY_BASE_MS: '100',
    });
    const account = await createUser(t.app, 'admin');
    admin = await signIn(t.http, account.email, account.password);
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  const get = (path: string) => t.http().get(path).set('cookie', admin.cookie);
  const post = (path: string, fields: Record<string, string | string[]> | [string, string][]) => {
    const body = new URLSearchParams();
    const entries = Array.isArray(fields) ? fields : Object.entries(fields);
    for (const [name, value] of entries) {
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    }
    body.set('_csrf', admin.csrfToken);
    return t.http().post(path).set('cookie', admin.cookie).type('form').send(body.toString());
  };
  const secretOn = (html: string) => {
    const shown = /<code>(whsec_[^<]+)<\/code>/.exec(html)?.[1];
    return shown && unescapeHtml(shown);
  };
  const arrived = (count: number): Promise<Received[]> =>
    eventually(() => {
      const got = receiver.accepted('webhook.test');
      if (got.length < count) throw new Error(`${got.length} test events of ${count} arrived`);
      return got;
    }, 15_000);
  const verified = (secret: string, message: Received) =>
    new Webhook(secret).verify(message.body, message.headers as Record<string, string>);

  it('adds an endpoint, shows its secret once, and sends it a test event it logs', async () => {
    const empty = await get(PAGE).expect(200);
    expect(empty.text).toContain('No webhook endpoints yet.');
    expect(empty.text).toContain('A follow-up case was opened');

    const added = await post(PAGE, {
      url: receiver.url,
      kind: 'standard',
      description: 'The CRM',
      events: ['case.opened', 'case.resolved'],
      headerName0: 'X-Crm-Token',
      headerValue0: 'sesame',
      enabled: 'on',
    }).expect(201);
    const secret = secretOn(added.text)!;
    expect(secret).toBeDefined();
    expect(added.text).toContain('will not be shown again');
    expect(added.text).toContain('Standard Webhooks');

    const list = await get(PAGE).expect(200);
    const id = new RegExp(`href="${PAGE}/([0-9a-f-]{36})">${receiver.url}</a>`).exec(list.text)![1];
    expect(list.text).toContain('A follow-up case was opened, A case was resolved');
    expect(list.text).not.toContain(secret);
    const page = await get(`${PAGE}/${id}`).expect(200);
    expect(page.text).not.toContain(secret);
    expect(page.text).toContain('Nothing has been sent to this endpoint yet.');
    expect(page.text).toContain('value="X-Crm-Token"');
    expect(page.text).not.toContain('sesame');

    const sent = await post(`${PAGE}/${id}/test`, {}).expect(303);
    expect(sent.headers.location).toBe(`${PAGE}/${id}?done=test`);
    const [test] = await arrived(1);
    expect(verified(secret, test)).toMatchObject({ type: 'webhook.test' });
    expect(test.headers['x-crm-token']).toBe('sesame');
    const logged = await eventually(async () => {
      const html = (await get(`${PAGE}/${id}`).expect(200)).text;
      expect(html).toContain('<td>Delivered</td>');
      return html;
    });
    expect(logged).toContain(`<code>${test.json.id}</code>`);
    expect(logged).toContain('Test event');
    expect(logged).toContain('answered 200');

    // The log's refresh: the same log is 204, the fragment alone otherwise.
    const refresh = unescapeHtml(/<div id="delivery-log" hx-get="([^"]+)"/.exec(logged)![1]);
    await get(refresh).expect(204);
    const fragment = await get(`${PAGE}/${id}/log`).expect(200);
    expect(fragment.text).toMatch(/^<div id="delivery-log"/);
    expect(fragment.text).toContain('<td>Delivered</td>');
    await get(`${PAGE}/${id}?status=failed`).expect(200, /No delivery has this status\./);
    await get(`${PAGE}/${id}?status=bogus`).expect(400);

    // Redelivered by hand: the same message again.
    const redeliver = /action="([^"]+\/redeliver)"/.exec(logged)![1];
    await post(redeliver, {}).expect(303);
    const again = await arrived(2);
    expect(again[1].json.id).toBe(test.json.id);
  });

  it('edits the events, keeping a header it does not show; rotates, disables and deletes', async () => {
    const added = await post(PAGE, { url: receiver.url, allEvents: 'on', enabled: 'on' });
    const secret = secretOn(added.text)!;
    const id = /action="\/console\/admin\/webhooks\/([0-9a-f-]{36})\/test"/.exec(added.text)![1];
    const before = receiver.accepted('webhook.test').length;

    // The page's form as a browser posts it, with other events chosen and a header added.
    const fields = formFields((await get(`${PAGE}/${id}`)).text, 'webhook-form').filter(
      ([name]) => name !== 'allEvents' && name !== 'events' && name !== '_csrf',
    );
    const typed: Record<string, string> = { headerName0: 'X-Crm-Token', headerValue0: 'sesame' };
    await post(`${PAGE}/${id}`, [
      ...fields.map(([name, value]): [string, string] => [name, typed[name] ?? value]),
      ['events', 'case.opened'],
      ['events', 'case.closed'],
    ]).expect(303);
    const edited = (await get(`${PAGE}/${id}?done=saved`).expect(200)).text;
    expect(edited).not.toContain('sesame');
    expect(edited).toContain('The endpoint is saved.');
    expect(edited).toContain(
      'A follow-up case was opened, A case was closed, with the recovery outcome',
    );
    // Saved again with the header's value left empty: it is kept.
    const again = formFields(edited, 'webhook-form').filter(([name]) => name !== '_csrf');
    await post(`${PAGE}/${id}`, again).expect(303);
    const { body } = await get(`/api/v1/webhook-endpoints/${id}`).expect(200);
    expect(body).toMatchObject({
      eventTypes: ['case.opened', 'case.closed'],
      headerNames: ['X-Crm-Token'],
      enabled: true,
    });

    const rotated = await post(`${PAGE}/${id}/rotate`, {}).expect(200);
    const newSecret = secretOn(rotated.text)!;
    expect(newSecret).not.toBe(secret);
    expect(rotated.text).toContain('will not be shown again');
    expect(rotated.text).toMatch(/The old secret keeps signing beside it until \d{4}-\d{2}-\d{2}/);
    await post(`${PAGE}/${id}/test`, {}).expect(303);
    const test = (await arrived(before + 1))[before];
    expect(test.headers['x-crm-token']).toBe('sesame');
    verified(newSecret, test);
    verified(secret, test);

    await post(`${PAGE}/${id}/disable`, {}).expect(303);
    const disabled = (await get(`${PAGE}/${id}?done=disabled`).expect(200)).text;
    expect(disabled).toContain('<dd>Disabled by an admin</dd>');
    expect(disabled).toContain('>Enable</button>');
    // Nothing is sent to a disabled endpoint: a redelivery says so on its page.
    const redeliver = /action="([^"]+\/redeliver)"/.exec(disabled)![1];
    const refused = await post(redeliver, {}).expect(409);
    expect(refused.text).toContain('This endpoint is disabled: enable it first');
    await post(`${PAGE}/${id}/enable`, {}).expect(303);
    expect((await get(`${PAGE}/${id}`)).text).toContain('<dd>Enabled</dd>');

    // A delete asks first.
    const unasked = await post(`${PAGE}/${id}/delete`, {}).expect(303);
    expect(unasked.headers.location).toBe(`${PAGE}/${id}/delete`);
    const asked = await get(`${PAGE}/${id}/delete`).expect(200);
    expect(asked.text).toContain('Delete this endpoint?');
    const deleted = await post(`${PAGE}/${id}/delete`, { confirm: 'yes' }).expect(303);
    expect(deleted.headers.location).toBe(`${PAGE}?done=deleted`);
    await get(`${PAGE}/${id}`).expect(404);
    await get(`${PAGE}?done=deleted`).expect(200, /The endpoint is deleted/);
  });

  it('says what is wrong next to each field, keeping what was typed', async () => {
    const { body: before } = await get('/api/v1/webhook-endpoints').expect(200);
    const refused = await post(PAGE, {
      url: 'not a url',
      kind: 'standard',
      description: 'Typed & kept',
      events: 'case.opened',
      headerName0: 'X-Crm-Token',
      headerValue0: 'sesame',
      enabled: 'on',
    }).expect(400);
    const html = refused.text;
    expect(html).toContain('<div class="error-summary" role="alert"');
    expect(html).toContain('<a href="#url">The URL is not a valid web address');
    expect(html).toContain(
      '<p class="field-message" id="url-error"><span class="visually-hidden">Error:</span> The URL is not a valid web address',
    );
    expect(html).toContain(
      'id="url" name="url" value="not a url" aria-required="true" aria-describedby="url-hint url-error" aria-invalid="true"',
    );
    expect(html).toContain('value="Typed &amp; kept"');
    expect(html).toContain('value="sesame"');
    expect(html).toMatch(/id="event\d+" name="events" value="case.opened" checked/);
    expect(html).not.toMatch(/id="allEvents" name="allEvents" checked/);

    // What the form itself refuses, before the URL is looked at.
    const nameless = await post(PAGE, {
      url: receiver.url,
      allEvents: 'on',
      headerValue0: 'a value without a name',
    }).expect(400);
    expect(nameless.text).toContain('id="header0-error"');
    expect(nameless.text).toContain('Header 1 has a value but no name.');
    expect(nameless.text).toContain('value="a value without a name"');
    const nothing = await post(PAGE, { url: receiver.url, enabled: 'on' }).expect(400);
    expect(nothing.text).toContain('Choose at least one event, or all events.');
    const chat = await post(PAGE, {
      url: receiver.url,
      kind: 'slack',
      events: ['response.received'],
    }).expect(400);
    expect(chat.text).toContain(
      'A Slack or Teams channel takes only these events: A follow-up case was opened',
    );
    const reserved = await post(PAGE, {
      url: receiver.url,
      allEvents: 'on',
      headerName0: 'Webhook-Signature',
      headerValue0: 'forged',
    }).expect(400);
    expect(reserved.text).toContain(
      '<a href="#header0">The header Webhook-Signature is set by Candor and cannot be replaced.</a>',
    );
    // Nothing was saved.
    const { body: after } = await get('/api/v1/webhook-endpoints').expect(200);
    expect(after).toEqual(before);
  });

  it('pages the delivery log newest first, keeping its filter', async () => {
    const added = await post(PAGE, { url: receiver.url, allEvents: 'on' }).expect(201);
    const id = /action="\/console\/admin\/webhooks\/([0-9a-f-]{36})\/test"/.exec(added.text)![1];
    // 25 deliveries given up on (dropped ones are never sent).
    await t.db.query(
      `INSERT INTO webhook_deliveries (endpoint_id, type, status, error)
       SELECT $1, 'customer.erased', 'dropped', 'delivery ' || n FROM generate_series(1, 25) n`,
      [id],
    );
    const rows = (html: string) =>
      [...html.matchAll(/<td>delivery (\d+)<\/td>/g)].map((m) => +m[1]);
    const first = (await get(`${PAGE}/${id}?status=dropped`).expect(200)).text;
    expect(rows(first)).toEqual(Array.from({ length: 20 }, (_, i) => 25 - i));
    const older = unescapeHtml(/<a href="([^"]+)">Older deliveries<\/a>/.exec(first)![1]);
    expect(older).toMatch(/status=dropped&cursor=/);
    const second = (await get(older).expect(200)).text;
    expect(rows(second)).toEqual([5, 4, 3, 2, 1]);
    expect(second).not.toContain('Older deliveries');
    const newest = unescapeHtml(/<a href="([^"]+)">Newest deliveries<\/a>/.exec(second)![1]);
    expect(newest).toBe(`${PAGE}/${id}?status=dropped#delivery-log`);
    expect(second).toContain('<option value="dropped" selected>Dropped</option>');
  });

  it('is for admins only', async () => {
    for (const role of ['agent', 'manager'] as const) {
      const account = await createUser(t.app, role);
      const session = await signIn(t.http, account.email, account.password);
      await t.http().get(PAGE).set('cookie', session.cookie).expect(403);
      await t
        .http()
        .post(PAGE)
        .set('cookie', session.cookie)
        .type('form')
        .send(`_csrf=${session.csrfToken}&url=${encodeURIComponent(receiver.url)}&allEvents=on`)
        .expect(403);
    }
    const signedOut = await t.http().get(PAGE).expect(303);
    expect(signedOut.headers.location).toMatch(/^\/console\/login/);
  });
});
