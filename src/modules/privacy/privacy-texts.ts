import type { Locale } from '../../common/i18n/locale';
import type { ConsentPurpose } from '../consent/consent-text.entity';

/** The privacy center's fixed wording; values are filled by the templates' function calls. */
export interface PrivacyTexts {
  title: string;
  heading: string;
  intro(company: string): string;
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
    title: 'Your data and consents',
    heading: 'Your data and consents',
    intro: (company) =>
      `Here you see what you have agreed to with ${company}, change your mind, download everything we hold about you, or have it erased.`,
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
    title: 'Tietosi ja suostumuksesi',
    heading: 'Tietosi ja suostumuksesi',
    intro: (company) =>
      `Täällä näet, mihin olet antanut yritykselle ${company} suostumuksesi, voit muuttaa mielesi, ladata kaikki sinusta tallennetut tiedot tai pyytää niiden poistamista.`,
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
