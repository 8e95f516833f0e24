import type { Locale } from '../../common/i18n/locale';

/** The leaderboard page's words in each language (the console reads `CONSOLE_LOCALE`). */
export interface LeaderboardWords {
  title: string;
  heading: string;
  /** How the ranking works, with the minimum number of CSAT answers. */
  intro: (minAnswers: number) => string;
  staffNote: string;
  /** The period shown: its first and last day. */
  period: (from: string, to: string) => string;
  from: string;
  to: string;
  survey: string;
  allSurveys: string;
  minAnswers: string;
  show: string;
  showingDefault: string;
  locations: string;
  staff: string;
  rank: string;
  location: string;
  person: string;
  satisfied: string;
  mean: string;
  answers: string;
  noLocations: (minAnswers: number) => string;
  noStaff: (minAnswers: number) => string;
  back: string;
}

export const LEADERBOARD_WORDS: Record<Locale, LeaderboardWords> = {
  en: {
    title: 'Leaderboard',
    heading: 'Where customers were happiest',
    intro: (n) =>
      `Locations and staff ranked by CSAT: first by the share of answers scoring 4 or 5, then by the mean score. Only those with at least ${n} CSAT ${n === 1 ? 'answer' : 'answers'} in the period are ranked.`,
    staffNote:
      'Staff figures count the answers customers gave as themselves: an anonymous answer never names who served them.',
    period: (from, to) => `${from} to ${to} (whole days, UTC).`,
    from: 'From',
    to: 'To (included)',
    survey: 'Survey',
    allSurveys: 'All surveys',
    minAnswers: 'At least this many CSAT answers',
    show: 'Show',
    showingDefault: 'Showing the last 30 days instead.',
    locations: 'Locations',
    staff: 'Staff',
    rank: 'Rank',
    location: 'Location',
    person: 'Member of staff',
    satisfied: 'Satisfied (4–5)',
    mean: 'Mean (1–5)',
    answers: 'CSAT answers',
    noLocations: (n) =>
      `No location has ${n} CSAT ${n === 1 ? 'answer' : 'answers'} in this period.`,
    noStaff: (n) =>
      `No member of staff has ${n} CSAT ${n === 1 ? 'answer' : 'answers'} in this period.`,
    back: 'Back to the dashboard',
  },
  fi: {
    title: 'Tulostaulukko',
    heading: 'Missä asiakkaat olivat tyytyväisimpiä',
    intro: (n) =>
      `Toimipaikat ja henkilökunta asiakastyytyväisyyden (CSAT) mukaan: ensin arvosanan 4 tai 5 antaneiden osuuden, sitten keskiarvon mukaan. Mukana ovat vain ne, joilla on jaksolla vähintään ${n} CSAT-${n === 1 ? 'vastaus' : 'vastausta'}.`,
    staffNote:
      'Henkilökunnan luvuissa ovat mukana vain asiakkaiden omalla nimellään antamat vastaukset: nimetön vastaus ei koskaan kerro, kuka asiakasta palveli.',
    period: (from, to) => `${from}–${to} (kokonaiset päivät, UTC).`,
    from: 'Alkaen',
    to: 'Päättyen (mukaan lukien)',
    survey: 'Kysely',
    allSurveys: 'Kaikki kyselyt',
    minAnswers: 'Vähintään näin monta CSAT-vastausta',
    show: 'Näytä',
    showingDefault: 'Näytetään sen sijaan viimeiset 30 päivää.',
    locations: 'Toimipaikat',
    staff: 'Henkilökunta',
    rank: 'Sija',
    location: 'Toimipaikka',
    person: 'Työntekijä',
    satisfied: 'Tyytyväisiä (4–5)',
    mean: 'Keskiarvo (1–5)',
    answers: 'CSAT-vastauksia',
    noLocations: (n) => `Yhdelläkään toimipaikalla ei ole tällä jaksolla ${n} CSAT-vastausta.`,
    noStaff: (n) => `Yhdelläkään työntekijällä ei ole tällä jaksolla ${n} CSAT-vastausta.`,
    back: 'Takaisin kojelautaan',
  },
};
