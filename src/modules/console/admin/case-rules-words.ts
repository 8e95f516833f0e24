import type { Locale } from '../../../common/i18n/locale';

/**
 * The routing and priority rules form's words in each language: what a condition is called,
 * what an empty one means, the priorities, and the subjects of its error sentences ("The team of
 * routing rule 2" + the API's "must be the id of a team").
 */
export interface CaseRulesWords {
  route: (n: number) => string;
  priorityRule: (n: number) => string;
  survey: string;
  anySurvey: string;
  touchpointType: string;
  touchpointTypeHint: string;
  locale: string;
  anyLanguage: string;
  /** Language names, in this language. */
  languages: Record<Locale, string>;
  team: string;
  chooseTeam: string;
  /** A team id the settings hold but no team has (one since removed). */
  unknownTeam: string;
  attribute: string;
  attributeHint: string;
  equals: string;
  /** What an error about `equals` calls it: "The value of priority rule 1". */
  value: string;
  priority: string;
  priorities: Record<1 | 2, string>;
  /** "The team of routing rule 2". */
  partOf: (part: string, rule: string) => string;
  calendar: string;
  timeZone: string;
  weekdays: string;
  opensAt: string;
  closesAt: string;
  holidays: string;
  routing: string;
  priorityRules: string;
}

const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export const CASE_RULES_WORDS: Record<Locale, CaseRulesWords> = {
  en: {
    route: (n) => `Routing rule ${n}`,
    priorityRule: (n) => `Priority rule ${n}`,
    survey: 'Survey',
    anySurvey: 'Any survey',
    touchpointType: 'Touchpoint type',
    touchpointTypeHint: 'As the CRM sends it, such as stay or delivery. Empty: any.',
    locale: 'Customer’s language',
    anyLanguage: 'Any language',
    languages: { en: 'English', fi: 'Finnish' },
    team: 'Team',
    chooseTeam: 'Choose a team',
    unknownTeam: 'A team that no longer exists',
    attribute: 'Customer attribute',
    attributeHint: 'As the CRM sends it in the customer’s attributes, such as tier.',
    equals: 'Equals',
    value: 'Value',
    priority: 'Priority',
    priorities: { 1: '1, the most urgent', 2: '2, urgent' },
    partOf: (part, rule) => `The ${lower(part)} of ${lower(rule)}`,
    calendar: 'Business calendar',
    timeZone: 'Time zone',
    weekdays: 'Working days',
    opensAt: 'Opens at',
    closesAt: 'Closes at',
    holidays: 'Holidays',
    routing: 'Routing rules',
    priorityRules: 'Priority rules',
  },
  fi: {
    route: (n) => `Ohjaussääntö ${n}`,
    priorityRule: (n) => `Kiireellisyyssääntö ${n}`,
    survey: 'Kysely',
    anySurvey: 'Mikä tahansa kysely',
    touchpointType: 'Kohtaamisen tyyppi',
    touchpointTypeHint:
      'Kuten CRM sen lähettää, esimerkiksi stay tai delivery. Tyhjä: mikä tahansa.',
    locale: 'Asiakkaan kieli',
    anyLanguage: 'Mikä tahansa kieli',
    languages: { en: 'englanti', fi: 'suomi' },
    team: 'Tiimi',
    chooseTeam: 'Valitse tiimi',
    unknownTeam: 'Tiimi, jota ei enää ole',
    attribute: 'Asiakkaan ominaisuus',
    attributeHint: 'Kuten CRM sen lähettää asiakkaan ominaisuuksissa, esimerkiksi tier.',
    equals: 'On',
    value: 'Arvo',
    priority: 'Kiireellisyys',
    priorities: { 1: '1, kiireellisin', 2: '2, kiireellinen' },
    partOf: (part, rule) => `${rule}: ${lower(part)}`,
    calendar: 'Työaikakalenteri',
    timeZone: 'Aikavyöhyke',
    weekdays: 'Työpäivät',
    opensAt: 'Aukeaa',
    closesAt: 'Sulkeutuu',
    holidays: 'Pyhäpäivät',
    routing: 'Ohjaussäännöt',
    priorityRules: 'Kiireellisyyssäännöt',
  },
};
