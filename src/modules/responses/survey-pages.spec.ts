import type { Locale } from '../../common/i18n/locale';
import { PageRenderer } from '../../common/templates/page-renderer';
import type {
  ChoiceView,
  ClosedPageView,
  ContextView,
  SurveyPageView,
  ThanksPageView,
} from './survey-page.view';
import { SURVEY_PAGE_TEXTS } from './survey-page-texts';
import { deadlineText } from '../../common/i18n/deadline';

const COMPANY = 'Candor Demo Hotel';

function choices(values: string[], labels: string[], checked: string[] = []): ChoiceView[] {
  return values.map((value, i) => ({ value, label: labels[i], checked: checked.includes(value) }));
}

function context(value: string, label: string, checked = false): ContextView {
  return {
    value,
    label,
    checked,
    channelName: `channel_${value}`,
    timeName: `time_${value}`,
    interestsName: `interests_${value}`,
    channels: choices(['email', 'phone', 'sms'], ['Email', 'Phone', 'Text message']),
    times: choices(['morning', 'afternoon', 'evening'], ['Morning', 'Afternoon', 'Evening']),
    interests: choices(['spa', 'restaurant'], ['Spa', 'Restaurant']),
  };
}

function surveyView(lang: Locale, overrides: Partial<SurveyPageView> = {}): SurveyPageView {
  return {
    lang,
    t: SURVEY_PAGE_TEXTS[lang],
    company: COMPANY,
    heading: SURVEY_PAGE_TEXTS[lang].surveyHeading,
    intro: SURVEY_PAGE_TEXTS[lang].surveyIntro(2),
    touchpoint: 'Stay · R-2026-1182 · 20 November 2026',
    action: '/s/TOKEN123',
    openedStylesheet: '/s/TOKEN123/opened.css',
    privacyUrl: '/p/TOKEN123',
    consent: {
      textId: 'ct_7f3a',
      paragraphs: ['If you answer as yourself, our service team sees your name.', 'Second.'],
      identified: false,
      anonymous: false,
      error: null,
    },
    score: {
      question: 'How satisfied were you with your stay?',
      lowLabel: 'Very dissatisfied',
      highLabel: 'Very satisfied',
      options: choices(['1', '2', '3', '4', '5'], ['1', '2', '3', '4', '5']),
      error: null,
    },
    questions: [
      {
        name: 'q_wrong',
        id: 'q_wrong',
        label: 'What went wrong?',
        required: true,
        singleChoice: true,
        multipleChoice: false,
        rating: false,
        freeText: false,
        options: choices(['room', 'staff', 'other'], ['The room', 'The staff', 'Something else']),
        value: '',
        error: null,
      },
      {
        name: 'q_areas',
        id: 'q_areas',
        label: 'Which parts of your stay were affected?',
        required: false,
        singleChoice: false,
        multipleChoice: true,
        rating: false,
        freeText: false,
        options: choices(['checkin', 'breakfast'], ['Check-in', 'Breakfast']),
        value: '',
        error: null,
      },
      {
        name: 'q_clean',
        id: 'q_clean',
        label: 'How clean was your room?',
        required: false,
        singleChoice: false,
        multipleChoice: false,
        rating: true,
        freeText: false,
        options: choices(['1', '2', '3', '4', '5'], ['1', '2', '3', '4', '5']),
        value: '',
        error: null,
      },
      {
        name: 'q_fix',
        id: 'q_fix',
        label: 'What should we do differently?',
        required: false,
        singleChoice: false,
        multipleChoice: false,
        rating: false,
        freeText: true,
        options: [],
        value: '',
        error: null,
      },
    ],
    comment: { value: '', error: null },
    preferences: {
      contexts: [context('family', 'Travelling with family'), context('business', 'For work')],
      error: null,
    },
    errors: [],
    ...overrides,
  };
}

/** The same form posted back with every kind of message. */
function surveyWithErrors(lang: Locale): SurveyPageView {
  const t = SURVEY_PAGE_TEXTS[lang];
  const view = surveyView(lang);
  const [wrong, areas, clean, fix] = view.questions;
  return {
    ...view,
    consent: { ...view.consent!, error: t.consentTextChanged },
    score: {
      ...view.score,
      options: choices(['1', '2', '3', '4', '5'], ['1', '2', '3', '4', '5'], ['2']),
      error: t.chooseScore,
    },
    questions: [
      { ...wrong, error: t.required },
      { ...areas, error: t.invalidChoice },
      clean,
      { ...fix, value: 'x'.repeat(2001), error: t.tooLong },
    ],
    comment: { value: 'The <b>shower</b> & the "door"', error: t.tooLong },
    preferences: { contexts: [context('family', 'Family', true)], error: t.invalidChoice },
    errors: [
      { field: 'consent', message: t.consentTextChanged },
      { field: 'score', message: t.chooseScore },
      { field: 'q_wrong', message: t.required },
      { field: 'q_areas', message: t.invalidChoice },
      { field: 'q_fix', message: t.tooLong },
      { field: 'comment', message: t.tooLong },
      { field: 'context', message: t.invalidChoice },
    ],
  };
}

