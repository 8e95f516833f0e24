import type { ConsentPurpose } from './consent-text.entity';

/**
 * The words customers agree to, per purpose, version and locale. `{company}` is replaced by the
 * company's name when shown (the stored text keeps the placeholder, so one row serves every
 * deployment's name and the hash proves the wording). NEVER edit a published text: add a new
 * version instead; the app refuses to start if a stored version's words changed.
 */
export interface ConsentTextSource {
  purpose: ConsentPurpose;
  version: number;
  locale: 'en' | 'fi';
  /** Paragraphs separated by a blank line. */
  body: string;
}

export const CONSENT_TEXTS: ConsentTextSource[] = [
  {
    purpose: 'identified_feedback',
    version: 1,
    locale: 'en',
    body: [
      'If you answer as yourself, your answers are linked to your name and email address. The people at {company} who look after customer feedback will see them, and no one else.',
      'We ask so that we can put things right for you personally, and serve you better next time in the ways you tell us. If you are not happy, a person will contact you.',
      'You can withdraw this at any time from the link at the bottom of this page or of our emails. Your answers are then kept only without your name, and nobody will contact you about them.',
    ].join('\n\n'),
  },
  {
    purpose: 'identified_feedback',
    version: 1,
    locale: 'fi',
    body: [
      'Jos vastaat omalla nimelläsi, vastauksesi yhdistetään nimeesi ja sähköpostiosoitteeseesi. Niitä näkevät vain ne {company}n työntekijät, jotka käsittelevät asiakaspalautetta.',
      'Kysymme tätä, jotta voimme korjata asiat juuri sinun kohdallasi ja palvella sinua ensi kerralla paremmin niillä tavoilla, jotka kerrot meille. Jos et ole tyytyväinen, otamme sinuun yhteyttä.',
      'Voit perua suostumuksesi milloin tahansa tämän sivun tai viestiemme alareunan linkistä. Vastauksesi säilytetään silloin ilman nimeäsi, eikä sinuun oteta niiden vuoksi yhteyttä.',
    ].join('\n\n'),
  },
  {
    purpose: 'future_contact',
    version: 1,
    locale: 'en',
    body: [
      'You answered anonymously, so we cannot see who you are. If you would like a person from {company} to contact you about your experience, tell us here: we will then use your name and email address for that contact only.',
      'You can withdraw this at any time from the link at the bottom of this page or of our emails.',
    ].join('\n\n'),
  },
  {
    purpose: 'future_contact',
    version: 1,
    locale: 'fi',
    body: [
      'Vastasit nimettömänä, joten emme näe, kuka olet. Jos haluat, että {company}n työntekijä ottaa sinuun yhteyttä kokemuksestasi, kerro se tässä: käytämme silloin nimeäsi ja sähköpostiosoitettasi vain tähän yhteydenottoon.',
      'Voit perua tämän milloin tahansa tämän sivun tai viestiemme alareunan linkistä.',
    ].join('\n\n'),
  },
];
