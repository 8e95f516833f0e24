import type { Locale } from '../../../common/i18n/locale';
import type {
  ContactPolicy,
  FollowUpPolicy,
  PreferenceOptions,
  QuestionType,
  Scale,
  SurveyTexts,
} from '../../surveys/survey-definition';

type PreferenceGroup = keyof PreferenceOptions;

/** A field's label and the hint under it. */
interface Labelled {
  label: string;
  hint: string;
}

/**
 * The survey builder's words in each language: the scales, kinds of question, the fields of the
 * definition, and the subjects of its error sentences ("Question 2 in Finnish" + the API's "must
 * be text of at most 500 characters under a language tag").
 */
export interface SurveyBuilderWords {
  scales: Record<Scale, string>;
  /** The default "unhappy at or below" of each scale, said as a hint. */
  thresholdHint: string;
  questionTypes: Record<QuestionType, string>;
  /** Language names, in this language. */
  languages: Record<Locale, string>;
  key: Labelled;
  name: string;
  scale: string;
  threshold: string;
  followUp: Record<keyof FollowUpPolicy, Labelled>;
  contactPolicy: Record<keyof ContactPolicy, Labelled>;
  texts: Record<keyof SurveyTexts, string>;
  /** A group of preference options: its heading, and what one of them is called. */
  preferences: Record<PreferenceGroup, { heading: string; item: string }>;
  question: (n: number) => string;
  choice: (n: number, of: string) => string;
  /** "The key of question 2". */
  keyOf: (what: string) => string;
  kindOf: (what: string) => string;
  /** "Question 2 in Finnish". */
  inLanguage: (what: string, language: string) => string;
  /** The subject of an error about the survey as a whole (too many questions). */
  survey: string;
}