function thanksView(lang: Locale, overrides: Partial<ThanksPageView> = {}): ThanksPageView {
  return {
    lang,
    t: SURVEY_PAGE_TEXTS[lang],
    company: COMPANY,
    privacyUrl: '/p/TOKEN123',
    followUp: null,
    contactOffer: null,
    contactRequested: false,
    contactWithdrawn: false,
    ...overrides,
  };
}

const CONTACT_OFFER: ThanksPageView['contactOffer'] = {
  action: '/s/TOKEN123/contact',
  consentTextId: 'ct_future_contact_2',
  paragraphs: ['If you agree, we link this answer to you and a person contacts you.'],
};

function closedView(lang: Locale, answered: boolean): ClosedPageView {
  return {
    lang,
    t: SURVEY_PAGE_TEXTS[lang],
    company: COMPANY,
    privacyUrl: '/p/TOKEN123',
    answered,
    expired: !answered,
    tooMany: false,
  };
}

type Attributes = Map<string, string>;

/** Opening tags of one element type, with their attributes (values as written, still escaped). */
function tags(html: string, name: string): Attributes[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'g'))].map(([, body]) => {
    const attributes: Attributes = new Map();
    for (const [, key, value] of body.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) {
      attributes.set(key, value ?? '');
    }
    return attributes;
  });
}

function allIds(html: string): string[] {
  return [...html.matchAll(/\sid="([^"]*)"/g)].map(([, id]) => id);
}

function describedByIds(html: string): Set<string> {
  return new Set(
    [...html.matchAll(/aria-describedby="([^"]*)"/g)].flatMap(([, ids]) => ids.split(/\s+/)),
  );
}

