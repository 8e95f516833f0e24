/**
 * The case settings as their form holds them: the business calendar, and the routing and
 * priority rules as rows of fields (a survey and a team chosen by name, the other conditions
 * typed), read from the posted fields in one pass and written back into them. `caseSettingsBody`
 * turns them into the body `PUT /api/v1/case-settings` takes, for the API's checks.
 */
import type { ErrorDetail } from '../../../common/errors/api-error';
import type { CaseSettings } from '../../cases/rules/case-rules';
import { type Form, formList, text } from './admin-forms';

export interface RouteDraft {
  survey: string;
  touchpointType: string;
  locale: string;
  teamId: string;
}

export interface PriorityDraft {
  attribute: string;
  equals: string;
  priority: string;
}

export interface CaseSettingsDraft {
  timeZone: string;
  weekdays: number[];
  opensAt: string;
  closesAt: string;
  /** One date per line. */
  holidays: string;
  routing: RouteDraft[];
  priorityRules: PriorityDraft[];
}

/** What a button of the rules asks for, applied; `focus` names the element to focus after. */
export interface AppliedToRules {
  draft: CaseSettingsDraft;
  focus: string | null;
  /** Why it was not done (the list is full), on the list's add button. */
  refusal: ErrorDetail | null;
}

const ROUTE_FIELD = /^route(\d{1,3})_(survey|touchpointType|locale|teamId)$/;
const PRIORITY_FIELD = /^priority(\d{1,3})_(attribute|equals|priority)$/;
/** The API's limit on each list of rules (`CaseSettingsDto`). */
const MAX_RULES = 100;

export const routePrefix = (i: number) => `route${i}`;
export const priorityPrefix = (i: number) => `priority${i}`;

export function savedSettingsDraft(settings: CaseSettings): CaseSettingsDraft {
  return {
    timeZone: settings.calendar.timeZone,
    weekdays: settings.calendar.weekdays,
    opensAt: settings.calendar.opensAt,
    closesAt: settings.calendar.closesAt,
    holidays: settings.calendar.holidays.join('\n'),
    routing: settings.routing.map((rule) => ({
      survey: rule.survey ?? '',
      touchpointType: rule.touchpointType ?? '',
      locale: rule.locale ?? '',
      teamId: rule.teamId,
    })),
    priorityRules: settings.priorityRules.map((rule) => ({
      attribute: rule.attribute,
      equals: rule.equals,
      priority: String(rule.priority),
    })),
  };
}

export function postedSettingsDraft(form: Form): CaseSettingsDraft {
  const routes = new Map<number, RouteDraft>();
  const priorities = new Map<number, PriorityDraft>();
  for (const [name, raw] of Object.entries(form)) {
    const value = text(Array.isArray(raw) ? raw[0] : raw);
    const route = ROUTE_FIELD.exec(name);
    const priority = PRIORITY_FIELD.exec(name);
    if (route) {
      const row = routes.get(Number(route[1])) ?? {
        survey: '',
        touchpointType: '',
        locale: '',
        teamId: '',
      };
      row[route[2] as keyof RouteDraft] = value;
      routes.set(Number(route[1]), row);
    } else if (priority) {
      const row = priorities.get(Number(priority[1])) ?? {
        attribute: '',
        equals: '',
        priority: '',
      };
      row[priority[2] as keyof PriorityDraft] = value;
      priorities.set(Number(priority[1]), row);
    }
  }
  return {
    timeZone: text(form.timeZone),
    weekdays: formList(form.weekdays).map(Number),
    opensAt: text(form.opensAt),
    closesAt: text(form.closesAt),
    holidays: text(form.holidays),
    routing: ordered(routes),
    priorityRules: ordered(priorities),
  };
}

function ordered<T>(rows: Map<number, T>): T[] {
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

/** The API's body: a condition left empty is left out (it matches anything). */
export function caseSettingsBody(draft: CaseSettingsDraft): object {
  const given = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    calendar: {
      timeZone: draft.timeZone.trim(),
      weekdays: draft.weekdays,
      opensAt: draft.opensAt.trim(),
      closesAt: draft.closesAt.trim(),
      holidays: draft.holidays.split(/[\s,]+/).filter((day) => day !== ''),
    },
    routing: draft.routing.map((rule) => ({
      survey: given(rule.survey),
      touchpointType: given(rule.touchpointType),
      locale: given(rule.locale),
      teamId: rule.teamId,
    })),
    priorityRules: draft.priorityRules.map((rule) => ({
      attribute: rule.attribute.trim(),
      equals: rule.equals.trim(),
      priority: /^\d$/.test(rule.priority) ? Number(rule.priority) : rule.priority,
    })),
  };
}

/**
 * `route-add`, `route-up:2`, `priority-remove:0`, …: a rule added (its first field focused),
 * moved (its button keeps the focus) or removed, everything else as posted.
 */
export function applyRulesAction(draft: CaseSettingsDraft, action: string): AppliedToRules {
  const [verb, index] = action.split(':');
  const match = /^(route|priority)-(add|up|down|remove)$/.exec(verb);
  const none = { draft, focus: null, refusal: null };
  if (!match) return none;
  const [, list, op] = match;
  const rows: unknown[] = list === 'route' ? draft.routing : draft.priorityRules;
  const prefix = list === 'route' ? routePrefix : priorityPrefix;
  if (op === 'add') {
    if (rows.length >= MAX_RULES) {
      const refusal = { field: `${list}-add`, message: `A list has at most ${MAX_RULES} rules.` };
      return { draft, focus: `${list}-add`, refusal };
    }
    rows.push(
      list === 'route'
        ? { survey: '', touchpointType: '', locale: '', teamId: '' }
        : { attribute: '', equals: '', priority: '1' },
    );
    const first = list === 'route' ? 'survey' : 'attribute';
    return { draft, focus: `${prefix(rows.length - 1)}_${first}`, refusal: null };
  }
  const i = Number(index);
  if (!Number.isInteger(i) || i < 0 || i >= rows.length) return none;
  if (op === 'remove') {
    rows.splice(i, 1);
    const next = Math.min(i, rows.length - 1);
    return { draft, focus: next < 0 ? `${list}-add` : `${prefix(next)}-remove`, refusal: null };
  }
  const to = op === 'up' ? i - 1 : i + 1;
  if (to < 0 || to >= rows.length) return none;
  [rows[i], rows[to]] = [rows[to], rows[i]];
  const atEnd = op === 'up' ? to === 0 : to === rows.length - 1;
  const focus = `${prefix(to)}-${atEnd ? (op === 'up' ? 'down' : 'up') : op}`;
  return { draft, focus, refusal: null };
}
