import type { Locale } from '../../common/i18n/locale';
import type { Interval } from '../reports/dto/report-filter.dto';
import type { QuestionType } from '../surveys/survey-definition';

/**
 * The per-question results page's words in each language (the type check names a table that
 * lacks one). The console reads English today (`CONSOLE_LOCALE`); the Finnish is here so that a
 * Finnish console is a setting.
 */
export interface QuestionPageWords {
  title: string;
  heading: string;
  filters: string;
  from: string;
  to: string;
  survey: string;
  noSurveys: string;
  touchpointType: string;
  anyTouchpoint: string;
  show: string;
  period: (from: string, to: string) => string;
  fallback: string;
  anonymousNote: string;
  noQuestions: string;
  kinds: Record<QuestionType, string>;
  versions: (list: string) => string;
  and: string;
  answering: (total: string, identified: number, anonymous: string) => string;
  leftOut: (count: string) => string;
  fewerThanFive: string;
  between: (low: number, high: number) => string;
  distribution: (question: string) => string;
  answer: string;
  answers: string;
  share: string;
  identified: string;
  anonymous: string;
  freeText: string;
  trend: (question: string, interval: Interval) => string;
  trendNote: string;
  bucket: Record<Interval, string>;
  answered: string;
  mean: string;
  chartOf: string;
  nobody: string;
}

export const QUESTION_PAGE_WORDS: Record<Locale, QuestionPageWords> = {
  en: {
    title: 'Questions',
    heading: 'What the survey’s questions found',
    filters: 'Filters',
    from: 'From',
    to: 'To (included)',
    survey: 'Survey',
    noSurveys: 'There is no survey yet.',
    touchpointType: 'Touchpoint type',
    anyTouchpoint: 'Any touchpoint',
    show: 'Show',
    period: (from, to) => `${from} to ${to} (whole days, UTC).`,
    fallback: 'Showing the last 30 days instead.',
    anonymousNote:
      'Anonymous answers count in the month they were given. A count of fewer than 5 anonymous answers is not shown, nor is a count that would give it away, and a month in which fewer than 5 answered a question anonymously is left out of it. The trends are drawn from identified answers.',
    noQuestions: 'This survey asks no questions of its own.',
    kinds: {
      single_choice: 'One choice',
      multiple_choice: 'Several choices',
      rating: 'Rating from 1 to 5',
      free_text: 'Free text',
    },
    versions: (list) => `Asked in version ${list}.`,
    and: 'and',
    answering: (total, identified, anonymous) =>
      `${total} answered: ${identified} as themselves, ${anonymous} anonymously.`,
    leftOut: (count) =>
      `${count} anonymous answers are left out: their month had fewer than 5 for this question.`,
    fewerThanFive: 'fewer than 5',
    between: (low, high) => `${low} to ${high}`,
    distribution: (question) => `Answers to “${question}”`,
    answer: 'Answer',
    answers: 'Answers',
    share: 'Share',
    identified: 'Identified',
    anonymous: 'Anonymous',
    freeText: 'Written answers are read in the responses explorer.',
    trend: (question, interval) =>
      `“${question}” ${interval === 'day' ? 'by day' : interval === 'week' ? 'by week' : 'by month'}, identified answers`,
    trendNote: 'Share of those answering each day, week or month; a dash where nobody answered.',
    bucket: { day: 'Day', week: 'Week from', month: 'Month' },
    answered: 'Answered',
    mean: 'Mean',
    chartOf: 'chart of the table',
    nobody: 'Nobody answered this question in the period.',
  },
  fi: {
    title: 'Kysymykset',
    heading: 'Mitä kyselyn kysymykset kertovat',
    filters: 'Rajaukset',
    from: 'Alkaen',
    to: 'Päättyen (mukaan lukien)',
    survey: 'Kysely',
    noSurveys: 'Kyselyjä ei vielä ole.',
    touchpointType: 'Kohtaamisen tyyppi',
    anyTouchpoint: 'Mikä tahansa kohtaaminen',
    show: 'Näytä',
    period: (from, to) => `${from}–${to} (kokonaiset päivät, UTC).`,
    fallback: 'Näytetään sen sijaan viimeiset 30 päivää.',
    anonymousNote:
      'Nimettömät vastaukset lasketaan siihen kuukauteen, jona ne annettiin. Alle viiden nimettömän vastauksen määrää ei näytetä, eikä määrää, josta sen voisi päätellä, ja kuukausi, jona alle viisi vastasi kysymykseen nimettömästi, jätetään siitä pois. Kehitys lasketaan tunnistetuista vastauksista.',
    noQuestions: 'Tässä kyselyssä ei ole omia kysymyksiä.',
    kinds: {
      single_choice: 'Yksi vaihtoehto',
      multiple_choice: 'Useita vaihtoehtoja',
      rating: 'Arvio 1–5',
      free_text: 'Vapaa teksti',
    },
    versions: (list) => `Kysytty versiossa ${list}.`,
    and: 'ja',
    answering: (total, identified, anonymous) =>
      `${total} vastasi: ${identified} omalla nimellään, ${anonymous} nimettömästi.`,
    leftOut: (count) =>
      `${count} nimetöntä vastausta on jätetty pois: niiden kuukautena tähän kysymykseen vastasi alle viisi.`,
    fewerThanFive: 'alle 5',
    between: (low, high) => `${low}–${high}`,
    distribution: (question) => `Vastaukset: ”${question}”`,
    answer: 'Vastaus',
    answers: 'Vastauksia',
    share: 'Osuus',
    identified: 'Tunnistetut',
    anonymous: 'Nimettömät',
    freeText: 'Kirjoitetut vastaukset luetaan vastausten selaimessa.',
    trend: (question, interval) =>
      `”${question}” ${interval === 'day' ? 'päivittäin' : interval === 'week' ? 'viikoittain' : 'kuukausittain'}, tunnistetut vastaukset`,
    trendNote:
      'Osuus kunakin päivänä, viikkona tai kuukautena vastanneista; viiva, kun kukaan ei vastannut.',
    bucket: { day: 'Päivä', week: 'Viikko alkaen', month: 'Kuukausi' },
    answered: 'Vastanneita',
    mean: 'Keskiarvo',
    chartOf: 'kaavio taulukosta',
    nobody: 'Kukaan ei vastannut tähän kysymykseen tällä jaksolla.',
  },
};
