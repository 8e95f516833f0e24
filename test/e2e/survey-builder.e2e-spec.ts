import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/app';
import { createApiKey, createUser, signIn, type SignedIn } from '../support/factories';
import { formFields, formValues, unescapeHtml } from '../support/html-form';

jest.setTimeout(90_000);

type Fields = [string, string][];

/** A delivery survey with one of each part: the API's body the form must come to. */
const DEFINITION = {
  name: 'Your delivery',
  scale: 'csat5',
  dissatisfiedAtOrBelow: 3,
  questions: [
    {
      id: 'what_went_wrong',
      type: 'multiple_choice',
      label: { en: 'What went wrong?', fi: 'Mikä meni vikaan?' },
      options: [
        { value: 'late', label: { en: 'It was late', fi: 'Myöhässä' } },
        { value: 'damaged', label: { en: 'Damaged', fi: 'Vaurioitunut' } },
      ],
    },
    { id: 'courier', type: 'rating', label: { en: 'The courier', fi: 'Kuriiri' }, required: true },
  ],
  followUp: { firstContactHours: 12, resolutionHours: 120, recoveryDelayHours: 2 },
  contactPolicy: { reminderAfterHours: 48, expiryDays: 10 },
  preferences: {
    contexts: [{ value: 'home', label: { en: 'At home', fi: 'Kotona' } }],
    channels: [],
    contactTimes: [],
    interests: [],
  },
  locales: {
    en: { emailSubject: 'How was your delivery?' },
    fi: { emailSubject: 'Miten toimitus onnistui?' },
  },
};

/** The fields, with `changes` set (replacing a field's value, or added after the others). */
function withValues(fields: Fields, changes: Record<string, string>): Fields {
  const names = new Set(fields.map(([name]) => name));
  return [
    ...fields.map(([name, value]): [string, string] => [name, changes[name] ?? value]),
    ...Object.entries(changes).filter(([name]) => !names.has(name)),
  ];
}

/**
 * The survey builder (issue 16): a survey made in the console's form is the survey the JSON API
 * makes from the same content; its buttons keep everything typed without JavaScript; a refused
 * save says why next to each field; the preview records nothing.
 */
