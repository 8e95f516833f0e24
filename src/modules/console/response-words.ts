import type { Locale } from '../../common/i18n/locale';
import type { ScoreBand } from '../responses/score-bands';

/** The kinds of answer the explorer lists, as its `kind` filter names them. */
export const ANSWER_KINDS = ['identified', 'anonymous'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/**
 * The responses explorer's words in each language (the type check names a table that lacks one):
 * its filters' values and what it says of anonymous answers. The console reads English today
 * (`CONSOLE_LOCALE`); the Finnish is here so that a Finnish console is a setting.
 */
export const SCORE_BAND_WORDS: Record<Locale, Record<ScoreBand, string>> = {
  en: { low: 'Unhappy', mid: 'In between', high: 'Happy' },
  fi: { low: 'Tyytymätön', mid: 'Siltä väliltä', high: 'Tyytyväinen' },
};

/** What each band holds, for the form's choices. */
export const SCORE_BAND_CHOICES: Record<Locale, Record<ScoreBand, string>> = {
  en: {
    low: 'Unhappy (at or below the survey’s threshold)',
    mid: 'In between',
    high: 'Happy (CSAT 4–5, NPS 9–10, CES 6–7)',
  },
  fi: {
    low: 'Tyytymätön (kyselyn rajalla tai alle)',
    mid: 'Siltä väliltä',
    high: 'Tyytyväinen (CSAT 4–5, NPS 9–10, CES 6–7)',
  },
};

export const ANSWER_KIND_WORDS: Record<Locale, Record<AnswerKind, string>> = {
  en: { identified: 'Identified answers', anonymous: 'Anonymous answers' },
  fi: { identified: 'Tunnistetut vastaukset', anonymous: 'Nimettömät vastaukset' },
};

export const COMMENT_CHOICE_WORDS: Record<Locale, Record<'true' | 'false', string>> = {
  en: { true: 'With a comment', false: 'Without a comment' },
  fi: { true: 'Kommentin kanssa', false: 'Ilman kommenttia' },
};

/** Sentences of the explorer's page. */
export interface ExplorerSentences {
  any: string;
  everyone: string;
  fewerThanFive: string;
  /** Why a filter leaves every anonymous answer out. */
  leftOut: Record<'touchpointType' | 'staff', string>;
  anonymousCount: (count: number) => string;
  anonymousHelp: string;
  noIdentified: string;
  agentScope: string;
  erased: string;
  scoreOf: (score: number, max: number) => string;
}

export const EXPLORER_SENTENCES: Record<Locale, ExplorerSentences> = {
  en: {
    any: 'Any',
    everyone: 'Both',
    fewerThanFive:
      'Fewer than 5 anonymous answers match these filters: none is shown, so that no small group of answers can be told apart.',
    leftOut: {
      touchpointType:
        'Anonymous answers keep no touchpoint type: a touchpoint type filter leaves them all out.',
      staff: 'Anonymous answers keep no member of staff: a staff filter leaves them all out.',
    },
    anonymousCount: (count) => `${count} anonymous answers match.`,
    anonymousHelp:
      'Anonymous answers show only their month, survey, score, answers and comment, and count in the period that holds the 16th of their month, as in the reports. An answer is shown only among at least 5 of its survey in its month, and only when at least 5 match.',
    noIdentified: 'No identified answer matches.',
    agentScope: 'The answers of the customers of your team’s cases and of cases not routed yet.',
    erased: 'Erased customer',
    scoreOf: (score, max) => `${score} of ${max}`,
  },
  fi: {
    any: 'Kaikki',
    everyone: 'Molemmat',
    fewerThanFive:
      'Alle 5 nimetöntä vastausta vastaa suodattimia: niitä ei näytetä, jottei pientä vastaajajoukkoa voi erottaa.',
    leftOut: {
      touchpointType:
        'Nimettömiin vastauksiin ei tallenneta kohtaamisen tyyppiä: tyyppisuodatin jättää ne kaikki pois.',
      staff:
        'Nimettömiin vastauksiin ei tallenneta palvellutta työntekijää: työntekijäsuodatin jättää ne kaikki pois.',
    },
    anonymousCount: (count) => `${count} nimetöntä vastausta vastaa suodattimia.`,
    anonymousHelp:
      'Nimettömästä vastauksesta näytetään vain kuukausi, kysely, arvosana, vastaukset ja kommentti, ja se lasketaan jaksoon, johon sen kuukauden 16. päivä osuu, kuten raporteissa. Vastaus näytetään vain, kun kyselyllä on sinä kuukautena vähintään 5 nimetöntä vastausta ja suodattimia vastaa vähintään 5.',
    noIdentified: 'Yksikään tunnistettu vastaus ei vastaa suodattimia.',
    agentScope: 'Tiimisi tapausten ja ohjaamattomien tapausten asiakkaiden vastaukset.',
    erased: 'Poistettu asiakas',
    scoreOf: (score, max) => `${score}/${max}`,
  },
};

/** "November 2026": the month an anonymous answer was given, in the reader's language. */
export function monthWords(month: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
}
