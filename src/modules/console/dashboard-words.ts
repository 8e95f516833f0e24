import type { Locale } from '../../common/i18n/locale';
import type { KpiName } from '../reports/kpis';
import type { DashboardPreset } from './dashboard-presets';

/**
 * The dashboard's and the targets page's words in each language (the type check names a table
 * that lacks one): the KPIs' names, the periods by name, and what a tile says of its figure
 * against the period before and its target. The console reads English today (`CONSOLE_LOCALE`);
 * the Finnish is here so that a Finnish console is a setting, not a rewrite.
 */
export const KPI_WORDS: Record<Locale, Record<KpiName, string>> = {
  en: {
    invitationsSent: 'Invitations sent',
    responses: 'Answers',
    responseRate: 'Response rate',
    commentRate: 'Answers with a comment',
    consentRate: 'Answered as themselves',
    csatSatisfiedPct: 'CSAT satisfied',
    csatMean: 'CSAT mean (1–5)',
    nps: 'NPS',
    dissatisfied: 'Dissatisfied answers',
    dissatisfiedAnonymous: 'Dissatisfied anonymous answers',
    casesOpened: 'Cases opened',
    casesResolved: 'Cases resolved',
    resolutionRate: 'Resolution rate',
    closeTheLoopRate: 'Closed the loop in time',
    medianHoursToFirstContact: 'Median time to first contact',
    medianHoursToResolution: 'Median time to resolution',
    slaFirstContactPct: 'First contact by the deadline',
    slaResolutionPct: 'Resolved by the deadline',
    recoveryAnswers: 'Recovery answers',
    recoveryRate: 'Recovery rate',
  },
  fi: {
    invitationsSent: 'Lähetetyt kutsut',
    responses: 'Vastaukset',
    responseRate: 'Vastausprosentti',
    commentRate: 'Kommentoidut vastaukset',
    consentRate: 'Vastasi omalla nimellään',
    csatSatisfiedPct: 'CSAT tyytyväiset',
    csatMean: 'CSAT keskiarvo (1–5)',
    nps: 'NPS',
    dissatisfied: 'Tyytymättömät vastaukset',
    dissatisfiedAnonymous: 'Tyytymättömät nimettömät vastaukset',
    casesOpened: 'Avatut tapaukset',
    casesResolved: 'Ratkaistut tapaukset',
    resolutionRate: 'Ratkaisuaste',
    closeTheLoopRate: 'Yhteys otettu ajallaan',
    medianHoursToFirstContact: 'Mediaaniaika ensimmäiseen yhteydenottoon',
    medianHoursToResolution: 'Mediaaniaika ratkaisuun',
    slaFirstContactPct: 'Ensimmäinen yhteydenotto määräajassa',
    slaResolutionPct: 'Ratkaistu määräajassa',
    recoveryAnswers: 'Vastaukset jatkokyselyyn',
    recoveryRate: 'Korjattu asiakkaan mielestä',
  },
};

export const PRESET_WORDS: Record<Locale, Record<DashboardPreset, string>> = {
  en: {
    last7: 'Last 7 days',
    last30: 'Last 30 days',
    thisMonth: 'This month',
    lastMonth: 'Last month',
    thisQuarter: 'This quarter',
  },
  fi: {
    last7: 'Viimeiset 7 päivää',
    last30: 'Viimeiset 30 päivää',
    thisMonth: 'Tämä kuukausi',
    lastMonth: 'Viime kuukausi',
    thisQuarter: 'Tämä vuosineljännes',
  },
};

/** What a tile says in words beside its colour: the colour alone would tell no one using a screen reader. */
export interface SignalSentences {
  better: string;
  worse: string;
  same: string;
  /** `target` as the tile writes its figure ("80.0 %"). */
  met: (target: string) => string;
  /** Missed where higher is better. */
  below: (target: string) => string;
  /** Missed where lower is better. */
  above: (target: string) => string;
}

export const SIGNAL_SENTENCES: Record<Locale, SignalSentences> = {
  en: {
    better: 'Better than last period',
    worse: 'Worse than last period',
    same: 'Same as last period',
    met: (target) => `Target ${target} met`,
    below: (target) => `Below target ${target}`,
    above: (target) => `Above target ${target}`,
  },
  fi: {
    better: 'Parempi kuin edellisellä jaksolla',
    worse: 'Huonompi kuin edellisellä jaksolla',
    same: 'Sama kuin edellisellä jaksolla',
    met: (target) => `Tavoite ${target} saavutettu`,
    below: (target) => `Alle tavoitteen ${target}`,
    above: (target) => `Yli tavoitteen ${target}`,
  },
};

/** The words of a target's scope and of the filters' "every" choices. */
export interface ScopeWords {
  anyTouchpoint: string;
  everySurvey: string;
  everyTeam: string;
  company: string;
}

export const SCOPE_WORDS: Record<Locale, ScopeWords> = {
  en: {
    anyTouchpoint: 'Any touchpoint',
    everySurvey: 'Every survey',
    everyTeam: 'Every team',
    company: 'The whole company',
  },
  fi: {
    anyTouchpoint: 'Mikä tahansa kohtaaminen',
    everySurvey: 'Kaikki kyselyt',
    everyTeam: 'Kaikki tiimit',
    company: 'Koko yritys',
  },
};
