import type { Locale } from '../../../common/i18n/locale';

/** The recovery survey's own wording; the rest is the survey page's and the invitation email's. */
export interface RecoveryTexts {
  emailSubject: string;
  emailIntro(companyName: string): string;
  question: string;
  pageHeading: string;
  pageIntro: string;
  /** The ends of the scale under "Did we make it right?", in the email and on the page. */
  scaleLabels: { low: string; high: string };
  /** The email footer's why-you-got-this and what-your-answer-does, in the invitation's place. */
  emailReason(companyName: string): string;
  emailChoice: string;
}

export const RECOVERY_TEXTS: Readonly<Record<Locale, RecoveryTexts>> = {
  en: {
    emailSubject: 'Did we make it right?',
    emailIntro: (companyName) =>
      `You told us things went wrong, and someone from ${companyName} worked to put them right.\n\nWe would like to know if we managed it, and how you want to be served next time.`,
    question: 'Did we make it right?',
    pageHeading: 'Did we make it right?',
    pageIntro:
      'Tell us honestly whether what we did put things right, and how you would like to be served next time.',
    scaleLabels: { low: 'Not at all', high: 'Completely' },
    emailReason: (companyName) =>
      `You told ${companyName} that you were not satisfied, and they worked to put it right.`,
    emailChoice: 'Your answer goes to the people who looked after your feedback.',
  },
  fi: {
    emailSubject: 'Saimmeko asian korjattua?',
    emailIntro: (companyName) =>
      `Kerroit meille, että jokin meni pieleen, ja yrityksen ${companyName} asiakaspalvelija hoiti asiaa.\n\nHaluaisimme tietää, onnistuimmeko, ja miten haluat tulla palvelluksi ensi kerralla.`,
    question: 'Saimmeko asian korjattua?',
    pageHeading: 'Saimmeko asian korjattua?',
    pageIntro:
      'Kerro rehellisesti, korjasiko se, mitä teimme, asian, ja miten haluaisit tulla palvelluksi ensi kerralla.',
    scaleLabels: { low: 'Ei lainkaan', high: 'Täysin' },
    emailReason: (companyName) =>
      `Kerroit yritykselle ${companyName}, ettet ollut tyytyväinen, ja asiaa hoidettiin.`,
    emailChoice: 'Vastauksesi näkevät ne, jotka käsittelivät palautettasi.',
  },
};
