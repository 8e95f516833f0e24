import type { Locale } from '../../common/i18n/locale';
import type { CaseEventType } from '../cases/case-event.entity';
import type { CaseStatus } from '../cases/case-states';
import type { ConsentPurpose } from '../consent/consent-text.entity';
import type { CONTACT_CHANNELS } from '../cases/dto/case-actions.dto';

type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/**
 * The words the console shows for a case's keys: statuses, timeline entries and contact channels,
 * in each language (the type check names a table that lacks one). The console reads English
 * today; the Finnish is here so a Finnish console is a setting, not a rewrite.
 */
export const CASE_STATUS_WORDS: Record<Locale, Record<CaseStatus, string>> = {
  en: {
    open: 'Waiting for an agent',
    assigned: 'Assigned',
    contacted: 'Customer contacted',
    resolved: 'Resolved, waiting for the customer',
    closed: 'Closed',
    withdrawn: 'Withdrawn',
  },
  fi: {
    open: 'Odottaa käsittelijää',
    assigned: 'Otettu käsittelyyn',
    contacted: 'Asiakkaaseen otettu yhteyttä',
    resolved: 'Ratkaistu, odottaa asiakasta',
    closed: 'Suljettu',
    withdrawn: 'Peruttu',
  },
};

export const CASE_EVENT_WORDS: Record<Locale, Record<CaseEventType, string>> = {
  en: {
    created: 'Case opened',
    claimed: 'Claimed',
    assigned: 'Assigned',
    note: 'Note',
    contact_logged: 'Contact logged',
    message_sent: 'Email sent',
    reply_received: 'Customer replied',
    resolved: 'Resolved',
    reopened: 'Reopened',
    withdrawn: 'Withdrawn',
    escalated: 'Escalated',
    recovery_requested: 'Recovery survey sent',
    recovery_skipped: 'Recovery survey not sent',
    recovery_answered: 'Customer answered the recovery survey',
    closed: 'Closed',
    external_ref_set: 'CRM ticket linked',
  },
  fi: {
    created: 'Tapaus avattu',
    claimed: 'Otettu käsittelyyn',
    assigned: 'Osoitettu',
    note: 'Muistiinpano',
    contact_logged: 'Yhteydenotto kirjattu',
    message_sent: 'Sähköposti lähetetty',
    reply_received: 'Asiakas vastasi',
    resolved: 'Ratkaistu',
    reopened: 'Avattu uudelleen',
    withdrawn: 'Peruttu',
    escalated: 'Eskaloitu',
    recovery_requested: 'Jatkokysely lähetetty',
    recovery_skipped: 'Jatkokyselyä ei lähetetty',
    recovery_answered: 'Asiakas vastasi jatkokyselyyn',
    closed: 'Suljettu',
    external_ref_set: 'CRM-tiketti linkitetty',
  },
};

export const CONTACT_CHANNEL_WORDS: Record<Locale, Record<ContactChannel, string>> = {
  en: {
    phone: 'Phone call',
    sms: 'Text message',
    meeting: 'Meeting',
    email: 'Email',
    chat: 'Chat',
    other: 'Other',
  },
  fi: {
    phone: 'Puhelu',
    sms: 'Tekstiviesti',
    meeting: 'Tapaaminen',
    email: 'Sähköposti',
    chat: 'Chat',
    other: 'Muu',
  },
};

/** Who acted, when it was an integration (an API key) rather than a person: "Acme CRM (integration)". */
export const INTEGRATION_ACTOR_WORDS: Record<Locale, (name: string) => string> = {
  en: (name) => `${name} (integration)`,
  fi: (name) => `${name} (integraatio)`,
};

/** The console's language until users choose one. */
export const CONSOLE_LOCALE: Locale = 'en';

export function caseStatusWords(status: CaseStatus, locale: Locale = CONSOLE_LOCALE): string {
  return CASE_STATUS_WORDS[locale][status];
}

export const CONSENT_PURPOSE_WORDS: Record<Locale, Record<ConsentPurpose, string>> = {
  en: { identified_feedback: 'Answer as themselves', future_contact: 'Be contacted later' },
  fi: { identified_feedback: 'Vastata omalla nimellään', future_contact: 'Yhteydenotot myöhemmin' },
};

export const CONSENT_ACTION_WORDS: Record<Locale, Record<'granted' | 'withdrawn', string>> = {
  en: { granted: 'agreed', withdrawn: 'withdrawn' },
  fi: { granted: 'hyväksytty', withdrawn: 'peruttu' },
};

/** A consent's purpose in words (a purpose this version does not know reads as itself). */
export function consentPurposeWords(purpose: string, locale: Locale = CONSOLE_LOCALE): string {
  const words: Record<string, string> = CONSENT_PURPOSE_WORDS[locale];
  return words[purpose] ?? purpose.replace(/_/g, ' ');
}

export function consentActionWords(action: string, locale: Locale = CONSOLE_LOCALE): string {
  const words: Record<string, string> = CONSENT_ACTION_WORDS[locale];
  return words[action] ?? action;
}
