import { startTestApp, type TestApp } from '../support/app';
import { createUser, signIn, type SignedIn } from '../support/factories';

jest.setTimeout(60_000);

/**
 * The admin pages do what the API does, through forms: add a person (who can then sign in), create
 * and revoke an API key, keep the root-cause taxonomy, set routing and the calendar, and read the
 * audit trail that all of this left.
 */
describe('console administration', () => {
  let t: TestApp;
  let admin: SignedIn;
  let adminId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const account = await createUser(t.app, 'admin');
    adminId = account.user.id;
    admin = await signIn(t.http, account.email, account.password);
  });
  afterAll(() => t?.close());

  const get = (path: string) => t.http().get(path).set('cookie', admin.cookie);
  const post = (path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...fields, _csrf: admin.csrfToken })) {
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    }
    return t.http().post(path).set('cookie', admin.cookie).type('form').send(body.toString());
  };

  it('adds a person, who can sign in with the password shown once', async () => {
    const added = await post('/console/admin/users', {
      name: 'Nea New',
      email: 'nea@example.test',
      role: 'agent',
      team: 'Returns',
    }).expect(201);
    const password = /<code>([^<]+)<\/code>/.exec(added.text)![1];
    await signIn(t.http, 'nea@example.test', password);
    const page = await get('/console/admin/users').expect(200);
    expect(page.text).toContain('<td>Nea New</td>');
    expect(page.text).toContain('<td>Returns</td>');
    expect(page.text).not.toContain(password);

    const taken = await post('/console/admin/users', {
      name: 'Nea Again',
      email: 'nea@example.test',
      role: 'agent',
    }).expect(409);
    expect(taken.text).toContain('role="alert"');
    const bad = await post('/console/admin/users', { name: '', email: 'nope', role: 'boss' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/email must be an email address|3 fields need attention/);
  });

  it('disables a person, who is signed out at once, and enables them again', async () => {
    const leaver = await createUser(t.app, 'agent', 'Returns');
    const session = await signIn(t.http, leaver.email, leaver.password);
    const disabled = await post(`/console/admin/users/${leaver.user.id}/disable`, {}).expect(303);
    expect(disabled.headers.location).toBe('/console/admin/users?done=disabled');
    await t.http().get('/api/v1/session').set('cookie', session.cookie).expect(401);
    await t
      .http()
      .post('/api/v1/session')
      .send({ email: leaver.email, password: leaver.password })
      .expect(401);
    const page = await get('/console/admin/users?done=disabled').expect(200);
    expect(page.text).toContain('Disabled: they are signed out');
    expect(page.text).toContain(`Enable ${leaver.user.name}`);
    // Nobody disables themselves (the last admin would lock everyone out).
    const self = await post(`/console/admin/users/${adminId}/disable`, {}).expect(409);
    expect(self.text).toContain('You cannot disable yourself');
    await post('/console/admin/users/00000000-0000-4000-8000-000000000000/disable', {}).expect(404);

    await post(`/console/admin/users/${leaver.user.id}/enable`, {}).expect(303);
    await signIn(t.http, leaver.email, leaver.password);
  });

  it('creates an API key that works, and revokes it', async () => {
    const created = await post('/console/admin/api-keys', { name: 'Test CRM' }).expect(201);
    const secret = /<code>(cnd_[^<]+)<\/code>/.exec(created.text)![1];
    const auth = { authorization: `Bearer ${secret}` };
    await t.http().get('/api/v1/surveys').set(auth).expect(200);
    const { body } = await t.http().get('/api/v1/api-keys').set('cookie', admin.cookie).expect(200);
    const key = (body.items as { id: string; name: string }[]).find((k) => k.name === 'Test CRM')!;
    const revoked = await post(`/console/admin/api-keys/${key.id}/revoke`, {}).expect(303);
    expect(revoked.headers.location).toBe('/console/admin/api-keys?done=revoked');
    await t.http().get('/api/v1/surveys').set(auth).expect(401);
  });

  it('keeps the root-cause taxonomy', async () => {
    await post('/console/admin/root-causes', { key: 'noise', label: 'Noise' }).expect(303);
    await post('/console/admin/root-causes/noise', {
      label: 'Noise at night',
      retired: 'on',
    }).expect(303);
    const { body } = await t.http().get('/api/v1/root-causes').set('cookie', admin.cookie);
    expect(body.items).toEqual(
      expect.arrayContaining([{ key: 'noise', label: 'Noise at night', retired: true }]),
    );
    const duplicate = await post('/console/admin/root-causes', { key: 'noise', label: 'Again' });
    expect(duplicate.status).toBe(409);
  });

  it('saves routing and the calendar, and says what is wrong with a bad rule', async () => {
    const { user } = await createUser(t.app, 'agent', 'Night shift');
    const calendar = {
      timeZone: 'Europe/Stockholm',
      weekdays: ['1', '2', '3', '4', '5', '6'],
      opensAt: '07:00',
      closesAt: '19:00',
      holidays: '2026-12-24\n2026-12-25',
    };
    // Rules are rows of fields (route0_…, priority0_…); a survey no longer there is named.
    await post('/console/admin/case-settings', {
      ...calendar,
      route0_survey: 'nope',
      route0_teamId: user.teamId!,
    }).then((response) => {
      expect(response.status).toBe(400);
      expect(response.text).toContain('The survey of routing rule 1 must be a survey&#x27;s key.');
      // The form keeps what was typed.
      expect(response.text).toContain('Europe/Stockholm');
    });
    const badLanguage = await post('/console/admin/case-settings', {
      ...calendar,
      route0_locale: 'not a language',
      route0_teamId: user.teamId!,
    });
    expect(badLanguage.status).toBe(400);
    expect(badLanguage.text).toContain(
      'The customer’s language of routing rule 1 must be a language such as fi or fi-FI.',
    );

    await post('/console/admin/case-settings', {
      ...calendar,
      route0_touchpointType: 'night',
      route0_teamId: user.teamId!,
      priority0_attribute: 'tier',
      priority0_equals: 'gold',
      priority0_priority: '1',
    }).expect(303);
    const { body } = await t.http().get('/api/v1/case-settings').set('cookie', admin.cookie);
    expect(body).toEqual({
      calendar: {
        timeZone: 'Europe/Stockholm',
        weekdays: [1, 2, 3, 4, 5, 6],
        opensAt: '07:00',
        closesAt: '19:00',
        holidays: ['2026-12-24', '2026-12-25'],
      },
      routing: [{ touchpointType: 'night', teamId: user.teamId }],
      priorityRules: [{ attribute: 'tier', equals: 'gold', priority: 1 }],
    });
  });

  it('creates a survey from its JSON and saves an edit as its next version', async () => {
    const definition = {
      key: 'delivery',
      name: 'Your delivery',
      scale: 'csat5',
      questions: [{ id: 'comment', type: 'free_text', label: { en: 'Tell us more' } }],
      locales: { en: { emailSubject: 'How was your delivery?' } },
    };
    const notJson = await post('/console/admin/surveys', { definition: '{"key":' });
    expect(notJson.status).toBe(400);
    expect(notJson.text).toContain('definition must be JSON');
    const invalid = await post('/console/admin/surveys', {
      definition: JSON.stringify({ ...definition, scale: 'stars' }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('scale must be one of csat5, nps, ces7');
    const created = await post('/console/admin/surveys', {
      definition: JSON.stringify(definition),
    }).expect(303);
    expect(created.headers.location).toBe('/console/admin/surveys/delivery?done=survey');

    // The edit page shows the definition; saved with a new name, it is version 2.
    const page = await get('/console/admin/surveys/delivery').expect(200);
    const shown = /<textarea name="definition"[^>]*>([\s\S]*?)<\/textarea>/.exec(page.text)![1];
    const current = JSON.parse(unescapeHtml(shown)) as Record<string, unknown>;
    await post('/console/admin/surveys/delivery', {
      definition: JSON.stringify({ ...current, name: 'Your delivery, v2' }),
    }).expect(303);
    const { body } = await t.http().get('/api/v1/surveys/delivery').set('cookie', admin.cookie);
    expect(body).toMatchObject({ name: 'Your delivery, v2', version: 2 });
    await get('/console/admin/surveys/nope').expect(404);
  });

  it('shows the audit trail those changes left, filtered by person', async () => {
    const page = await get(`/console/admin/audit?actor=${adminId}`).expect(200);
    expect(page.text).toContain('POST /console/admin/users');
    expect(page.text).toContain('POST /console/admin/api-keys/:id/revoke');
    expect(page.text).toContain('session.started');
    const surveys = await get('/console/admin/surveys').expect(200);
    expect(surveys.text).toContain('/console/admin/surveys/delivery');
  });

  it('is for admins only', async () => {
    const manager = await createUser(t.app, 'manager');
    const session = await signIn(t.http, manager.email, manager.password);
    for (const path of [
      '/console/admin',
      '/console/admin/users',
      '/console/admin/audit',
      '/console/admin/inbound-mail',
    ]) {
      await t.http().get(path).set('cookie', session.cookie).expect(403);
    }
  });
});

/** Text as the browser reads it from the page (Handlebars escapes &, <, >, ", ', ` and =). */
function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x60;/g, '`')
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
