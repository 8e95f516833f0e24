import type { Locale } from '../../common/i18n/locale';

/**
 * The fixed wording of the survey emails, one entry per locale. Templates see these resolved to
 * plain strings as `t` (see `resolveEmailTexts`); wording that takes a value is a function so each
 * language can put the value where its grammar wants it.
 */
export interface EmailTexts {
  greetingNamed(name: string): string;
  greetingNeutral: string;
  /** First paragraph of the reminder, before the caller's intro. */
  reminderLead: string;
  scoreHint: string;
  scoreAria(score: number, min: number, max: number): string;
  answerSurvey: string;
  /** How long answering takes, from the survey's questions (`estimatedMinutes`). */
  takesAbout(minutes: number): string;
  validUntil(date: string): string;
  signOff: string;
  whyYouGotThis: string;
  reason(companyName: string): string;
  yourChoice: string;
  privacy: string;
  unsubscribe: string;
  followUpSubject: string;
  followUpLead: string;
  /** `by`: the case's first-contact due time, as `deadlineText` writes it. */
  followUpPromise(companyName: string, by: string): string;
  followUpMeanwhile: string;
  followUpReason(companyName: string): string;
  followUpChoice: string;
  /** Under an agent's message, when replies reach the case. */
  caseReplyHint: string;
  caseMessageReason(companyName: string): string;
}

export const EMAIL_TEXTS: Readonly<Record<Locale, EmailTexts>> = {
  en: {
    greetingNamed: (name) => `Hi ${name},`,
    greetingNeutral: 'Hello,',
    reminderLead:
      'We would still like to hear how things went. If you have a moment, your answer helps us do better.',
    scoreHint: 'Choose a number. You can check it and add details on the next page.',
    scoreAria: (score, _min, max) => `Score ${score} of ${max}`,
    answerSurvey: 'Answer the survey',
    takesAbout: (minutes) =>
      `Your answer takes about ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`,
    validUntil: (date) => `This link is personal and works until ${date}.`,
    signOff: 'Thank you,',
    whyYouGotThis: 'Why you got this email',
    reason: (companyName) =>
      `You were recently a customer of ${companyName}, and they would like to know how it went.`,
    yourChoice:
      'On the survey page you decide whether to answer as yourself, so that someone can follow up with you, or anonymously.',
    privacy: 'Your feedback and data',
    unsubscribe: 'Unsubscribe',
    followUpSubject: 'Thank you: we will be in touch',
    followUpLead:
      'Thank you for telling us honestly how it went. We are sorry it was not what you expected.',
    followUpPromise: (companyName, by) =>
      `A person from ${companyName} will contact you by ${by} to hear more and to put things right.`,
    followUpMeanwhile:
      'You do not need to do anything now. If you would rather not be contacted after all, you can withdraw your consent in the privacy center.',
    followUpReason: (companyName) =>
      `You answered a survey from ${companyName} as yourself and were not satisfied.`,
    followUpChoice: 'Your answers are seen only by the people who look after customer feedback.',
    caseReplyHint: 'You can answer simply by replying to this email.',
    caseMessageReason: (companyName) =>
      `You told ${companyName} in a survey that you were not satisfied and agreed to be contacted about it.`,
  },
  fi: {
    greetingNamed: (name) => `Hei ${name},`,
    greetingNeutral: 'Hei,',
    reminderLead:
      'Haluaisimme vielä kuulla, miten asiointisi sujui. Jos sinulla on hetki aikaa, vastauksesi auttaa meitä parantamaan palveluamme.',
    scoreHint: 'Valitse numero. Voit tarkistaa valintasi ja kertoa lisää seuraavalla sivulla.',
    scoreAria: (score, min, max) => `Arvosana ${score} asteikolla ${min}–${max}`,
    answerSurvey: 'Vastaa kyselyyn',
    takesAbout: (minutes) =>
      `Vastaaminen vie noin ${minutes === 1 ? 'minuutin' : `${minutes} minuuttia`}.`,
    validUntil: (date) => `Linkki on henkilökohtainen ja toimii ${date} asti.`,
    signOff: 'Kiitos,',
    whyYouGotThis: 'Miksi sait tämän viestin',
    reason: (companyName) =>
      `Olit hiljattain yrityksen ${companyName} asiakas, ja yritys haluaa tietää, miten asiointisi sujui.`,
    yourChoice:
      'Kyselysivulla päätät itse, vastaatko omalla nimelläsi, jolloin sinuun voidaan olla yhteydessä, vai nimettömänä.',
    privacy: 'Palautteesi ja tietosi',
    unsubscribe: 'Lopeta kyselyviestit',
    followUpSubject: 'Kiitos: olemme sinuun yhteydessä',
    followUpLead:
      'Kiitos, että kerroit rehellisesti, miten asiointisi sujui. Olemme pahoillamme, ettei se vastannut odotuksiasi.',
    followUpPromise: (companyName, by) =>
      `Yrityksen ${companyName} asiakaspalvelija ottaa sinuun yhteyttä viimeistään ${by} kuullakseen lisää ja korjatakseen asian.`,
    followUpMeanwhile:
      'Sinun ei tarvitse tehdä nyt mitään. Jos et sittenkään halua yhteydenottoa, voit perua suostumuksesi tietosuojasivulla.',
    followUpReason: (companyName) =>
      `Vastasit yrityksen ${companyName} kyselyyn omalla nimelläsi etkä ollut tyytyväinen.`,
    followUpChoice: 'Vastauksesi näkevät vain asiakaspalautetta käsittelevät henkilöt.',
    caseReplyHint: 'Voit vastata yksinkertaisesti vastaamalla tähän viestiin.',
    caseMessageReason: (companyName) =>
      `Kerroit yrityksen ${companyName} kyselyssä, ettet ollut tyytyväinen, ja hyväksyit yhteydenoton asiasta.`,
  },
};

/** The wording for one email, every entry a plain string, as the templates see it under `t`. */
export interface ResolvedEmailTexts {
  greeting: string;
  reminderLead: string;
  scoreHint: string;
  answerSurvey: string;
  takesAbout: string;
  validUntil: string;
  signOff: string;
  whyYouGotThis: string;
  reason: string;
  yourChoice: string;
  privacy: string;
  unsubscribe: string;
}

/** Looks up a locale, failing clearly for one the dictionary lacks (a caller outside the types). */
export function emailTextsFor(locale: string): EmailTexts {
  if (!Object.hasOwn(EMAIL_TEXTS, locale)) {
    throw new Error(
      `No email texts for locale "${locale}" (have: ${Object.keys(EMAIL_TEXTS).join(', ')})`,
    );
  }
  return EMAIL_TEXTS[locale as Locale];
}

export function resolveEmailTexts(
  texts: EmailTexts,
  values: { customerName: string | null; companyName: string; expiresOn: string; minutes: number },
): ResolvedEmailTexts {
  return {
    greeting: values.customerName
      ? texts.greetingNamed(values.customerName)
      : texts.greetingNeutral,
    reminderLead: texts.reminderLead,
    scoreHint: texts.scoreHint,
    answerSurvey: texts.answerSurvey,
    takesAbout: texts.takesAbout(values.minutes),
    validUntil: texts.validUntil(values.expiresOn),
    signOff: texts.signOff,
    whyYouGotThis: texts.whyYouGotThis,
    reason: texts.reason(values.companyName),
    yourChoice: texts.yourChoice,
    privacy: texts.privacy,
    unsubscribe: texts.unsubscribe,
  };
}
