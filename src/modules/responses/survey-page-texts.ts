import type { Locale } from '../../common/i18n/locale';

/**
 * The fixed wording of the customer's survey pages (`templates/pages/survey*.hbs`), one entry per
 * locale. The consent texts themselves are not here: they are versioned with the consent records.
 *
 * Wording that takes a value is a function, so each language can put the value where its grammar
 * wants it (Finnish keeps the company name in the nominative: "yrityksen X"). The templates call
 * them like helpers, `{{t.followUpPromise company followUp.by}}`: Handlebars calls a
 * function it finds in the data with the given arguments (plus its own options object last, which
 * these ignore) and escapes the result. The validation messages are used by the controller.
 */
export interface SurveyPageTexts {
  // The survey page.
  /** `<title>`; starts with "Error:" when the form came back with messages. */
  surveyTitle(company: string, errorCount: number): string;
  surveyHeading: string;
  /** `touchpoint` is a label in the page's language, e.g. "Stay · R-2026-1182 · 20 November 2026". */
  touchpointIntro(touchpoint: string): string;
  /** How long answering takes (`estimatedMinutes`), then how the page begins. */
  surveyIntro(minutes: number): string;
  /** After the label of a question that may be left empty. */
  optional: string;
  errorSummaryHeading: string;
  /** Read by screen readers before a message next to a field. */
  errorPrefix: string;

  /** The disclosure that opens the versioned consent text in full. */
  consentFullText: string;
  consentLegend: string;
  answerIdentified: string;
  answerIdentifiedHint: string;
  answerAnonymous: string;
  answerAnonymousHint: string;

  scoreHeading: string;

  questionsHeading: string;
  questionsIntro: string;
  commentLabel: string;
  commentHint: string;

  preferencesHeading: string;
  preferencesIntro: string;
  contextsLegend: string;
  contextsHint: string;
  /** Legend of the group of preferences under one ticked context, e.g. "Travelling with family". */
  contextPreferences(context: string): string;
  channelLegend: string;
  timeLegend: string;
  interestsLegend: string;
  /** The last channel/time radio: without JavaScript a radio cannot be cleared otherwise. */
  noPreference: string;

  submit: string;
  submitNote: string;

  // Validation messages (the controller puts them in `errors` and next to the fields).
  chooseConsent: string;
  chooseScore: string;
  required: string;
  invalidChoice: string;
  tooLong: string;
  consentTextChanged: string;

  // The thank-you page.
  thanksTitle: string;
  thanksHeading: string;
  satisfiedBody: string;
  /** Identified and dissatisfied. */
  /** `by`: the case's first-contact due time, as `deadlineText` writes it. */
  followUpPromise(company: string, by: string): string;
  /** A reopened case: someone will be in touch, with no deadline to promise. */
  followUpAgain(company: string): string;
  followUpDetail: string;
  /** Anonymous and dissatisfied. */
  anonymousSorry: string;
  anonymousNoFollowUp: string;
  contactOfferHeading: string;
  contactOfferIntro: string;
  contactOfferCheckbox: string;
  contactOfferButton: string;
  /** They accepted the offer. */
  contactRequestedTitle: string;
  contactRequestedHeading: string;
  contactRequestedBody(company: string): string;
  contactRequestedWithdraw: string;
  /** They asked to be contacted and withdrew it since. */
  contactWithdrawnBody: string;

  // The closed page.
  answeredTitle: string;
  answeredHeading: string;
  answeredBody: string;
  tooManyTitle: string;
  tooManyHeading: string;
  tooManyBody: string;
  expiredTitle: string;
  expiredHeading: string;
  expiredBody(company: string): string;

  /** The footer link to the privacy center. */
  privacyLink: string;
}