export const SURVEY_BUILDER_WORDS: Record<Locale, SurveyBuilderWords> = {
  en: {
    scales: {
      csat5: 'Satisfaction (CSAT), 1 to 5',
      nps: 'Likelihood to recommend (NPS), 0 to 10',
      ces7: 'Effort (CES), 1 to 7',
    },
    thresholdHint:
      'An identified answer at or below this score opens a follow-up case. Leave it empty for the scale’s usual line: 2 on CSAT, 6 on NPS, 3 on CES.',
    questionTypes: {
      single_choice: 'One choice',
      multiple_choice: 'Several choices',
      rating: 'Rating from 1 to 5',
      free_text: 'Free text',
    },
    languages: { en: 'English', fi: 'Finnish' },
    key: {
      label: 'Key',
      hint: 'Lower-case letters, digits, - and _. It names the survey in the API and cannot change later.',
    },
    name: 'Name',
    scale: 'Scale of the score question',
    threshold: 'Unhappy at or below',
    followUp: {
      firstContactHours: {
        label: 'First contact within (business hours)',
        hint: 'How soon a person contacts an unhappy customer. Empty: 24.',
      },
      resolutionHours: {
        label: 'Resolved within (business hours)',
        hint: 'How soon the case is to be resolved. Empty: 240.',
      },
      recoveryDelayHours: {
        label: 'Ask “Did we make it right?” after (hours)',
        hint: 'Hours after a resolution. Empty or 0: at once.',
      },
    },
    contactPolicy: {
      maxInvitations: { label: 'Invitations per customer', hint: 'Empty: 1.' },
      invitationWindowDays: { label: 'Within days', hint: 'Empty: 30.' },
      maxMessages: {
        label: 'Unasked emails per customer',
        hint: 'Invitations and reminders across surveys. Empty: 3.',
      },
      messageWindowDays: { label: 'Within days', hint: 'Empty: 7.' },
      reminderAfterHours: { label: 'Reminder after (hours)', hint: 'Empty: 72.' },
      expiryDays: { label: 'The link expires after (days)', hint: 'Empty: 14.' },
    },
    texts: {
      emailSubject: 'Email subject',
      emailIntro: 'Email introduction',
      scoreQuestion: 'Score question',
      reminderSubject: 'Reminder subject',
    },
    preferences: {
      contexts: { heading: 'Roles the customer comes in', item: 'Role' },
      channels: { heading: 'Channels to be contacted on', item: 'Channel' },
      contactTimes: { heading: 'Times to be contacted at', item: 'Time' },
      interests: { heading: 'Interests', item: 'Interest' },
    },
    question: (n) => `Question ${n}`,
    choice: (n, of) => `Choice ${n} of ${lower(of)}`,
    keyOf: (what) => `The key of ${lower(what)}`,
    kindOf: (what) => `The kind of ${lower(what)}`,
    inLanguage: (what, language) => `${what} in ${language}`,
    survey: 'The survey',
  },
  fi: {
    scales: {
      csat5: 'Tyytyväisyys (CSAT), 1–5',
      nps: 'Suosittelu (NPS), 0–10',
      ces7: 'Vaivattomuus (CES), 1–7',
    },
    thresholdHint:
      'Tunnistettu vastaus, joka on tämä tai pienempi, avaa seurantatapauksen. Tyhjä: asteikon tavallinen raja, CSAT 2, NPS 6, CES 3.',
    questionTypes: {
      single_choice: 'Yksi vaihtoehto',
      multiple_choice: 'Useita vaihtoehtoja',
      rating: 'Arvio 1–5',
      free_text: 'Vapaa teksti',
    },
    languages: { en: 'englanniksi', fi: 'suomeksi' },
    key: {
      label: 'Tunniste',
      hint: 'Pieniä kirjaimia, numeroita, - ja _. Nimeää kyselyn rajapinnassa, eikä sitä voi myöhemmin muuttaa.',
    },
    name: 'Nimi',
    scale: 'Pistekysymyksen asteikko',
    threshold: 'Tyytymätön, kun enintään',
    followUp: {
      firstContactHours: {
        label: 'Ensimmäinen yhteydenotto (työtunteja)',
        hint: 'Kuinka pian tyytymättömään asiakkaaseen otetaan yhteyttä. Tyhjä: 24.',
      },
      resolutionHours: {
        label: 'Ratkaistu (työtunteja)',
        hint: 'Kuinka pian tapaus ratkaistaan. Tyhjä: 240.',
      },
      recoveryDelayHours: {
        label: 'Kysy ”Korjasimmeko asian?” (tunnin kuluttua)',
        hint: 'Tunteja ratkaisun jälkeen. Tyhjä tai 0: heti.',
      },
    },
    contactPolicy: {
      maxInvitations: { label: 'Kutsuja asiakasta kohden', hint: 'Tyhjä: 1.' },
      invitationWindowDays: { label: 'Päivän aikana', hint: 'Tyhjä: 30.' },
      maxMessages: {
        label: 'Pyytämättömiä viestejä asiakasta kohden',
        hint: 'Kutsut ja muistutukset kaikista kyselyistä. Tyhjä: 3.',
      },
      messageWindowDays: { label: 'Päivän aikana', hint: 'Tyhjä: 7.' },
      reminderAfterHours: { label: 'Muistutus (tunnin kuluttua)', hint: 'Tyhjä: 72.' },
      expiryDays: { label: 'Linkki vanhenee (päivän kuluttua)', hint: 'Tyhjä: 14.' },
    },
    texts: {
      emailSubject: 'Sähköpostin aihe',
      emailIntro: 'Sähköpostin johdanto',
      scoreQuestion: 'Pistekysymys',
      reminderSubject: 'Muistutuksen aihe',
    },
    preferences: {
      contexts: { heading: 'Roolit, joissa asiakas asioi', item: 'Rooli' },
      channels: { heading: 'Yhteydenottokanavat', item: 'Kanava' },
      contactTimes: { heading: 'Yhteydenottoajat', item: 'Aika' },
      interests: { heading: 'Kiinnostuksen kohteet', item: 'Kiinnostus' },
    },
    question: (n) => `Kysymys ${n}`,
    choice: (n, of) => `${of}, vaihtoehto ${n}`,
    keyOf: (what) => `${what}: tunniste`,
    kindOf: (what) => `${what}: tyyppi`,
    inLanguage: (what, language) => `${what} ${language}`,
    survey: 'Kysely',
  },
};

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
