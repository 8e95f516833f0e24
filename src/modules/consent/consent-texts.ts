import { LOCALES, type Locale } from '../../common/i18n/locale';
import type { ConsentPurpose } from './consent-text.entity';

/**
 * The words customers agree to, per purpose, version and locale. `{company}` is replaced by the
 * company's name when shown (the stored text keeps the placeholder, so one row serves every
 * deployment's name and the hash proves the wording). NEVER edit a published text: add a new
 * version instead; the app refuses to start if a stored version's words changed.
 */
/** A stored consent text's words as customers read them: with the company's name filled in. */
export function consentWording(storedBody: string, companyName: string): string {
  return storedBody.replaceAll('{company}', companyName);
}

export interface ConsentTextSource {
  purpose: ConsentPurpose;
  version: number;
  locale: Locale;
  /** Paragraphs separated by a blank line. */
  body: string;
}

/** Each version's paragraphs in every locale, so a version cannot be published half translated. */
const WORDING: Record<ConsentPurpose, Record<number, Record<Locale, string[]>>> = {
  identified_feedback: {
    1: {
      en: [
        'If you answer as yourself, your answers are linked to your name and email address. The people at {company} who look after customer feedback will see them, and no one else.',
        'We ask so that we can put things right for you personally, and serve you better next time in the ways you tell us. If you are not happy, a person will contact you.',
        'You can withdraw this at any time from the link at the bottom of this page or of our emails. Your answers are then kept only without your name, and nobody will contact you about them.',
      ],
      fi: [
        'Jos vastaat omalla nimelläsi, vastauksesi yhdistetään nimeesi ja sähköpostiosoitteeseesi. Niitä näkevät vain ne {company}n työntekijät, jotka käsittelevät asiakaspalautetta.',
        'Kysymme tätä, jotta voimme korjata asiat juuri sinun kohdallasi ja palvella sinua ensi kerralla paremmin niillä tavoilla, jotka kerrot meille. Jos et ole tyytyväinen, otamme sinuun yhteyttä.',
        'Voit perua suostumuksesi milloin tahansa tämän sivun tai viestiemme alareunan linkistä. Vastauksesi säilytetään silloin ilman nimeäsi, eikä sinuun oteta niiden vuoksi yhteyttä.',
      ],
    },
  },
  future_contact: {
    1: {
      en: [
        'You answered anonymously, so we cannot see who you are. If you would like a person from {company} to contact you about your experience, tell us here: we will then use your name and email address for that contact only.',
        'You can withdraw this at any time from the link at the bottom of this page or of our emails.',
      ],
      fi: [
        'Vastasit nimettömänä, joten emme näe, kuka olet. Jos haluat, että {company}n työntekijä ottaa sinuun yhteyttä kokemuksestasi, kerro se tässä: käytämme silloin nimeäsi ja sähköpostiosoitettasi vain tähän yhteydenottoon.',
        'Voit perua tämän milloin tahansa tämän sivun tai viestiemme alareunan linkistä.',
      ],
    },
  },
};

export const CONSENT_TEXTS: ConsentTextSource[] = Object.entries(WORDING).flatMap(
  ([purpose, versions]) =>
    Object.entries(versions).flatMap(([version, paragraphs]) =>
      LOCALES.map((locale) => ({
        purpose: purpose as ConsentPurpose,
        version: Number(version),
        locale,
        body: paragraphs[locale].join('\n\n'),
      })),
    ),
);