describe('the survey builder', () => {
  let t: TestApp;
  let admin: SignedIn;
  let db: Client;
  let apiKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    const account = await createUser(t.app, 'admin');
    admin = await signIn(t.http, account.email, account.password);
    apiKey = await createApiKey(t.app);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const get = (path: string) => t.http().get(path).set('cookie', admin.cookie);
  const post = (path: string, fields: Fields, headers: Record<string, string> = {}) =>
    t
      .http()
      .post(path)
      .set('cookie', admin.cookie)
      .set(headers)
      .type('form')
      .send(new URLSearchParams(fields).toString());
  /** A button of the new survey's form: the form as the answer shows it. */
  const press = async (fields: Fields, action: string, extra: Record<string, string> = {}) => {
    const page = await post('/console/admin/new-survey/form', [
      ...withValues(fields, extra),
      ['action', action],
    ]).expect(200);
    return formFields(page.text, 'survey-form');
  };
  const apiSurvey = async (key: string) => {
    const { body } = (await t
      .http()
      .get(`/api/v1/surveys/${key}`)
      .set('authorization', `Bearer ${apiKey}`)
      .expect(200)) as { body: Record<string, unknown> };
    const { key: _key, createdAt: _created, updatedAt: _updated, ...content } = body;
    return content;
  };
  const count = async (table: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  /** The form of a new survey built up by its buttons, then filled in as DEFINITION says. */
  async function builtForm(key: string): Promise<Fields> {
    let fields = formFields(
      (await get('/console/admin/new-survey').expect(200)).text,
      'survey-form',
    );
    fields = await press(fields, 'add-question', { newQuestionType: 'multiple_choice' });
    fields = await press(fields, 'add-question', { newQuestionType: 'rating' });
    fields = await press(fields, 'choice-add:pref_contexts');
    return withValues(fields, {
      key,
      name: DEFINITION.name,
      threshold: '3',
      q0_id: 'what_went_wrong',
      q0_label_en: 'What went wrong?',
      q0_label_fi: 'Mikä meni vikaan?',
      q0_o0_value: 'late',
      q0_o0_label_en: 'It was late',
      q0_o0_label_fi: 'Myöhässä',
      q0_o1_value: 'damaged',
      q0_o1_label_en: 'Damaged',
      q0_o1_label_fi: 'Vaurioitunut',
      q1_id: 'courier',
      q1_label_en: 'The courier',
      q1_label_fi: 'Kuriiri',
      q1_required: 'on',
      followUp_firstContactHours: '12',
      followUp_resolutionHours: '120',
      followUp_recoveryDelayHours: '2',
      contactPolicy_reminderAfterHours: '48',
      contactPolicy_expiryDays: '10',
      pref_contexts_o0_value: 'home',
      pref_contexts_o0_label_en: 'At home',
      pref_contexts_o0_label_fi: 'Kotona',
      text_en_emailSubject: 'How was your delivery?',
      text_fi_emailSubject: 'Miten toimitus onnistui?',
    });
  }

  it('creates, from the form, the survey version the JSON API creates from the same content', async () => {
    await t
      .http()
      .post('/api/v1/surveys')
      .set('authorization', `Bearer ${apiKey}`)
      .send({ key: 'json-twin', ...DEFINITION })
      .expect(201);
    const audited = await count('audit_events');

    const saved = await post('/console/admin/new-survey', await builtForm('form-twin')).expect(303);
    expect(saved.headers.location).toBe('/console/admin/surveys/form-twin/edit?done=survey');
    expect(await apiSurvey('form-twin')).toEqual(await apiSurvey('json-twin'));
    // The save is a change in the audit trail; the buttons before it were not.
    const { rows } = await db.query<{ action: string }>(
      'SELECT action FROM audit_events ORDER BY at DESC LIMIT 5',
    );
    expect(await count('audit_events')).toBe(audited + 1);
    expect(rows[0].action).toBe('POST /console/admin/new-survey');

    // The saved survey's form shows what was saved, and says so.
    const page = await get('/console/admin/surveys/form-twin/edit?done=survey').expect(200);
    expect(page.text).toContain('The survey is saved.');
    expect(page.text).toContain('href="/console/admin/surveys/form-twin">Edit as JSON</a>');
    expect(formValues(page.text, 'survey-form')).toMatchObject({
      name: 'Your delivery',
      threshold: '3',
      q1_id: 'courier',
      q1_required: 'on',
      q0_o1_label_fi: 'Vaurioitunut',
      followUp_recoveryDelayHours: '2',
      contactPolicy_maxInvitations: '1',
    });
  });

  it('saves an edit as the next version, what was not edited as it was', async () => {
    const before = await apiSurvey('form-twin');
    const page = await get('/console/admin/surveys/form-twin/edit').expect(200);
    expect(page.text).toContain('Save as version 2');
    const fields = withValues(formFields(page.text, 'survey-form'), { name: 'Your delivery, v2' });
    const saved = await post('/console/admin/surveys/form-twin/edit', fields).expect(303);
    expect(saved.headers.location).toBe('/console/admin/surveys/form-twin/edit?done=survey');
    expect(await apiSurvey('form-twin')).toEqual({
      ...before,
      name: 'Your delivery, v2',
      version: 2,
    });
    await get('/console/admin/surveys/nope/edit').expect(404);
  });

  it('refuses to save over a version saved since the form was opened, keeping what was typed', async () => {
    const opened = formFields(
      (await get('/console/admin/surveys/form-twin/edit').expect(200)).text,
      'survey-form',
    );
    const theirs = withValues(opened, { name: 'Saved by a colleague first' });
    await post('/console/admin/surveys/form-twin/edit', theirs).expect(303);
    const latest = (await apiSurvey('form-twin')).version as number;
    const mine = withValues(opened, { name: 'Mine, from the older version' });
    const refused = await post('/console/admin/surveys/form-twin/edit', mine).expect(409);
    expect(refused.text).toContain(
      `Someone saved version ${latest} of this survey after you opened`,
    );
    expect(refused.text).toContain('Mine, from the older version');
    expect((await apiSurvey('form-twin')).name).toBe('Saved by a colleague first');
    // Shown again on the latest version: saving again replaces it, knowingly.
    const again = formFields(refused.text, 'survey-form');
    await post('/console/admin/surveys/form-twin/edit', again).expect(303);
    expect(await apiSurvey('form-twin')).toMatchObject({
      name: 'Mine, from the older version',
      version: latest + 1,
    });
  });

  it('adds, moves and removes questions and choices without JavaScript, keeping all that was typed', async () => {
    const typed = withValues(await builtForm('moves'), {
      followUp_firstContactHours: '12h',
      q0_label_fi: 'Ä & <b>ö</b> "quoted"',
    });
    let fields = await press(typed, 'add-question', { newQuestionType: 'free_text' });
    fields = withValues(fields, { q2_id: 'anything_else', q2_label_en: 'Anything else?' });

    // The third question up to second, then first: the others follow, nothing lost.
    fields = await press(fields, 'question-up:2');
    fields = await press(fields, 'question-up:1');
    let values = Object.fromEntries(fields);
    expect([values.q0_id, values.q1_id, values.q2_id]).toEqual([
      'anything_else',
      'what_went_wrong',
      'courier',
    ]);
    expect(values.q1_label_fi).toBe('Ä & <b>ö</b> "quoted"');
    expect(values.q1_o1_label_en).toBe('Damaged');
    expect(values.followUp_firstContactHours).toBe('12h');
    expect(values.q2_required).toBe('on');

    // A choice down, then removed; a question removed.
    fields = await press(fields, 'choice-down:q1:0');
    values = Object.fromEntries(fields);
    expect([values.q1_o0_value, values.q1_o1_value]).toEqual(['damaged', 'late']);
    fields = await press(fields, 'choice-remove:q1:1');
    fields = await press(fields, 'question-remove:0');
    values = Object.fromEntries(fields);
    expect([values.q0_id, values.q1_id, values.q2_id]).toEqual([
      'what_went_wrong',
      'courier',
      undefined,
    ]);
    expect(values.q0_o0_value).toBe('damaged');
    expect(values.q0_o1_value).toBeUndefined();
    expect(values.pref_contexts_o0_label_fi).toBe('Kotona');

    // A free-text question keeps the choices it had as a choice question, hidden, for a change back.
    fields = withValues(fields, { q0_type: 'free_text' });
    const page = await post('/console/admin/new-survey/form', [...fields, ['action', 'preview']]);
    expect(page.text).toContain('<input type="hidden" name="q0_o0_value" value="damaged">');
    fields = await press(formFields(page.text, 'survey-form'), 'question-down:0', {
      q0_type: 'multiple_choice',
    });
    values = Object.fromEntries(fields);
    expect([values.q1_id, values.q1_o0_label_en]).toEqual(['what_went_wrong', 'Damaged']);
    // The moved question's button keeps the focus.
    expect(
      (await post('/console/admin/new-survey/form', [...fields, ['action', 'question-up:1']])).text,
    ).toMatch(/id="q0-down"[^>]*autofocus/);
  });

  it('answers htmx with the form’s inside and the preview out of band', async () => {
    const fields = await builtForm('htmx');
    const answer = await post(
      '/console/admin/new-survey/form',
      [...fields, ['action', 'question-down:0']],
      { 'hx-request': 'true' },
    ).expect(200);
    expect(answer.text).not.toContain('<html');
    expect(answer.text).toContain('<div id="survey-preview-body" hx-swap-oob="innerHTML">');
    const values = formValues(`<form id="survey-form">${answer.text}</form>`, 'survey-form');
    expect([values.q0_id, values.q1_id]).toEqual(['courier', 'what_went_wrong']);
  });

  it('refuses a save with every reason as a sentence next to its field, keeping what was typed', async () => {
    const versions = await count('survey_versions');
    const refused = await post(
      '/console/admin/new-survey',
      withValues(await builtForm('Not A Key'), {
        q0_label_en: '',
        followUp_firstContactHours: '12h',
        threshold: '9',
        q1_o0_value: '',
      }),
    ).expect(400);
    const html = refused.text;
    expect(html).toContain('The survey is not saved yet: these need attention');
    for (const [field, sentence] of [
      ['key', 'Key must be 1 to 64 lower-case letters, digits, - or _.'],
      [
        'followUp_firstContactHours',
        'First contact within (business hours) must be a whole number of hours.',
      ],
      ['threshold', 'Unhappy at or below must be from 1 to 4 on the csat5 scale.'],
      ['q0_label_en', 'Question 1 in English is required (English is the fallback).'],
    ]) {
      expect(html).toContain(`<li><a href="#${field}">${sentence}</a></li>`);
      expect(html).toContain(
        `<p class="field-message" id="${field}-error"><span class="visually-hidden">Error:</span> ${sentence}</p>`,
      );
      expect(html).toMatch(new RegExp(`id="${field}" name="${field}"[^>]*aria-invalid="true"`));
    }
    expect(formValues(html, 'survey-form')).toMatchObject({
      key: 'Not A Key',
      followUp_firstContactHours: '12h',
      threshold: '9',
      q0_label_fi: 'Mikä meni vikaan?',
    });
    expect(await count('survey_versions')).toBe(versions);

    // A key that is taken: said on the key, 409.
    const taken = await post('/console/admin/new-survey', await builtForm('json-twin')).expect(409);
    expect(taken.text).toContain(
      '<a href="#key">A survey with this key exists already: choose another key, or edit that survey as its next version.</a>',
    );
  });

  it('answers a body that is not its form without failing', async () => {
    for (const path of [
      '/console/admin/new-survey',
      '/console/admin/new-survey/form',
      '/console/admin/survey-preview',
      '/console/admin/surveys/form-twin/edit/form',
    ]) {
      const response = await t
        .http()
        .post(path)
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrfToken)
        .send({ action: ['question-up:1', 'x'], q0_type: { nested: true }, q99_label_en: 'x' });
      expect({ path, status: response.status < 500 }).toEqual({ path, status: true });
    }
  });

  it('previews the survey page and the invitation email, recording nothing', async () => {
    const tables = [
      'invitations',
      'responses',
      'anonymous_response_inbox',
      'email_messages',
      'audit_events',
      'survey_versions',
      'consent_events',
    ];
    const before = await Promise.all(tables.map(count));
    const fields = withValues(await builtForm('preview'), { previewLocale: 'fi' });

    const live = await post('/console/admin/survey-preview', fields, {
      'hx-request': 'true',
    }).expect(200);
    const page = await post('/console/admin/new-survey/form', [
      ...fields,
      ['action', 'preview'],
    ]).expect(200);
    for (const html of [live.text, page.text]) {
      expect(html).toContain(
        'title="The survey page in Finnish, as a preview" sandbox="allow-same-origin" srcdoc="',
      );
      const frames = [...html.matchAll(/srcdoc="([^"]*)"/g)].map((m) => unescapeHtml(m[1]));
      expect(frames).toHaveLength(2);
      // The customer's own page, in Finnish, with the question and its choices; it posts nowhere.
      expect(frames[0]).toContain('<html lang="fi">');
      expect(frames[0]).toContain('Mikä meni vikaan?');
      expect(frames[0]).toContain('Vaurioitunut');
      expect(frames[0]).toContain('action="#answer"');
      expect(frames[0]).not.toContain('opened.css');
      // The invitation email, its links going nowhere.
      expect(frames[1]).toContain('Miten toimitus onnistui?');
      expect(frames[1]).toContain('href="https://preview.invalid/s/preview?score&#x3D;1"');
      expect(html).toContain('Subject: <strong>Miten toimitus onnistui?</strong>');
    }
    expect(page.text).toMatch(
      /<h2 id="preview-heading" tabindex="-1" autofocus>Preview in Finnish<\/h2>/,
    );
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it('keeps routing and priority rules in a form that names teams and surveys', async () => {
    const night = (await createUser(t.app, 'agent', 'Night shift')).user.teamId!;
    const returns = (await createUser(t.app, 'agent', 'Returns')).user.teamId!;
    await t
      .http()
      .post('/api/v1/surveys')
      .set('authorization', `Bearer ${apiKey}`)
      .send({ key: 'returns', ...DEFINITION, name: 'Your return' })
      .expect(201);
    const page = await get('/console/admin/case-settings').expect(200);
    const audited = await count('audit_events');

    // Two routing rules and a priority rule by the buttons (no JavaScript), the second moved up.
    const rules = async (fields: Fields, action: string, changes: Record<string, string> = {}) =>
      formFields(
        (
          await post('/console/admin/case-settings/form', [
            ...withValues(fields, changes),
            ['action', action],
          ]).expect(200)
        ).text,
        'settings-form',
      );
    let fields = formFields(page.text, 'settings-form');
    const added = await post('/console/admin/case-settings/form', [
      ...fields,
      ['action', 'route-add'],
    ]);
    expect(added.text).toContain(`<option value="${night}">Night shift</option>`);
    expect(added.text).toContain('<option value="returns">Your return</option>');
    expect(added.text).toMatch(/id="route0_survey" name="route0_survey"[^>]*autofocus/);
    fields = formFields(added.text, 'settings-form');
    fields = await rules(fields, 'route-add', {
      route0_survey: 'returns',
      route0_locale: 'fi',
      route0_teamId: night,
    });
    fields = await rules(fields, 'route-up:1', {
      route1_touchpointType: 'return',
      route1_teamId: returns,
    });
    fields = await rules(fields, 'priority-add');
    expect(await count('audit_events')).toBe(audited);

    // A rule without its attribute: said on its field, nothing saved.
    const refused = await post(
      '/console/admin/case-settings',
      withValues(fields, { priority0_equals: 'gold' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(
      '<a href="#priority0_attribute">The customer attribute of priority rule 1 must be 1 to 64 characters.</a>',
    );
    fields = formFields(refused.text, 'settings-form');
    expect(Object.fromEntries(fields)).toMatchObject({
      route0_touchpointType: 'return',
      priority0_equals: 'gold',
    });

    await post(
      '/console/admin/case-settings',
      withValues(fields, { priority0_attribute: 'tier' }),
    ).expect(303);
    const { body } = await t
      .http()
      .get('/api/v1/case-settings')
      .set('cookie', admin.cookie)
      .expect(200);
    expect(body).toMatchObject({
      routing: [
        { touchpointType: 'return', teamId: returns },
        { survey: 'returns', locale: 'fi', teamId: night },
      ],
      priorityRules: [{ attribute: 'tier', equals: 'gold', priority: 1 }],
    });
    // Shown again by name: the saved rules' teams and survey chosen in their selects.
    const saved = await get('/console/admin/case-settings?done=settings').expect(200);
    expect(saved.text).toContain(`<option value="${returns}" selected>Returns</option>`);
    expect(saved.text).toContain('<option value="returns" selected>Your return</option>');
    expect(formValues(saved.text, 'settings-form')).toMatchObject({
      route1_teamId: night,
      route1_locale: 'fi',
      priority0_priority: '1',
    });

    // With htmx a button answers the form's inside; the moved rule's button keeps the focus.
    const swapped = await post(
      '/console/admin/case-settings/form',
      [...formFields(saved.text, 'settings-form'), ['action', 'route-down:0']],
      { 'hx-request': 'true' },
    ).expect(200);
    expect(swapped.text).not.toContain('<html');
    expect(swapped.text).toMatch(/id="route1-up"[^>]*autofocus/);
  });
});
