import type { ReportFilterDto } from '../reports/dto/report-filter.dto';
import type { ReportScope } from '../reports/report-sql';
import { CONSOLE_LOCALE } from './case-words';
import {
  DASHBOARD_PRESETS,
  type DayRange,
  DEFAULT_PRESET,
  isPreset,
  presetDays,
} from './dashboard-presets';
import { PRESET_WORDS, SCOPE_WORDS } from './dashboard-words';
import { touchpointWords } from './queue-pages.views';

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The dashboard's query: a period by name or by its days (the last one included), the filters. */
export interface DashboardQuery {
  preset?: unknown;
  from?: unknown;
  to?: unknown;
  survey?: unknown;
  team?: unknown;
  agent?: unknown;
  touchpointType?: unknown;
}

/** One option of the filter form's lists. */
export interface DashboardChoice {
  value: string;
  label: string;
}

/** The filter form's fields as typed (or the defaults: the last 30 days). */
export interface DashboardForm {
  from: string;
  to: string;
  survey: string;
  team: string;
  agent: string;
  touchpointType: string;
}

/** A period by name, as a link that keeps the other filters. */
export interface PresetLink {
  label: string;
  href: string;
  current: boolean;
}

/**
 * What the form shows: a named period's days (in the business calendar's time zone, `today`
 * being its today), else the days typed, else the last 30 days.
 */
export function formValues(query: DashboardQuery, now: Date, timeZone: string): DashboardForm {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim().slice(0, 100) : '');
  const named = isPreset(query.preset) ? presetDays(query.preset, now, timeZone) : null;
  const fallback = presetDays(DEFAULT_PRESET, now, timeZone);
  return {
    from: named?.from ?? (text(query.from) || fallback.from),
    to: named?.to ?? (text(query.to) || fallback.to),
    survey: text(query.survey),
    team: text(query.team),
    agent: text(query.agent),
    touchpointType: text(query.touchpointType),
  };
}

/** The form as the API's filter: days from 00:00 UTC, the last day whole. */
export function toFilter(form: DashboardForm): ReportFilterDto {
  // A day that does not exist (31 February) stays as typed, for the validation to name.
  const day = (value: string, plus = 0) => {
    const start = Date.parse(`${value}T00:00:00Z`);
    const real =
      DATE.test(value) && !Number.isNaN(start) && new Date(start).toISOString().startsWith(value);
    return real ? new Date(start + plus * DAY_MS).toISOString() : value;
  };
  return {
    from: day(form.from),
    to: day(form.to, 1),
    survey: form.survey || undefined,
    team: form.team || undefined,
    agent: form.agent || undefined,
    touchpointType: form.touchpointType || undefined,
  };
}

/**
 * The named periods as links (no JavaScript needed), each keeping the survey, team, agent and
 * touchpoint; the one whose days the page shows is current.
 */
export function presetLinks(form: DashboardForm, now: Date, timeZone: string): PresetLink[] {
  const kept = Object.entries({
    survey: form.survey,
    team: form.team,
    agent: form.agent,
    touchpointType: form.touchpointType,
  }).filter(([, value]) => value !== '');
  return DASHBOARD_PRESETS.map((preset) => {
    const days: DayRange = presetDays(preset, now, timeZone);
    return {
      label: PRESET_WORDS[CONSOLE_LOCALE][preset],
      href: `/console/dashboard?${new URLSearchParams([['preset', preset], ...kept]).toString()}`,
      current: days.from === form.from && days.to === form.to,
    };
  });
}

/**
 * The touchpoint list: "any", then the types seen in the data in words (the queue's), and the
 * chosen one should it be none of them (a link from elsewhere).
 */
export function touchpointChoices(
  seen: string[],
  chosen: string,
): (DashboardChoice & { selected: boolean })[] {
  const types = chosen && !seen.includes(chosen) ? [...seen, chosen] : seen;
  return [
    { value: '', label: SCOPE_WORDS[CONSOLE_LOCALE].anyTouchpoint },
    ...types.map((type) => ({ value: type, label: touchpointWords(type) })),
  ].map((choice) => ({ ...choice, selected: choice.value === chosen }));
}

export function selected(choices: DashboardChoice[], value: string) {
  return choices.map((choice) => ({ ...choice, selected: choice.value === value }));
}

/** The CSV export's query for the dashboard's scope: the same period and filters. */
export function exportQueryOf(scope: ReportScope): string {
  return new URLSearchParams({
    from: scope.from.toISOString(),
    to: scope.to.toISOString(),
    ...(scope.surveyKey ? { survey: scope.surveyKey } : {}),
    ...(scope.teamId ? { team: scope.teamId } : {}),
    ...(scope.agentId ? { agent: scope.agentId } : {}),
    ...(scope.touchpointType ? { touchpointType: scope.touchpointType } : {}),
  }).toString();
}
