import type { ErrorDetail } from '../../../common/errors/api-error';
import { LOCALES } from '../../../common/i18n/locale';
import type { SurveyDto } from '../../surveys/dto/survey.dto';
import type { WithNav } from '../console-nav';
import {
  button,
  type ButtonView,
  type FieldMarks,
  fieldMarks,
  fieldView,
  type FieldView,
  type FormError,
  optionsSelect,
  type SelectView,
  sentence,
} from './admin-form-fields';
import type { AdminFormFrame } from './admin-pages';
import type { CaseRulesWords } from './case-rules-words';
import {
  type CaseSettingsDraft,
  type PriorityDraft,
  priorityPrefix,
  type RouteDraft,
  routePrefix,
} from './case-settings-draft';

interface RuleButtons {
  legend: string;
  up: ButtonView | null;
  down: ButtonView | null;
  remove: ButtonView;
}

export interface RouteView extends RuleButtons {
  survey: SelectView;
  touchpointType: FieldView;
  locale: SelectView;
  team: SelectView;
}

export interface PriorityRuleView extends RuleButtons {
  attribute: FieldView;
  equals: FieldView;
  priority: SelectView;
}

/** The inside of the case settings form: what a button swaps in place (htmx). */
export interface CaseSettingsFormView {
  csrfToken: string;
  /** Where the rules' buttons post: the form shown again, changed, nothing saved. */
  formAction: string;
  errors: FormError[];
  calendarError: string | null;
  timeZone: FieldView;
  weekdays: { value: number; name: string; checked: boolean }[];
  opensAt: FieldView;
  closesAt: FieldView;
  holidays: FieldView;
  routes: RouteView[];
  addRoute: ButtonView;
  /** A refusal about the routing rules as a whole (too many). */
  routingError: string | null;
  priorityRules: PriorityRuleView[];
  addPriorityRule: ButtonView;
  priorityError: string | null;
}

/** `console-admin-case-settings.hbs`: routing, priority rules and the business calendar. */
export interface ConsoleAdminCaseSettingsView extends AdminFormFrame {
  form: CaseSettingsFormView;
}

