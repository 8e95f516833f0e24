import { eventually } from '../support/eventually';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import {
  assignCase,
  form,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

jest.setTimeout(90_000);

/** The template's fields as the admin form posts them. */
const REFUND = {
  label: 'Offer a refund',
  subject_en: 'About {{case.rootCause}}',
  body_en:
    'Hello {{customer.firstName}},\n\nI, {{agent.name}}, can refund your stay.\n\nBest regards,',
  subject_fi: 'Aiheesta {{case.rootCause}}',
  body_fi:
    'Hei {{customer.firstName}},\n\nMinä, {{agent.name}}, voin hyvittää yöpymisesi.\n\nYstävällisin terveisin',
};

/** The HTML-escaped text as a page shows it. */
const shown = (text: string) => text.replace(/'/g, '&#x27;');

/**
 * Message templates managed by admins (per language, placeholders checked on save, audited) and
 * the case page's composer that uses them: filled in from the case, in the customer's language,
 * and never over a typed draft without the agent saying so.
 */
describe('message templates', () => {
  let t: SurveyTestApp;
  let admin: SignedIn;
  let agent: SignedIn;
  let agentId: string;
  let agentName: string;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const adminAccount = await createUser(t.app, 'admin');
    admin = await signIn(t.http, adminAccount.email, adminAccount.password);
    const agentAccount = await createUser(t.app, 'agent');
    agentId = agentAccount.user.id;
    agentName = agentAccount.user.name;
    agent = await signIn(t.http, agentAccount.email, agentAccount.password);
  });
  afterAll(() => t?.close());

  const post = (session: SignedIn, path: string, fields: Record<string, string>) =>
    t
      .http()
      .post(path)
      .set('cookie', session.cookie)
      .type('form')
      .send(form({ ...fields, _csrf: session.csrfToken }));
  const get = (session: SignedIn, path: string) => t.http().get(path).set('cookie', session.cookie);
  const templateRows = () => t.count('SELECT count(*)::int AS n FROM message_templates');

  /** A Finnish customer's case, assigned to the agent, resolved as billing and reopened. */
  async function finnishCase(): Promise<string> {
    const { caseId } = await unhappyCase(t, 1, {
      customer: { locale: 'fi', name: 'Aino Virtanen' },
    });
    await assignCase(t, caseId, agentId);
    const api = asUser(t.http, agent);
    await api
      .post(`/api/v1/cases/${caseId}/resolve`)
      .send({ rootCause: 'billing', resolution: 'Refunded.' })
      .expect(200);
    await api.post(`/api/v1/cases/${caseId}/reopen`).expect(200);
    return caseId;
  }

  it('lets admins create, edit, preview, retire and bring back a template, audited', async () => {
    const created = await post(admin, '/console/admin/message-templates', REFUND).expect(303);
    expect(created.headers.location).toBe('/console/admin/message-templates?done=saved');
    const list = await get(admin, '/console/admin/message-templates?done=saved').expect(200);
    expect(list.text).toContain('The template is saved');
    expect(list.text).toContain('href="/console/admin/message-templates/offer_a_refund"');
    // The three templates that were in code came along in both languages.
    expect(list.text).toContain('Apologise and ask what happened');
    expect(list.text).toContain('Could we talk?');

    const edited = { ...REFUND, body_fi: 'Hei {{customer.firstName}},\n\nHyvitämme.\n\nTerveisin' };
    await post(admin, '/console/admin/message-templates/offer_a_refund', edited).expect(303);
    const page = await get(admin, '/console/admin/message-templates/offer_a_refund').expect(200);
    expect(page.text).toContain('Hyvitämme.');
    // The form lists the placeholders, and previews the saved texts with sample data.
    expect(page.text).toContain('<code>{{customer.firstName}}</code>');
    expect(page.text).toContain('<code>{{case.rootCause}}</code>');
    expect(page.text).toContain('Hei Maria,\n\nHyvitämme.');
    expect(page.text).toContain('About Product quality');
    // A preview of unsaved words saves nothing.
    const previewed = await post(admin, '/console/admin/message-templates/offer_a_refund/preview', {
      ...edited,
      subject_en: 'Sorry, {{customer.name}}',
    }).expect(200);
    expect(previewed.text).toContain('Sorry, Maria Virtanen');
    expect(
      (await get(admin, '/console/admin/message-templates/offer_a_refund')).text,
    ).not.toContain('Sorry, Maria');

    await post(admin, '/console/admin/message-templates/offer_a_refund/retire', {}).expect(303);
    const retired = await get(admin, '/console/admin/message-templates?done=retired').expect(200);
    expect(retired.text).toContain('agents are no longer offered it');
    expect(retired.text).toContain('Bring back<span class="visually-hidden"> “Offer a refund”');
    await post(admin, '/console/admin/message-templates/offer_a_refund/restore', {}).expect(303);

    // A console form answers before its audit row is written: wait for the last one.
    await eventually(async () => {
      const { rows } = await t.db.query<{ action: string; subject_id: string }>(
        `SELECT action, subject_id FROM audit_events
         WHERE action LIKE 'POST /console/admin/message-templates%' ORDER BY id`,
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          { action: 'POST /console/admin/message-templates', subject_id: '' },
          { action: 'POST /console/admin/message-templates/:key', subject_id: 'offer_a_refund' },
          {
            action: 'POST /console/admin/message-templates/:key/retire',
            subject_id: 'offer_a_refund',
          },
          {
            action: 'POST /console/admin/message-templates/:key/restore',
            subject_id: 'offer_a_refund',
          },
        ]),
      );
    });
  });

  it('refuses an unknown placeholder or broken braces with a sentence, writing nothing', async () => {
    const before = await templateRows();
    const unknown = await post(admin, '/console/admin/message-templates', {
      ...REFUND,
      label: 'Unknown placeholder',
      body_fi: 'Hei {{customer.age}},\n\nTerveisin',
    }).expect(400);
    expect(unknown.text).toContain(
      'The Finnish message uses “{{customer.age}}”, which is not a placeholder Candor can fill in',
    );
    // The form comes back with what was typed.
    expect(unknown.text).toContain('value="Unknown placeholder"');

    const broken = await post(admin, '/console/admin/message-templates/apology', {
      ...REFUND,
      subject_en: 'Hello {{customer.firstName}',
    }).expect(400);
    expect(broken.text).toContain(
      'The English subject has broken braces at “{{customer.firstName}”',
    );
    const preview = await post(admin, '/console/admin/message-templates/preview', {
      ...REFUND,
      body_en: 'Hi {name}',
    }).expect(400);
    expect(preview.text).toContain('has broken braces at “{name}”');
    const empty = await post(admin, '/console/admin/message-templates', {
      ...REFUND,
      subject_fi: ' ',
    }).expect(400);
    expect(empty.text).toContain('Write the Finnish subject, up to 200 characters.');

    expect(await templateRows()).toBe(before);
    const apology = await get(admin, '/console/admin/message-templates/apology').expect(200);
    expect(apology.text).toContain('value="About your feedback"');
    await get(admin, '/console/admin/message-templates/nothing_here').expect(404);
  });

  it('is for admins only', async () => {
    const before = await templateRows();
    await get(agent, '/console/admin/message-templates').expect(403);
    await get(agent, '/console/admin/message-templates/apology').expect(403);
    await post(agent, '/console/admin/message-templates', { ...REFUND, label: 'Agent' }).expect(
      403,
    );
    await post(agent, '/console/admin/message-templates/apology/retire', {}).expect(403);
    expect(await templateRows()).toBe(before);
  });

  it("offers the active templates in the customer's language, filled in from the case", async () => {
    await post(admin, '/console/admin/message-templates', {
      ...REFUND,
      label: 'Refund in words',
    }).expect(303);
    const caseId = await finnishCase();
    const page = await get(agent, `/console/cases/${caseId}`).expect(200);
    expect(page.text).toContain("in Finnish, the customer's language");
    expect(page.text).toContain('<option value="refund_in_words">Refund in words</option>');
    expect(page.text).toContain('<option value="call">Offer a call</option>');

    // An empty draft is filled: first name, the root cause in words, the agent's name.
    const filled = await post(agent, `/console/cases/${caseId}/template`, {
      template: 'refund_in_words',
      step: 'use',
      subject: '',
      body: '',
    }).expect(200);
    expect(filled.text).toContain('value="Aiheesta Billing"');
    expect(filled.text).toContain(
      shown(
        `Hei Aino,\n\nMinä, ${agentName}, voin hyvittää yöpymisesi.\n\nYstävällisin terveisin</textarea>`,
      ),
    );
    expect(filled.text).toContain('“Refund in words” is in your draft');
    expect(filled.text).not.toMatch(/\{\{|\}\}/);
    // The old link form (no draft to lose) still fills the empty form.
    const linked = await get(agent, `/console/cases/${caseId}?template=call`).expect(200);
    expect(linked.text).toContain('value="Voisimmeko soittaa?"');
  });

  it('asks before a template replaces a typed draft, and keeps it until told', async () => {
    const caseId = await finnishCase();
    const draft = { subject: 'My own subject', body: 'Hei Aino,\n\nmy own words.' };
    const choose = (step: string) =>
      post(agent, `/console/cases/${caseId}/template`, { template: 'call', step, ...draft });

    const asked = await choose('use').expect(200);
    expect(asked.text).toContain('Replace your draft with “Offer a call”?');
    expect(asked.text).toContain('value="My own subject"');
    expect(asked.text).toContain('Hei Aino,\n\nmy own words.</textarea>');
    // The question previews the template with the case's data.
    expect(asked.text).toContain('<p><strong>Voisimmeko soittaa?</strong></p>');
    expect(asked.text).toContain('Hei Aino,\n\nKiitos palautteestasi.');
    expect(asked.text).toMatch(/<button[^>]*value="replace"[^>]*>Replace<\/button>/);
    expect(asked.text).toMatch(/<button[^>]*value="keep"[^>]*>Keep my draft<\/button>/);

    const kept = await choose('keep').expect(200);
    expect(kept.text).toContain('Your draft is kept.');
    expect(kept.text).toContain('value="My own subject"');
    expect(kept.text).toContain('my own words.</textarea>');
    expect(kept.text).not.toContain('Replace your draft');

    const replaced = await choose('replace').expect(200);
    expect(replaced.text).toContain('value="Voisimmeko soittaa?"');
    expect(replaced.text).not.toContain('my own words.');

    // A preview never touches the draft either.
    const preview = await post(agent, `/console/cases/${caseId}/template`, {
      template: 'call',
      step: 'preview',
      subject: '',
      body: '',
    }).expect(200);
    expect(preview.text).toContain('“Offer a call”, filled in for this customer');
    expect(preview.text).toContain('required></textarea>');
  });

  it('no longer offers a retired template, nor fills a draft from it', async () => {
    await post(admin, '/console/admin/message-templates', {
      ...REFUND,
      label: 'Soon retired',
    }).expect(303);
    const caseId = await finnishCase();
    expect((await get(agent, `/console/cases/${caseId}`)).text).toContain('value="soon_retired"');
    await post(admin, '/console/admin/message-templates/soon_retired/retire', {}).expect(303);

    expect((await get(agent, `/console/cases/${caseId}`)).text).not.toContain(
      'value="soon_retired"',
    );
    const late = await post(agent, `/console/cases/${caseId}/template`, {
      template: 'soon_retired',
      step: 'use',
      subject: '',
      body: 'Typed.',
    }).expect(200);
    expect(late.text).toContain('That template is no longer offered: your draft is as it was.');
    expect(late.text).toContain('Typed.</textarea>');
    const linked = await get(agent, `/console/cases/${caseId}?template=soon_retired`).expect(200);
    expect(linked.text).not.toContain('Aiheesta');
  });
});
