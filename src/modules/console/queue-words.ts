import type { Locale } from '../../common/i18n/locale';
import { RECENTLY_CLOSED_DAYS, type QueueSort, type QueueView } from '../cases/case-queue-sql';

/**
 * The queue's words in each language: its views (a label and the one-line definition shown under
 * the heading, the same as docs/architecture.md "The console" says), its sorts, and the short
 * times of its columns ("3 h ago", "due in 3 h", "2 h overdue").
 */
export const QUEUE_VIEW_WORDS: Record<
  Locale,
  Record<QueueView, { label: string; definition: string; empty: string }>
> = {
  en: {
    waiting_on_me: {
      label: 'Mine — waiting on me',
      definition:
        'Your cases where the next step is yours: not contacted yet, the customer replied, or you were in touch without emailing last.',
      empty: 'Nothing waits on you. Claim the next case when you are ready.',
    },
    waiting_on_customer: {
      label: 'Mine — waiting on the customer',
      definition:
        'Your cases where the customer has the next word: you emailed last, or the case is resolved and waits for their answer to "Did we make it right?".',
      empty: 'None of your cases waits on a customer.',
    },
    team_unassigned: {
      label: 'Team unassigned',
      definition:
        'Cases no one has taken yet: your team’s and those not routed to a team (managers see every team’s).',
      empty: 'Nothing is waiting: every unhappy customer has someone.',
    },
    team_in_progress: {
      label: 'Team in progress',
      definition: 'Cases someone has taken and not resolved yet, yours included.',
      empty: 'No case is in progress.',
    },
    overdue: {
      label: 'Overdue',
      definition:
        'Cases not resolved yet that missed a deadline (first contact or resolution): the ones to look at first.',
      empty: 'No case has missed a deadline.',
    },
    recently_closed: {
      label: 'Recently closed',
      definition: `Cases closed or withdrawn in the last ${RECENTLY_CLOSED_DAYS} days.`,
      empty: `No case was closed in the last ${RECENTLY_CLOSED_DAYS} days.`,
    },
    all: {
      label: 'All cases',
      definition: 'Every case you may see, whatever its status.',
      empty: 'No case matches.',
    },
  },
  fi: {
    waiting_on_me: {
      label: 'Omat — odottavat minua',
      definition:
        'Omat tapauksesi, joissa seuraava siirto on sinun: asiakkaaseen ei ole vielä otettu yhteyttä, asiakas vastasi, tai olitte yhteydessä muuten kuin sähköpostilla.',
      empty: 'Mikään ei odota sinua. Ota seuraava tapaus, kun olet valmis.',
    },
    waiting_on_customer: {
      label: 'Omat — odottavat asiakasta',
      definition:
        'Omat tapauksesi, joissa vuoro on asiakkaalla: kirjoitit viimeksi, tai tapaus on ratkaistu ja odottaa vastausta jatkokyselyyn.',
      empty: 'Yksikään tapauksesi ei odota asiakasta.',
    },
    team_unassigned: {
      label: 'Tiimin ottamattomat',
      definition:
        'Tapaukset, joita kukaan ei ole vielä ottanut: tiimisi ja tiimeille ohjaamattomat (esihenkilöt näkevät kaikki).',
      empty: 'Mikään ei odota: jokaisella tyytymättömällä asiakkaalla on joku.',
    },
    team_in_progress: {
      label: 'Tiimin työn alla',
      definition: 'Otetut tapaukset, joita ei ole vielä ratkaistu, myös omasi.',
      empty: 'Yksikään tapaus ei ole työn alla.',
    },
    overdue: {
      label: 'Myöhässä',
      definition:
        'Ratkaisemattomat tapaukset, joiden määräaika (yhteydenotto tai ratkaisu) on mennyt.',
      empty: 'Yksikään tapaus ei ole myöhässä.',
    },
    recently_closed: {
      label: 'Äskettäin suljetut',
      definition: `Viimeisten ${RECENTLY_CLOSED_DAYS} päivän aikana suljetut tai perutut tapaukset.`,
      empty: `Viimeisten ${RECENTLY_CLOSED_DAYS} päivän aikana ei ole suljettu tapauksia.`,
    },
    all: {
      label: 'Kaikki tapaukset',
      definition: 'Kaikki tapaukset, jotka saat nähdä, tilasta riippumatta.',
      empty: 'Yksikään tapaus ei täsmää.',
    },
  },
};

export const QUEUE_SORT_WORDS: Record<Locale, Record<QueueSort, string>> = {
  en: {
    due: 'Next deadline first',
    priority: 'Most urgent priority first',
    score: 'Lowest score first',
    newest: 'Newest first',
    oldest: 'Oldest first',
    activity: 'Latest activity first',
  },
  fi: {
    due: 'Lähin määräaika ensin',
    priority: 'Kiireellisin ensin',
    score: 'Alin arvosana ensin',
    newest: 'Uusin ensin',
    oldest: 'Vanhin ensin',
    activity: 'Viimeksi muuttunut ensin',
  },
};

const SHORT_UNITS: Record<Locale, { minute: string; hour: string; day: string }> = {
  en: { minute: 'min', hour: 'h', day: 'd' },
  fi: { minute: 'min', hour: 't', day: 'pv' },
};

const TIME_WORDS: Record<
  Locale,
  {
    ago: (span: string) => string;
    justNow: string;
    dueIn: (what: string, span: string) => string;
    overdueBy: (what: string, span: string) => string;
    firstContact: string;
    resolution: string;
  }
> = {
  en: {
    ago: (span) => `${span} ago`,
    justNow: 'just now',
    dueIn: (what, span) => `${what} due in ${span}`,
    overdueBy: (what, span) => `${what} ${span} overdue`,
    firstContact: 'First contact',
    resolution: 'Resolution',
  },
  fi: {
    ago: (span) => `${span} sitten`,
    justNow: 'juuri nyt',
    dueIn: (what, span) => `${what} ${span} kuluessa`,
    overdueBy: (what, span) => `${what} ${span} myöhässä`,
    firstContact: 'Yhteydenotto',
    resolution: 'Ratkaisu',
  },
};

/** "45 min", "3 h", "2 d": a span in its largest whole unit, a minute at least. */
export function shortSpan(milliseconds: number, locale: Locale): string {
  const units = SHORT_UNITS[locale];
  const minutes = Math.max(1, Math.floor(Math.abs(milliseconds) / 60_000));
  if (minutes < 60) return `${minutes} ${units.minute}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} ${units.hour}`;
  return `${Math.floor(hours / 24)} ${units.day}`;
}

/** "3 h ago", or "just now" within the minute. */
export function ageWords(at: Date, now: Date, locale: Locale): string {
  const words = TIME_WORDS[locale];
  const elapsed = now.getTime() - at.getTime();
  return elapsed < 60_000 ? words.justNow : words.ago(shortSpan(elapsed, locale));
}

/** "First contact due in 3 h", "Resolution 2 h overdue". */
export function dueWords(
  kind: 'first_contact' | 'resolution',
  at: Date,
  now: Date,
  locale: Locale,
): string {
  const words = TIME_WORDS[locale];
  const what = kind === 'first_contact' ? words.firstContact : words.resolution;
  const left = at.getTime() - now.getTime();
  return left >= 0
    ? words.dueIn(what, shortSpan(left, locale))
    : words.overdueBy(what, shortSpan(left, locale));
}