declare module '../../../common/templates/page-contexts' {
  interface PageContexts {
    'console-admin-case-settings': WithNav<ConsoleAdminCaseSettingsView>;
    'console-admin-case-settings-form': CaseSettingsFormView;
  }
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface CaseSettingsFormInput {
  draft: CaseSettingsDraft;
  csrfToken: string;
  formAction: string;
  errors: FormError[];
  focus: string | null;
  teams: { id: string; name: string }[];
  surveys: Pick<SurveyDto, 'key' | 'name'>[];
  words: CaseRulesWords;
}

type Marks = FieldMarks & { input: CaseSettingsFormInput };

/** The form's view: every rule's conditions as fields, teams and surveys by name. */
export function caseSettingsForm(input: CaseSettingsFormInput): CaseSettingsFormView {
  const { draft, words } = input;
  const marks: Marks = { ...fieldMarks(input.errors, input.focus), input };
  return {
    csrfToken: input.csrfToken,
    formAction: input.formAction,
    errors: input.errors,
    calendarError: marks.errorOf('calendar'),
    timeZone: fieldView(marks, 'timeZone', words.timeZone, draft.timeZone, {
      hint: 'An IANA time zone, such as Europe/Helsinki.',
      required: true,
    }),
    weekdays: WEEKDAYS.map((name, i) => ({
      value: i + 1,
      name,
      checked: draft.weekdays.includes(i + 1),
    })),
    opensAt: fieldView(marks, 'opensAt', words.opensAt, draft.opensAt, {
      hint: 'Such as 08:00.',
      required: true,
    }),
    closesAt: fieldView(marks, 'closesAt', words.closesAt, draft.closesAt, {
      hint: 'Such as 16:00; 24:00 for the end of the day.',
      required: true,
    }),
    holidays: fieldView(marks, 'holidays', words.holidays, draft.holidays, {
      hint: 'One date per line, such as 2026-12-24.',
      multiline: true,
    }),
    routes: draft.routing.map((rule, i) => routeView(marks, rule, i, draft.routing.length)),
    addRoute: button(marks, 'route-add', 'route-add', 'Add a routing rule', ''),
    routingError: marks.errorOf('route-add'),
    priorityRules: draft.priorityRules.map((rule, i) =>
      priorityView(marks, rule, i, draft.priorityRules.length),
    ),
    addPriorityRule: button(marks, 'priority-add', 'priority-add', 'Add a priority rule', ''),
    priorityError: marks.errorOf('priority-add'),
  };
}

function routeView(marks: Marks, rule: RouteDraft, i: number, count: number): RouteView {
  const { words, teams, surveys } = marks.input;
  const id = (part: string) => `${routePrefix(i)}_${part}`;
  const languages = LOCALES.map((locale) => ({ value: locale, label: words.languages[locale] }));
  return {
    ...ruleButtons(marks, 'route', routePrefix(i), words.route(i + 1), i, count),
    survey: optionsSelect(marks, id('survey'), words.survey, rule.survey, [
      { value: '', label: words.anySurvey },
      ...surveys.map((survey) => ({ value: survey.key, label: survey.name })),
    ]),
    touchpointType: fieldView(
      marks,
      id('touchpointType'),
      words.touchpointType,
      rule.touchpointType,
      {
        hint: words.touchpointTypeHint,
      },
    ),
    locale: optionsSelect(marks, id('locale'), words.locale, rule.locale, [
      { value: '', label: words.anyLanguage },
      ...languages,
    ]),
    team: optionsSelect(
      marks,
      id('teamId'),
      words.team,
      rule.teamId,
      [
        ...(rule.teamId === '' ? [{ value: '', label: words.chooseTeam }] : []),
        ...teams.map((team) => ({ value: team.id, label: team.name })),
      ],
      () => words.unknownTeam,
    ),
  };
}

function priorityView(
  marks: Marks,
  rule: PriorityDraft,
  i: number,
  count: number,
): PriorityRuleView {
  const { words } = marks.input;
  const id = (part: string) => `${priorityPrefix(i)}_${part}`;
  return {
    ...ruleButtons(marks, 'priority', priorityPrefix(i), words.priorityRule(i + 1), i, count),
    attribute: fieldView(marks, id('attribute'), words.attribute, rule.attribute, {
      hint: words.attributeHint,
      required: true,
    }),
    equals: fieldView(marks, id('equals'), words.equals, rule.equals, { required: true }),
    priority: optionsSelect(marks, id('priority'), words.priority, rule.priority, [
      { value: '1', label: words.priorities[1] },
      { value: '2', label: words.priorities[2] },
    ]),
  };
}

function ruleButtons(
  marks: Marks,
  list: 'route' | 'priority',
  prefix: string,
  legend: string,
  i: number,
  count: number,
): RuleButtons {
  return {
    legend,
    up: i > 0 ? button(marks, `${prefix}-up`, `${list}-up:${i}`, 'Move up', legend) : null,
    down:
      i < count - 1
        ? button(marks, `${prefix}-down`, `${list}-down:${i}`, 'Move down', legend)
        : null,
    remove: button(marks, `${prefix}-remove`, `${list}-remove:${i}`, 'Remove', legend),
  };
}

const ROUTE_PARTS = {
  survey: 'survey',
  touchpointType: 'touchpointType',
  locale: 'locale',
  teamId: 'team',
} as const;
const PRIORITY_PARTS = { attribute: 'attribute', equals: 'value', priority: 'priority' } as const;
const CALENDAR_PARTS = ['timeZone', 'weekdays', 'opensAt', 'closesAt', 'holidays'] as const;

/**
 * The API's refusal of the settings (`routing.1.teamId` "must be the id of a team") as the form's
 * sentences ("The team of routing rule 2 must be the id of a team."), each on its field.
 */
export function caseSettingsErrors(details: ErrorDetail[], words: CaseRulesWords): FormError[] {
  return details.map(({ field, message }) => {
    const [head, index, part] = field.split('.');
    const i = Number(index);
    if (head === 'routing' && Object.hasOwn(ROUTE_PARTS, part) && Number.isInteger(i)) {
      const word = words[ROUTE_PARTS[part as keyof typeof ROUTE_PARTS]];
      const subject = words.partOf(word, words.route(i + 1));
      return { field: `${routePrefix(i)}_${part}`, message: sentence(subject, message) };
    }
    if (head === 'priorityRules' && Object.hasOwn(PRIORITY_PARTS, part) && Number.isInteger(i)) {
      const subject = words.partOf(
        words[PRIORITY_PARTS[part as keyof typeof PRIORITY_PARTS]],
        words.priorityRule(i + 1),
      );
      return { field: `${priorityPrefix(i)}_${part}`, message: sentence(subject, message) };
    }
    if (head === 'calendar' && (CALENDAR_PARTS as readonly string[]).includes(index)) {
      const name = index as (typeof CALENDAR_PARTS)[number];
      return {
        field: name === 'weekdays' ? 'calendar' : name,
        message: sentence(words[name], message),
      };
    }
    if (head === 'calendar')
      return { field: 'calendar', message: sentence(words.calendar, message) };
    if (head === 'routing')
      return { field: 'route-add', message: sentence(words.routing, message) };
    if (head === 'priorityRules') {
      return { field: 'priority-add', message: sentence(words.priorityRules, message) };
    }
    return { field: '', message: sentence(field, message) };
  });
}
