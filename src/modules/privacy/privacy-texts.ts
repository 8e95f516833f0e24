import type { Locale } from '../../common/i18n/locale';
import type { CaseStatus } from '../cases/case-states';
import type { ConsentPurpose } from '../consent/consent-text.entity';

/** The privacy center's fixed wording; values are filled by the templates' function calls. */
export interface PrivacyTexts {
  title: string;
  heading: string;
  intro(company: string): string;
  answersHeading: string;
  noAnswers: string;
  /** "Your stay with us, 20 November 2026". */
  answered(survey: string, date: string): string;
  contactRequested(date: string): string;
  score(score: number, max: number): string;
  yourComment: string;
  /** What became of it, in plain words: `by` is the first-contact deadline, `date` the resolution's. */
  caseStatus: {
    [S in CaseStatus]: (when: { by: string; date: string | null }) => string;
  };
  whatWasDone: string;
  fromUs(date: string): string;
  fromYou(date: string): string;
  replyLabel: string;
  replyButton: string;
  replySubject: string;
  replyMissing: string;
  notResolvedLabel: string;
  notResolvedButton: string;
  notResolvedSubject: string;
  repliedNotice: string;
  reopenedNotice: string;
  caseEndedNotice: string;
  consentsHeading: string;
  noConsents: string;
  purpose: Record<ConsentPurpose, string>;
  given(date: string, version: number): string;
  withdrawn(date: string): string;
  withdraw: string;
  withdrawHint: string;
  withdrawnNotice: string;
  dataHeading: string;
  dataIntro: string;
  download: string;
  eraseHeading: string;
  eraseIntro: string;
  eraseConfirm: string;
  eraseButton: string;
  eraseConfirmMissing: string;
  erasedTitle: string;
  erasedHeading: string;
  erasedBody(company: string): string;
}

