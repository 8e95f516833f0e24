import type { Locale } from '../../common/i18n/locale';
import { validationError } from '../../common/validation/validation-error';
import { KPI_CATALOGUE } from '../reports/kpi-catalogue';
import type { KpiTargetView } from '../reports/kpi-targets.service';
import { KPI_NAMES, type KpiName } from '../reports/kpis';
import { CONSOLE_LOCALE } from './case-words';
import type { WithNav } from './console-nav';
import type { DashboardChoice } from './dashboard-form';
import { format } from './dashboard.views';
import { KPI_WORDS, SCOPE_WORDS } from './dashboard-words';
import { when } from './when';

/** `console-dashboard-targets.hbs`: every target, a form to set one, and each one's removal. */
export interface TargetsPageView {
  csrfToken: string;
  error: string | null;
  notice: string | null;
  targets: TargetRowView[];
  /** The KPIs a target can be set for (those with a better direction), in words. */
  kpis: (DashboardChoice & { selected: boolean; hint: string })[];
  surveys: (DashboardChoice & { selected: boolean })[];
  teams: (DashboardChoice & { selected: boolean })[];
  /** The value as typed, kept when the form is refused. */
  value: string;
}

export interface TargetRowView {
  kpi: KpiName;
  label: string;
  survey: string;
  team: string;
  /** As the dashboard writes the figure ("80.0 %", "24.0 h"). */
  value: string;
  /** "by Mia Manager, 2026-11-24 14:05 UTC". */
  set: string;
  /** The removal form's hidden fields. */
  surveyKey: string;
  teamId: string;
}

/** What the form posted, as typed. */
export interface TargetForm {
  kpi: string;
  survey: string;
  team: string;
  value: string;
}

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    'console-dashboard-targets': WithNav<TargetsPageView>;
  }
}

/** The KPIs that take a target: those where one direction is better. */
export const TARGET_KPIS = KPI_NAMES.filter((kpi) => KPI_CATALOGUE[kpi].direction !== 'none');

/** What a person types for each unit: a rate as a percentage, as the dashboard shows it. */
const UNIT_HINTS: Record<Locale, Record<string, string>> = {
  en: {
    rate: 'a percentage, 80 for 80 %',
    percent: 'a percentage, 80 for 80 %',
    mean: 'a mean score from 1 to 5',
    score: 'a score from −100 to 100',
    hours: 'hours',
    count: 'a whole number',
  },
  fi: {
    rate: 'prosentteina, 80 = 80 %',
    percent: 'prosentteina, 80 = 80 %',
    mean: 'keskiarvo 1–5',
    score: 'luku −100…100',
    hours: 'tunteina',
    count: 'kokonaisluku',
  },
};

export function targetRows(targets: KpiTargetView[]): TargetRowView[] {
  const scope = SCOPE_WORDS[CONSOLE_LOCALE];
  return targets.map((target) => ({
    kpi: target.kpi,
    label: KPI_WORDS[CONSOLE_LOCALE][target.kpi],
    survey: target.survey?.name ?? scope.everySurvey,
    team: target.team?.name ?? scope.everyTeam,
    value: format(target.value, KPI_CATALOGUE[target.kpi].unit),
    set: `${target.setBy ? `by ${target.setBy.name}, ` : ''}${when(target.setAt)}`,
    surveyKey: target.survey?.key ?? '',
    teamId: target.team?.id ?? '',
  }));
}

export function kpiChoices(chosen: string): TargetsPageView['kpis'] {
  return TARGET_KPIS.map((kpi) => ({
    value: kpi,
    label: KPI_WORDS[CONSOLE_LOCALE][kpi],
    hint: UNIT_HINTS[CONSOLE_LOCALE][KPI_CATALOGUE[kpi].unit],
    selected: kpi === chosen,
  }));
}

/**
 * The form's value in the KPI's own unit: a rate typed as a percentage (80) is the API's fraction
 * (0.8); a decimal comma is a decimal point. Text that is no number stays text, for the
 * validation to refuse with its sentence.
 */
export function targetValue(kpi: string, typed: string): unknown {
  const number = Number(typed.trim().replace(',', '.'));
  if (typed.trim() === '' || Number.isNaN(number)) return typed;
  const rate = (KPI_NAMES as readonly string[]).includes(kpi)
    ? KPI_CATALOGUE[kpi as KpiName].unit === 'rate'
    : false;
  if (!rate) return number;
  if (number < 0 || number > 100) {
    throw validationError([
      {
        field: 'value',
        message: `must be a percentage from 0 to 100 for ${KPI_WORDS[CONSOLE_LOCALE][kpi as KpiName]}`,
      },
    ]);
  }
  return Math.round(number * 100) / 10_000;
}