export const SURVEY_PAGE_TEXTS: Readonly<Record<Locale, SurveyPageTexts>> = {
  en: {
    surveyTitle: (company, errorCount) =>
      `${errorCount > 0 ? 'Error: ' : ''}Feedback for ${company}`,
    surveyHeading: 'Tell us how it went',
    touchpointIntro: (touchpoint) => `Regarding: ${touchpoint}`,
    surveyIntro: (minutes) =>
      `It takes about ${minutes === 1 ? 'a minute' : `${minutes} minutes`}, and you choose whether to answer as yourself or anonymously.`,
    optional: '(optional)',
    errorSummaryHeading: 'Please check these answers',
    errorPrefix: 'Error:',

    consentFullText: 'Read the full consent text',
    consentLegend: 'How do you want to answer?',
    answerIdentified: 'Answer as myself, so you can follow up with me',
    answerIdentifiedHint:
      'Your name is shown with your answers. If something went wrong, a person can contact you to put it right.',
    answerAnonymous: 'Answer anonymously',
    answerAnonymousHint:
      'Your answers are not linked to you. They count in the results, but nobody can contact you about them.',

    scoreHeading: 'Your rating',

    questionsHeading: 'Tell us more',
    questionsIntro: 'If something went wrong, these questions help us find out what.',
    commentLabel: 'Anything else you want to tell us?',
    commentHint: 'At most 2,000 characters.',

    preferencesHeading: 'Next time',
    preferencesIntro:
      'Tell us how, where and in which roles you want to be served next time. Every part is optional.',
    contextsLegend: 'In which roles do you deal with us?',
    contextsHint: 'Tick all that apply, and choose what suits you in each.',
    contextPreferences: (context) => `${context}: your preferences`,
    channelLegend: 'Preferred channel',
    timeLegend: 'Best time to contact you',
    interestsLegend: 'Interests',
    noPreference: 'No preference',

    submit: 'Send answers',
    submitNote: 'You can send your answers once.',

    chooseConsent: 'Choose how you want to answer.',
    chooseScore: 'Choose a rating.',
    required: 'This question needs an answer.',
    invalidChoice: 'Choose one of the options shown.',
    tooLong: 'Shorten this to 2,000 characters or fewer.',
    consentTextChanged:
      'The text about how your answers are used has changed since you opened this page. Read it again, then choose how you want to answer.',

    thanksTitle: 'Thank you',
    thanksHeading: 'Thank you for your answers',
    satisfiedBody:
      'We read every answer. Yours helps us keep doing what works and fix what does not.',
    followUpPromise: (company, by) => `A person from ${company} will contact you by ${by}.`,
    followUpAgain: (company) =>
      `The person at ${company} who looked after your case has your answer and will contact you again.`,
    followUpDetail:
      'They will have your answers, so you will not need to explain everything again.',
    anonymousSorry: 'We are sorry it did not go well.',
    anonymousNoFollowUp:
      'You answered anonymously, so your answer is not linked to you and nobody can contact you about it. It still counts in our results.',
    contactOfferHeading: 'Would you like us to contact you after all?',
    contactOfferIntro:
      'If you tick the box and send, we record your consent and a person contacts you about this. You can withdraw the consent at any time.',
    contactOfferCheckbox: 'Yes, you may contact me about this',
    contactOfferButton: 'Contact me about this',
    contactRequestedTitle: 'We will contact you',
    contactRequestedHeading: 'Thank you, we will contact you',
    contactRequestedBody: (company) =>
      `A person from ${company} will contact you about your answer.`,
    contactRequestedWithdraw:
      'Changed your mind? You can withdraw your consent under “Your feedback and data”.',
    contactWithdrawnBody:
      'You asked us to contact you about this answer and withdrew it since, so nobody will contact you about it.',

    answeredTitle: 'Already answered',
    answeredHeading: 'You have already answered this survey',
    answeredBody: 'Thank you. Each survey can be answered once, and we have your answers.',
    tooManyTitle: 'Too many attempts',
    tooManyHeading: 'Please wait a moment',
    tooManyBody:
      'This link was used for many attempts in a short time. Wait a few minutes, then open it again from the email.',
    expiredTitle: 'Survey closed',
    expiredHeading: 'This survey has closed',
    expiredBody: (company) =>
      `Answers are no longer accepted. If you want to tell ${company} something, you can still contact them directly.`,

    privacyLink: 'Your feedback and data',
  },
  fi: {
    surveyTitle: (company, errorCount) =>
      `${errorCount > 0 ? 'Virhe: ' : ''}Palaute yritykselle ${company}`,
    surveyHeading: 'Kerro, miten onnistuimme',
    touchpointIntro: (touchpoint) => `Koskee: ${touchpoint}`,
    surveyIntro: (minutes) =>
      `Vastaaminen vie noin ${minutes === 1 ? 'minuutin' : `${minutes} minuuttia`}, ja voit valita, vastaatko omalla nimelläsi vai nimettömänä.`,
    optional: '(vapaaehtoinen)',
    errorSummaryHeading: 'Tarkista nämä vastaukset',
    errorPrefix: 'Virhe:',

    consentFullText: 'Lue suostumusteksti kokonaan',
    consentLegend: 'Miten haluat vastata?',
    answerIdentified: 'Vastaan omalla nimelläni, jotta voitte olla minuun yhteydessä',
    answerIdentifiedHint:
      'Nimesi näkyy vastaustesi yhteydessä. Jos jokin meni pieleen, ihminen voi ottaa sinuun yhteyttä ja korjata asian.',
    answerAnonymous: 'Vastaan nimettömänä',
    answerAnonymousHint:
      'Vastauksiasi ei yhdistetä sinuun. Ne ovat mukana tuloksissa, mutta kukaan ei voi ottaa sinuun yhteyttä niiden perusteella.',

    scoreHeading: 'Arviosi',

    questionsHeading: 'Kerro tarkemmin',
    questionsIntro: 'Jos jokin meni pieleen, näiden kysymysten avulla löydämme syyn.',
    commentLabel: 'Haluatko kertoa vielä jotain?',
    commentHint: 'Enintään 2 000 merkkiä.',

    preferencesHeading: 'Ensi kerralla',
    preferencesIntro:
      'Kerro, miten ja missä haluat meidän palvelevan sinua ensi kerralla – ja missä rooleissa asioit kanssamme. Kaikki kohdat ovat vapaaehtoisia.',
    contextsLegend: 'Missä rooleissa asioit kanssamme?',
    contextsHint: 'Valitse kaikki sopivat ja kerro kunkin kohdalla, mikä sinulle sopii.',
    contextPreferences: (context) => `${context}: toiveesi`,
    channelLegend: 'Mieluisin yhteyskanava',
    timeLegend: 'Paras aika ottaa yhteyttä',
    interestsLegend: 'Sinua kiinnostaa',
    noPreference: 'Ei väliä',

    submit: 'Lähetä vastaukset',
    submitNote: 'Voit lähettää vastauksesi kerran.',

    chooseConsent: 'Valitse, miten haluat vastata.',
    chooseScore: 'Valitse arvio.',
    required: 'Vastaa tähän kysymykseen.',
    invalidChoice: 'Valitse jokin näytetyistä vaihtoehdoista.',
    tooLong: 'Lyhennä tekstiä. Enimmäispituus on 2 000 merkkiä.',
    consentTextChanged:
      'Vastaustesi käyttöä koskeva teksti on muuttunut sen jälkeen, kun avasit sivun. Lue se uudelleen ja valitse sitten, miten haluat vastata.',

    thanksTitle: 'Kiitos',
    thanksHeading: 'Kiitos vastauksistasi',
    satisfiedBody:
      'Luemme jokaisen vastauksen. Sinun vastauksesi auttaa meitä pitämään kiinni siitä, mikä toimii, ja korjaamaan sen, mikä ei.',
    followUpPromise: (company, by) =>
      `Yrityksen ${company} asiakaspalvelija ottaa sinuun yhteyttä viimeistään ${by}.`,
    followUpAgain: (company) =>
      `Asiaasi hoitanut yrityksen ${company} asiakaspalvelija on saanut vastauksesi ja ottaa sinuun uudelleen yhteyttä.`,
    followUpDetail:
      'Hänellä on vastauksesi käytössään, joten sinun ei tarvitse selittää kaikkea uudelleen.',
    anonymousSorry: 'Olemme pahoillamme, ettei kaikki mennyt hyvin.',
    anonymousNoFollowUp:
      'Vastasit nimettömänä, joten vastaustasi ei yhdistetä sinuun eikä kukaan voi ottaa sinuun yhteyttä sen perusteella. Vastauksesi on silti mukana tuloksissa.',
    contactOfferHeading: 'Haluatko kuitenkin, että otamme sinuun yhteyttä?',
    contactOfferIntro:
      'Jos valitset alla olevan kohdan ja lähetät, kirjaamme suostumuksesi ja ihminen ottaa sinuun yhteyttä tämän asian vuoksi. Voit perua suostumuksen milloin tahansa.',
    contactOfferCheckbox: 'Kyllä, saatte ottaa minuun yhteyttä tästä asiasta',
    contactOfferButton: 'Ottakaa minuun yhteyttä',
    contactRequestedTitle: 'Otamme sinuun yhteyttä',
    contactRequestedHeading: 'Kiitos, otamme sinuun yhteyttä',
    contactRequestedBody: (company) =>
      `Yrityksen ${company} asiakaspalvelija ottaa sinuun yhteyttä vastauksesi johdosta.`,
    contactRequestedWithdraw:
      'Muutitko mielesi? Voit perua suostumuksesi kohdassa ”Palautteesi ja tietosi”.',
    contactWithdrawnBody:
      'Pyysit yhteydenottoa tämän vastauksen vuoksi ja peruit pyynnön, joten sinuun ei oteta yhteyttä asian vuoksi.',

    answeredTitle: 'Olet jo vastannut',
    answeredHeading: 'Olet jo vastannut tähän kyselyyn',
    answeredBody: 'Kiitos! Kyselyyn voi vastata kerran, ja vastauksesi on jo tallessa.',
    tooManyTitle: 'Liian monta yritystä',
    tooManyHeading: 'Odota hetki',
    tooManyBody:
      'Tällä linkillä on yritetty monta kertaa lyhyessä ajassa. Odota muutama minuutti ja avaa linkki sitten uudelleen sähköpostista.',
    expiredTitle: 'Kysely on päättynyt',
    expiredHeading: 'Tämä kysely on päättynyt',
    expiredBody: (company) =>
      `Kyselyyn ei voi enää vastata. Jos haluat silti kertoa jotain, voit ottaa yhteyttä suoraan yritykseen ${company}.`,

    privacyLink: 'Palautteesi ja tietosi',
  },
};
