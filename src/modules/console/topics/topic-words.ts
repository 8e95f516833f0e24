import type { Locale } from '../../../common/i18n/locale';
import type { RetagProgress } from '../../topics/topic-retag';

/**
 * The topics pages' words in each language (the type check names a table that lacks one). The
 * console reads English today (`CONSOLE_LOCALE`); the Finnish is here so a Finnish console is a
 * setting, not a rewrite.
 */
export const RETAG_WORDS: Record<Locale, Record<RetagProgress['status'], string>> = {
  en: {
    idle: 'No comment has been tagged yet.',
    waiting: 'Waiting to re-tag every comment.',
    running: 'Re-tagging every comment',
    done: 'Every comment is tagged by the current rules.',
  },
  fi: {
    idle: 'Kommentteja ei ole vielä luokiteltu.',
    waiting: 'Odottaa kaikkien kommenttien uudelleenluokittelua.',
    running: 'Kaikkia kommentteja luokitellaan uudelleen',
    done: 'Kaikki kommentit on luokiteltu nykyisillä säännöillä.',
  },
};

/** A score's scale in words, beside a mean of it. */
export const SCALE_WORDS: Record<Locale, Record<string, string>> = {
  en: { csat5: 'CSAT 1–5', nps: 'NPS 0–10', ces7: 'CES 1–7' },
  fi: { csat5: 'CSAT 1–5', nps: 'NPS 0–10', ces7: 'CES 1–7' },
};

/** What a finished admin form says on the list (`?done=…`). */
export const TOPIC_DONE_WORDS: Record<Locale, Record<'saved' | 'deleted' | 'retag', string>> = {
  en: {
    saved: 'The topic is saved. Comments are re-tagged in the background when its rules changed.',
    deleted: 'The topic is deleted, and with it what it tagged.',
    retag: 'Every comment will be tagged again by the current rules.',
  },
  fi: {
    saved:
      'Aihe on tallennettu. Kommentit luokitellaan taustalla uudelleen, jos sen säännöt muuttuivat.',
    deleted: 'Aihe on poistettu, ja sen mukana sen luokittelut.',
    retag: 'Kaikki kommentit luokitellaan uudelleen nykyisillä säännöillä.',
  },
};

/** The pages' headings, labels and explanations. */
export const TOPIC_PAGE_WORDS: Record<Locale, Record<string, string>> = {
  en: {
    adminTitle: 'Topics',
    adminIntro:
      'A topic is what a comment is about. Give each one words and phrases per language: a comment that says any of them is about the topic. Words match their inflections (“rooms” is “room”, “huoneessa” is “huone”); a phrase matches its words in order; a word ending in * matches every word that starts so (“aamiai*”).',
    add: 'Add a topic',
    topic: 'Topic',
    inFinnish: 'In Finnish',
    rules: 'Words and phrases',
    status: 'Status',
    active: 'Tags comments',
    inactive: 'Switched off',
    none: 'No topics yet.',
    retagHeading: 'Tagging',
    retagNow: 'Re-tag every comment now',
    of: 'of',
    comments: 'comments',
    newTopic: 'New topic',
    editTopic: 'Topic',
    allTopics: 'All topics',
    nameIn: 'Name in',
    rulesIn: 'Words and phrases in',
    rulesHint: 'One word or phrase per line (or separated by commas).',
    activeLabel: 'Tag comments with this topic',
    save: 'Save topic',
    preview: 'Preview matches',
    delete: 'Delete topic',
    previewHeading: 'Matches in the last 90 days',
    previewNone: 'No comment of the last 90 days matches these rules.',
    identified: 'identified',
    fewerThanFive: 'fewer than 5',
    anonymous: 'anonymous',
    anonymousMonth: 'Anonymous, in',
    answered: 'Answered',
    score: 'Score',
    pageTitle: 'Topics and phrases',
    pageIntro:
      'What customers’ comments are about in the period, beside the period of equal length before it, and the phrases they use most.',
    from: 'From',
    until: 'To (included)',
    survey: 'Survey',
    allSurveys: 'All surveys',
    show: 'Show',
    topicsHeading: 'Topics',
    commentsNow: 'Comments',
    commentsBefore: 'Period before',
    change: 'Change',
    averageScore: 'Mean score',
    noTopics: 'No topics are defined yet: admins add them under Admin, Topics.',
    phrasesHeading: 'Frequent phrases',
    phrase: 'Phrase',
    noPhrases: 'No phrase was said in three comments or more in the period.',
    casesLink: 'cases',
  },
  fi: {
    adminTitle: 'Aiheet',
    adminIntro:
      'Aihe kertoo, mistä kommentti puhuu. Anna kullekin sanat ja sanonnat kielittäin: kommentti, jossa on jokin niistä, kuuluu aiheeseen. Sanat löytävät taivutusmuotonsa (“huoneessa” on “huone”); sanonta löytää sanansa tässä järjestyksessä; *-merkkiin päättyvä sana löytää kaikki sillä alkavat sanat (“aamiai*”).',
    add: 'Lisää aihe',
    topic: 'Aihe',
    inFinnish: 'Suomeksi',
    rules: 'Sanat ja sanonnat',
    status: 'Tila',
    active: 'Luokittelee kommentteja',
    inactive: 'Pois käytöstä',
    none: 'Aiheita ei vielä ole.',
    retagHeading: 'Luokittelu',
    retagNow: 'Luokittele kaikki kommentit nyt',
    of: '/',
    comments: 'kommenttia',
    newTopic: 'Uusi aihe',
    editTopic: 'Aihe',
    allTopics: 'Kaikki aiheet',
    nameIn: 'Nimi kielellä',
    rulesIn: 'Sanat ja sanonnat kielellä',
    rulesHint: 'Yksi sana tai sanonta riviä kohden (tai pilkuin eroteltuina).',
    activeLabel: 'Luokittele kommentteja tällä aiheella',
    save: 'Tallenna aihe',
    preview: 'Esikatsele osumat',
    delete: 'Poista aihe',
    previewHeading: 'Osumat viimeisten 90 päivän ajalta',
    previewNone: 'Mikään viimeisten 90 päivän kommentti ei osu näihin sääntöihin.',
    identified: 'tunnistettua',
    fewerThanFive: 'alle 5',
    anonymous: 'nimetöntä',
    anonymousMonth: 'Nimetön, kuukausi',
    answered: 'Vastattu',
    score: 'Arvosana',
    pageTitle: 'Aiheet ja sanonnat',
    pageIntro:
      'Mistä asiakkaiden kommentit kertovat jaksolla, verrattuna yhtä pitkään edeltävään jaksoon, ja sanonnat, joita he käyttävät eniten.',
    from: 'Alkaen',
    until: 'Päättyen (mukaan lukien)',
    survey: 'Kysely',
    allSurveys: 'Kaikki kyselyt',
    show: 'Näytä',
    topicsHeading: 'Aiheet',
    commentsNow: 'Kommentit',
    commentsBefore: 'Edellinen jakso',
    change: 'Muutos',
    averageScore: 'Keskiarvo',
    noTopics: 'Aiheita ei ole vielä määritelty: ylläpitäjät lisäävät ne kohdassa Ylläpito, Aiheet.',
    phrasesHeading: 'Yleiset sanonnat',
    phrase: 'Sanonta',
    noPhrases: 'Mitään sanontaa ei käytetty jaksolla kolmessa tai useammassa kommentissa.',
    casesLink: 'tapaukset',
  },
};
