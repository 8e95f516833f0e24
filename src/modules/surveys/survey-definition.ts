/** The content of a survey version, as stored in jsonb and validated by the DTOs. */

import type { Locale } from '../../common/i18n/locale';

export const SCALES = ['csat5', 'nps', 'ces7'] as const;
export type Scale = (typeof SCALES)[number];

export const SCALE_RANGE: Record<Scale, { min: number; max: number }> = {
  csat5: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
  ces7: { min: 1, max: 7 },
};

/** API.md: csat5 ≤ 2, nps ≤ 6, ces7 ≤ 3. */
export const DEFAULT_DISSATISFIED_AT_OR_BELOW: Record<Scale, number> = {
  csat5: 2,
  nps: 6,
  ces7: 3,
};

/** How many questions and choices a survey may have (the DTOs' limits, and the builder's). */
export const SURVEY_LIMITS = { questions: 30, options: 50, preferenceOptions: 30 } as const;

export const QUESTION_TYPES = ['single_choice', 'multiple_choice', 'rating', 'free_text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Texts keyed by locale (`en`, `fi`, …); English is required as the fallback. */
export type LocalisedText = Record<string, string>;

export interface ChoiceOption {
  value: string;
  label: LocalisedText;
}

export interface Question {
  id: string;
  type: QuestionType;
  label: LocalisedText;
  options?: ChoiceOption[];
  required?: boolean;
}

/** The forward-looking part: how, where and in which roles the customer wants to be served. */
export interface PreferenceOptions {
  contexts: ChoiceOption[];
  channels: ChoiceOption[];
  contactTimes: ChoiceOption[];
  interests: ChoiceOption[];
}

export interface FollowUpPolicy {
  firstContactHours: number;
  resolutionHours: number;
  /** Hours after a resolution before the recovery survey goes out (versions before it: 0). */
  recoveryDelayHours?: number;
}

/**
 * How hard Candor may press one customer with contact they did not ask for (invitations and
 * reminders); the dialogue they asked for (thank-you, agent emails, recovery) is never counted.
 */
export interface ContactPolicy {
  maxInvitations: number;
  invitationWindowDays: number;
  /** Invitations and reminders per `messageWindowDays`, across surveys. */
  maxMessages: number;
  messageWindowDays: number;
  reminderAfterHours: number;
  expiryDays: number;
}

export interface SurveyTexts {
  /** Email subject; `{{company}}` and `{{touchpoint}}` may appear. */
  emailSubject: string;
  emailIntro: string;
  /** The score question shown with the one-click buttons. */
  scoreQuestion: string;
  reminderSubject: string;
}

export const DEFAULT_FOLLOW_UP: FollowUpPolicy = {
  firstContactHours: 24,
  resolutionHours: 240,
  recoveryDelayHours: 0,
};

export const DEFAULT_CONTACT_POLICY: ContactPolicy = {
  maxInvitations: 1,
  invitationWindowDays: 30,
  maxMessages: 3,
  messageWindowDays: 7,
  reminderAfterHours: 72,
  expiryDays: 14,
};

export const DEFAULT_TEXTS: Record<Locale, SurveyTexts> = {
  en: {
    emailSubject: 'How did we do?',
    emailIntro:
      'We would like to hear how it went. Your answer goes to the people who can put things right, and you choose whether to answer as yourself or anonymously.',
    scoreQuestion: 'How satisfied were you?',
    reminderSubject: 'A reminder: how did we do?',
  },
  fi: {
    emailSubject: 'Miten onnistuimme?',
    emailIntro:
      'Haluaisimme kuulla, miten asiointisi sujui. Vastauksesi menee ihmisille, jotka voivat korjata asiat, ja voit valita, vastaatko omalla nimelläsi vai nimettömänä.',
    scoreQuestion: 'Kuinka tyytyväinen olit?',
    reminderSubject: 'Muistutus: miten onnistuimme?',
  },
};