/** Checks that hold for every page. */
function expectSoundPage(html: string, lang: Locale): void {
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain(`<html lang="${lang}">`);
  expect(html.match(/<h1\b/g)).toHaveLength(1);
  expect(html).not.toMatch(/<script\b/i);
  // No requests to other hosts: every link, form and asset stays on this site.
  expect(html).not.toMatch(/https?:\/\//i);
  for (const [, url] of html.matchAll(/\s(?:href|src|action)="([^"]*)"/g)) {
    expect(url).toMatch(/^(\/(?!\/)|#)/);
  }
  expect(html).toContain(`href="/p/TOKEN123">${SURVEY_PAGE_TEXTS[lang].privacyLink}</a>`);

  const ids = allIds(html);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of describedByIds(html)) expect(ids).toContain(id);

  // Every visible control has a label bound to it.
  const labelled = new Set(tags(html, 'label').map((label) => label.get('for')));
  const controls = [...tags(html, 'input'), ...tags(html, 'textarea')].filter(
    (control) => control.get('type') !== 'hidden',
  );
  for (const control of controls) {
    expect(control.get('id')).toBeTruthy();
    expect(labelled).toContain(control.get('id'));
  }

  // Radio buttons and checkboxes (but a lone consent checkbox) sit in a fieldset with a legend.
  const fieldsets = html.match(/<fieldset\b/g)?.length ?? 0;
  expect(html.match(/<legend\b/g)?.length ?? 0).toBe(fieldsets);
  for (const match of html.matchAll(/<input\b[^>]*>/g)) {
    if (!/type="(radio|checkbox)"/.test(match[0]) || match[0].includes('"contactConsent"'))
      continue;
    const before = html.slice(0, match.index);
    const opened = before.match(/<fieldset\b/g)?.length ?? 0;
    const closed = before.match(/<\/fieldset>/g)?.length ?? 0;
    expect(opened).toBeGreaterThan(closed);
  }
}

describe('survey pages', () => {
  const renderer = new PageRenderer();

  describe.each<Locale>(['en', 'fi'])('in %s', (lang) => {
    const t = SURVEY_PAGE_TEXTS[lang];

    describe('survey', () => {
      const html = renderer.render('survey', surveyView(lang));

      it('renders a sound page posting to the action', () => {
        expectSoundPage(html, lang);
        expect(html).toContain(`<title>${t.surveyTitle(COMPANY, 0)} · Candor</title>`);
        expect(html).toMatch(/<form class="survey-form" method="post" action="\/s\/TOKEN123"/);
        expect(html).toContain(t.touchpointIntro('Stay · R-2026-1182 · 20 November 2026'));
        expect(html).not.toContain('error-summary');
        expect(html).not.toContain('aria-invalid');
      });

      it('asks the score, then for consent before any question, with neither choice made', () => {
        const consentAt = html.indexOf('name="consent"');
        expect(consentAt).toBeGreaterThan(html.indexOf('name="score"'));
        expect(consentAt).toBeLessThan(html.indexOf('name="q_'));
        // A layered notice: the choices first, the versioned full text in a disclosure under them.
        const details = html.indexOf('<details class="consent-full">');
        expect(details).toBeGreaterThan(consentAt);
        expect(html.indexOf('If you answer as yourself')).toBeGreaterThan(details);
        expect(html).toContain(`<summary>${t.consentFullText}</summary>`);
        expect(html).toContain('<input type="hidden" name="consentText" value="ct_7f3a">');
        const consent = tags(html, 'input').filter((input) => input.get('name') === 'consent');
        expect(consent.map((input) => input.get('value'))).toEqual(['identified', 'anonymous']);
        for (const input of consent) {
          expect(input.has('checked')).toBe(false);
          expect(input.has('required')).toBe(true);
        }
        expect(html).toContain(`>${t.answerIdentified}</label>`);
        expect(html).toContain(`>${t.answerAnonymous}</label>`);
      });

      it('keeps a choice the view made', () => {
        const view = surveyView(lang);
        const again = renderer.render('survey', {
          ...view,
          consent: view.consent && { ...view.consent, anonymous: true },
        });
        const consent = tags(again, 'input').filter((input) => input.get('name') === 'consent');
        expect(consent.map((input) => input.has('checked'))).toEqual([false, true]);
      });

      it('shows the score low to high with its end labels', () => {
        const scores = tags(html, 'input').filter((input) => input.get('name') === 'score');
        expect(scores.map((input) => input.get('value'))).toEqual(['1', '2', '3', '4', '5']);
        expect(scores[0].get('id')).toBe('score');
        expect(html).toContain('<span>1 = Very dissatisfied</span>');
        expect(html).toContain('<span>5 = Very satisfied</span>');
      });

      it('nests each context’s channel, time and interests under its checkbox', () => {
        const names = tags(html, 'input').map((input) => input.get('name'));
        expect(names.filter((name) => name === 'context')).toHaveLength(2);
        const family = names.indexOf('channel_family');
        expect(family).toBeGreaterThan(names.indexOf('context'));
        expect(names.indexOf('time_family')).toBeGreaterThan(family);
        expect(names.indexOf('interests_family')).toBeGreaterThan(family);
        expect(names.lastIndexOf('context')).toBeGreaterThan(names.lastIndexOf('interests_family'));
        expect(html).toContain(t.contextPreferences('Travelling with family'));
        expect(html).toContain(`>${t.noPreference}</label>`);
      });

      it('leaves out the forward-looking part when the survey has none', () => {
        const without = renderer.render('survey', surveyView(lang, { preferences: null }));
        expect(without).not.toContain('name="context"');
        expect(without).not.toContain(t.preferencesHeading);
      });
    });

    describe('survey with messages', () => {
      const view = surveyWithErrors(lang);
      const html = renderer.render('survey', view);

      it('renders a sound page', () => {
        expectSoundPage(html, lang);
        expect(html).toContain(`<title>${t.surveyTitle(COMPANY, 7)} · Candor</title>`);
      });

      it('lists the messages at the top, each linking to its field', () => {
        const summary = html.indexOf('class="error-summary" role="alert"');
        expect(summary).toBeGreaterThan(-1);
        expect(summary).toBeLessThan(html.indexOf('<form'));
        expect(html).toContain(`>${t.errorSummaryHeading}</h2>`);
        const ids = allIds(html);
        for (const error of view.errors) {
          expect(html).toContain(`<li><a href="#${error.field}">`);
          expect(ids).toContain(error.field);
        }
      });

      it('shows each message next to its field, described by it and marked invalid', () => {
        const describedBy = describedByIds(html);
        for (const error of view.errors) {
          expect(html).toContain(`id="${error.field}-error"`);
          expect(describedBy).toContain(`${error.field}-error`);
          const control = html.indexOf(`id="${error.field}"`);
          const tag = html.slice(html.lastIndexOf('<', control), html.indexOf('>', control));
          const fieldsetAt = html.lastIndexOf('<fieldset', control);
          const fieldset = html.slice(fieldsetAt, html.indexOf('>', fieldsetAt));
          expect(`${tag} ${fieldset}`).toContain('aria-invalid="true"');
        }
      });

      it('keeps what was typed, escaped', () => {
        expect(html).toContain(
          'The &lt;b&gt;shower&lt;/b&gt; &amp; the &quot;door&quot;</textarea>',
        );
        expect(html).toContain(`>${'x'.repeat(2001)}</textarea>`);
        const score = tags(html, 'input').filter((input) => input.get('name') === 'score');
        expect(score.map((input) => input.has('checked'))).toEqual([
          false,
          true,
          false,
          false,
          false,
        ]);
      });
    });

    describe('thanks', () => {
      it('thanks a satisfied customer', () => {
        const html = renderer.render('survey-thanks', thanksView(lang));
        expectSoundPage(html, lang);
        expect(html).toContain(`>${t.thanksHeading}</h1>`);
        expect(html).toContain(t.satisfiedBody);
        expect(html).not.toContain('<form');
      });

      it('says when a person will contact an identified, dissatisfied customer', () => {
        const by = deadlineText(lang, new Date('2026-12-09T14:00:00Z'), 'Europe/Helsinki');
        const html = renderer.render('survey-thanks', thanksView(lang, { followUp: { by } }));
        expectSoundPage(html, lang);
        expect(html).toContain(t.followUpPromise(COMPANY, by));
        expect(html).toContain(
          lang === 'fi'
            ? 'viimeistään keskiviikkona 9.12. klo 16.00'
            : 'by Wednesday 9 December, 16:00',
        );
        expect(html).not.toContain(t.satisfiedBody);
      });

      it('offers an anonymous, dissatisfied customer to be contacted, as a new consent', () => {
        const html = renderer.render(
          'survey-thanks',
          thanksView(lang, { contactOffer: CONTACT_OFFER }),
        );
        expectSoundPage(html, lang);
        expect(html).toContain(t.anonymousNoFollowUp);
        expect(html).toContain('If you agree, we link this answer to you');
        expect(html).toContain('<form method="post" action="/s/TOKEN123/contact">');
        expect(html).toContain(
          '<input type="hidden" name="consentText" value="ct_future_contact_2">',
        );
        const [box] = tags(html, 'input').filter((input) => input.get('type') === 'checkbox');
        expect(box.get('name')).toBe('contactConsent');
        expect(box.has('checked')).toBe(false);
        expect(box.has('required')).toBe(true);
        expect(html).toContain(`>${t.contactOfferCheckbox}</label>`);
        expect(html).toContain(`>${t.contactOfferButton}</button>`);
      });

      it('confirms a contact request', () => {
        const html = renderer.render('survey-thanks', thanksView(lang, { contactRequested: true }));
        expectSoundPage(html, lang);
        expect(html).toContain(`>${t.contactRequestedHeading}</h1>`);
        expect(html).toContain(t.contactRequestedBody(COMPANY));
        expect(html).not.toContain('<form');
      });
    });

    describe('closed', () => {
      it('tells that the survey was already answered', () => {
        const html = renderer.render('survey-closed', closedView(lang, true));
        expectSoundPage(html, lang);
        expect(html).toContain(`>${t.answeredHeading}</h1>`);
      });

      it('tells that the survey has closed', () => {
        const html = renderer.render('survey-closed', closedView(lang, false));
        expectSoundPage(html, lang);
        expect(html).toContain(`>${t.expiredHeading}</h1>`);
        expect(html).toContain(t.expiredBody(COMPANY));
      });
    });
  });

  it('escapes the values it is given, also inside the wording functions', () => {
    const html = renderer.render('survey-thanks', {
      ...thanksView('en', { followUp: { by: 'Monday <1 June>' } }),
      company: 'A&B <Hotels>',
    });
    expect(html).toContain(
      'A person from A&amp;B &lt;Hotels&gt; will contact you by Monday &lt;1 June&gt;.',
    );
    expect(html).not.toContain('<Hotels>');
  });

  it('has every wording in both languages', () => {
    const en = SURVEY_PAGE_TEXTS.en as unknown as Record<string, unknown>;
    const fi = SURVEY_PAGE_TEXTS.fi as unknown as Record<string, unknown>;
    expect(Object.keys(fi).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(fi)) {
      if (typeof value === 'string') {
        expect(value.trim()).not.toBe('');
        expect(value).not.toBe(en[key]);
      }
    }
  });

  it('renders the other pages in English through the same layout', () => {
    expect(renderer.render('link-not-found', {})).toContain('<html lang="en">');
  });
});
