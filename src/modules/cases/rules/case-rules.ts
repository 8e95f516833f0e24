import type { BusinessCalendar } from '../business-hours';

/** Cases matching every condition given go to the team; the first matching rule wins. */
export interface RoutingRule {
  /** A survey's key (the API names surveys by key). */
  survey?: string;
  touchpointType?: string;
  /** A language: `fi` matches customers in `fi` and `fi-FI`. */
  locale?: string;
  teamId: string;
}

/** A customer attribute that makes their cases more urgent (e.g. `tier` equals `gold` → 1). */
export interface PriorityRule {
  attribute: string;
  equals: string;
  /** 1 or 2 (the score alone gives 1 or 2; a rule can only make a case more urgent). */
  priority: number;
}

export interface CaseSettings {
  calendar: BusinessCalendar;
  routing: RoutingRule[];
  priorityRules: PriorityRule[];
}

/** What a new case is about, for the rules. */
export interface CaseFacts {
  /** The survey's key. */
  survey: string;
  touchpointType: string | null;
  locale: string;
  attributes: Record<string, unknown>;
  /** From the score: 1 for the scale's lowest, else 2. */
  scorePriority: number;
}

/** The team a case goes to (null: unrouted, every agent's queue) and its priority. */
export function decide(
  settings: CaseSettings,
  facts: CaseFacts,
): {
  teamId: string | null;
  priority: number;
} {
  const route = settings.routing.find((rule) => routes(rule, facts));
  // Rules only make a case more urgent (1 is the most urgent), never less.
  const priority = Math.min(
    facts.scorePriority,
    ...settings.priorityRules
      .filter((rule) => attributeText(facts.attributes[rule.attribute]) === rule.equals)
      .map((rule) => rule.priority),
  );
  return { teamId: route?.teamId ?? null, priority };
}

function routes(rule: RoutingRule, facts: CaseFacts): boolean {
  if (rule.survey !== undefined && rule.survey !== facts.survey) return false;
  if (
    rule.touchpointType !== undefined &&
    rule.touchpointType.toLowerCase() !== facts.touchpointType?.toLowerCase()
  ) {
    return false;
  }
  if (rule.locale !== undefined) {
    const wanted = rule.locale.toLowerCase();
    const locale = facts.locale.toLowerCase();
    if (locale !== wanted && !locale.startsWith(`${wanted}-`)) return false;
  }
  return true;
}

/** Attributes come from CRMs as JSON: compare their text (`"gold"`, `3`, `true`). */
function attributeText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