export const PRIVACY_TEXTS: Record<Locale, PrivacyTexts> = {
  en: {
    title: 'Your feedback',
    heading: 'Your feedback',
    intro: (company) =>
      `Here you see what you told ${company} and what became of it. You can answer, change your mind about what you agreed to, download everything we hold about you, or have it erased.`,
    answersHeading: 'What you told us',
    noAnswers:
      'You have not answered a survey as yourself. Answers you gave anonymously are not shown here: nothing links them to you.',
    answered: (survey, date) => `${survey}, ${date}`,
    contactRequested: (date) => `You asked us to contact you, ${date}`,
    score: (score, max) => `Your score: ${score} of ${max}`,
    yourComment: 'Your comment',
    caseStatus: {
      open: ({ by }) => `Received. A person will contact you by ${by}.`,
      assigned: () => 'Someone is on it.',
      contacted: () => 'Someone is on it and in touch with you.',
      resolved: ({ date }) => `Resolved on ${date}.`,
      closed: ({ date }) => (date ? `Resolved on ${date}, and closed.` : 'Closed.'),
      withdrawn: () => 'Closed: you withdrew your consent, so nobody will contact you about it.',
    },
    whatWasDone: 'What was done',
    fromUs: (date) => `From us, ${date}`,
    fromYou: (date) => `From you, ${date}`,
    replyLabel: 'Write to us',
    replyButton: 'Send',
    replySubject: 'Message from Your feedback',
    replyMissing: 'Write your message before sending it.',
    notResolvedLabel: 'What is still not right? (optional)',
    notResolvedButton: 'This is not resolved',
    notResolvedSubject: 'Not resolved',
    repliedNotice: 'Sent: the person looking after your case has your message.',
    reopenedNotice:
      'Done: your case is open again, and the person looking after it has your words.',
    caseEndedNotice: 'This case can no longer take messages.',
    consentsHeading: 'What you have agreed to',
    noConsents:
      'You have not agreed to anything: your answers, if any, were anonymous and nothing links them to you.',
    purpose: {
      identified_feedback: 'Answering surveys as yourself, so that someone can follow up with you',
      future_contact: 'Being contacted about an answer you gave anonymously',
    },
    given: (date, version) => `Given on ${date} (text version ${version}).`,
    withdrawn: (date) => `Withdrawn on ${date}.`,
    withdraw: 'Withdraw',
    withdrawHint:
      'Your answers are then kept only without your name, and nobody will contact you about them.',
    withdrawnNotice: 'Done: your consent is withdrawn.',
    dataHeading: 'Your data',
    dataIntro:
      'Download everything we hold about you: your details, consents, invitations, answers, preferences and the emails we sent.',
    download: 'Download my data (JSON)',
    eraseHeading: 'Erase me',
    eraseIntro:
      'We delete your details, consents, preferences and emails, and keep your answers only without your name, so totals stay right. We keep a scrambled form of your address so that we never email you again. This cannot be undone.',
    eraseConfirm: 'I understand that this cannot be undone',
    eraseButton: 'Erase my data',
    eraseConfirmMissing: 'Tick the box to confirm that you want your data erased.',
    erasedTitle: 'Your data is erased',
    erasedHeading: 'Your data is erased',
    erasedBody: (company) =>
      `${company} no longer holds your details. This link no longer works, and we will not email you again.`,
  },
  fi: {
    title: 'Palautteesi',
    heading: 'Palautteesi',
    intro: (company) =>
      `Täällä näet, mitä kerroit yritykselle ${company} ja mitä sille tehtiin. Voit vastata, muuttaa mieltäsi antamistasi suostumuksista, ladata kaikki sinusta tallennetut tiedot tai pyytää niiden poistamista.`,
    answersHeading: 'Mitä kerroit meille',
    noAnswers:
      'Et ole vastannut kyselyyn omalla nimelläsi. Nimettömiä vastauksiasi ei näytetä täällä: mikään ei yhdistä niitä sinuun.',
    answered: (survey, date) => `${survey}, ${date}`,
    contactRequested: (date) => `Pyysit yhteydenottoa, ${date}`,
    score: (score, max) => `Arviosi: ${score}/${max}`,
    yourComment: 'Kommenttisi',
    caseStatus: {
      open: ({ by }) =>
        `Vastaanotettu. Asiakaspalvelijamme ottaa sinuun yhteyttä viimeistään ${by}.`,
      assigned: () => 'Asiaasi hoidetaan.',
      contacted: () => 'Asiaasi hoidetaan, ja olemme yhteydessä sinuun.',
      resolved: ({ date }) => `Ratkaistu ${date}.`,
      closed: ({ date }) => (date ? `Ratkaistu ${date} ja suljettu.` : 'Suljettu.'),
      withdrawn: () =>
        'Suljettu: peruit suostumuksesi, joten sinuun ei oteta yhteyttä asian vuoksi.',
    },
    whatWasDone: 'Mitä teimme',
    fromUs: (date) => `Meiltä, ${date}`,
    fromYou: (date) => `Sinulta, ${date}`,
    replyLabel: 'Kirjoita meille',
    replyButton: 'Lähetä',
    replySubject: 'Viesti Palautteesi-sivulta',
    replyMissing: 'Kirjoita viestisi ennen lähettämistä.',
    notResolvedLabel: 'Mikä ei vieläkään ole kunnossa? (vapaaehtoinen)',
    notResolvedButton: 'Asia ei ole ratkennut',
    notResolvedSubject: 'Ei ratkennut',
    repliedNotice: 'Lähetetty: asiaasi hoitava henkilö on saanut viestisi.',
    reopenedNotice: 'Valmis: asiasi on taas avoinna, ja sitä hoitava henkilö on saanut viestisi.',
    caseEndedNotice: 'Tähän asiaan ei voi enää lähettää viestejä.',
    consentsHeading: 'Mihin olet suostunut',
    noConsents:
      'Et ole antanut suostumuksia: mahdolliset vastauksesi olivat nimettömiä, eikä mikään yhdistä niitä sinuun.',
    purpose: {
      identified_feedback:
        'Kyselyihin vastaaminen omalla nimelläsi, jotta sinuun voidaan olla yhteydessä',
      future_contact: 'Yhteydenotto nimettömänä antamasi vastauksen vuoksi',
    },
    given: (date, version) => `Annettu ${date} (tekstiversio ${version}).`,
    withdrawn: (date) => `Peruttu ${date}.`,
    withdraw: 'Peru suostumus',
    withdrawHint:
      'Vastauksesi säilytetään silloin ilman nimeäsi, eikä sinuun oteta niiden vuoksi yhteyttä.',
    withdrawnNotice: 'Valmis: suostumuksesi on peruttu.',
    dataHeading: 'Tietosi',
    dataIntro:
      'Lataa kaikki sinusta tallennetut tiedot: yhteystietosi, suostumuksesi, kutsut, vastauksesi, toiveesi ja lähettämämme viestit.',
    download: 'Lataa tietoni (JSON)',
    eraseHeading: 'Poista tietoni',
    eraseIntro:
      'Poistamme yhteystietosi, suostumuksesi, toiveesi ja viestit ja säilytämme vastauksesi vain ilman nimeäsi, jotta tilastot pysyvät oikeina. Säilytämme osoitteestasi salatun tunnisteen, jotta emme enää lähetä sinulle viestejä. Poistoa ei voi perua.',
    eraseConfirm: 'Ymmärrän, ettei poistoa voi perua',
    eraseButton: 'Poista tietoni',
    eraseConfirmMissing: 'Vahvista poisto valitsemalla ruutu.',
    erasedTitle: 'Tietosi on poistettu',
    erasedHeading: 'Tietosi on poistettu',
    erasedBody: (company) =>
      `Yrityksellä ${company} ei ole enää tietojasi. Tämä linkki ei enää toimi, emmekä lähetä sinulle enää viestejä.`,
  },
};
