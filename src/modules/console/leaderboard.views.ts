import type { Locale } from '../../common/i18n/locale';
import type { LeaderboardDto } from '../reports/dto/breakdown-result.dto';
import type { WithNav } from './console-nav';
import type { DashboardChoice, DashboardForm } from './dashboard-form';
import { LEADERBOARD_WORDS, type LeaderboardWords } from './leaderboard-words';

/** One ranked row in words: figures as a reader writes them in the page's language. */
export interface LeaderboardRowView {
  rank: number;
  label: string;
  satisfied: string;
  mean: string;
  answers: number;
}

export interface LeaderboardTableView {
  id: string;
  title: string;
  /** The first column's heading: a location, or a member of staff. */
  who: string;
  rows: LeaderboardRowView[];
  empty: string;
}

/** `console-leaderboard.hbs`: both leaderboards for the dashboard's period and survey. */
export interface LeaderboardPageView {
  lang: Locale;
  words: LeaderboardWords;
  intro: string;
  period: string;
  /** Why the filter was refused (the page then shows the default period), or null. */
  error: string | null;
  form: DashboardForm & { minAnswers: string };
  surveys: (DashboardChoice & { selected: boolean })[];
  tables: LeaderboardTableView[];
  /** The dashboard with the same period and filters. */
  dashboardHref: string;
}

/** Both tables in words: places first, then people. */
export function leaderboardTables(
  locale: Locale,
  locations: LeaderboardDto,
  staff: LeaderboardDto,
): LeaderboardTableView[] {
  const words = LEADERBOARD_WORDS[locale];
  const decimal = (digits: number) =>
    new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const rows = (board: LeaderboardDto): LeaderboardRowView[] =>
    board.rows.map((row) => ({
      rank: row.rank,
      label: row.label,
      satisfied:
        row.csatSatisfiedPct === null ? '–' : `${decimal(1).format(row.csatSatisfiedPct)} %`,
      mean: row.csatMean === null ? '–' : decimal(2).format(row.csatMean),
      answers: row.csatAnswers,
    }));
  return [
    {
      id: 'leaderboard-locations',
      title: words.locations,
      who: words.location,
      rows: rows(locations),
      empty: words.noLocations(locations.minAnswers),
    },
    {
      id: 'leaderboard-staff',
      title: words.staff,
      who: words.person,
      rows: rows(staff),
      empty: words.noStaff(staff.minAnswers),
    },
  ];
}

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    'console-leaderboard': WithNav<LeaderboardPageView>;
  }
}
