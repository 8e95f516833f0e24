import type { Locale } from '../../common/i18n/locale';

/**
 * What a message template may fill in, and how. A template is the agent's starting point: a value
 * Candor lacks (a customer without a name, a case not yet resolved) leaves nothing, never braces,
 * and takes the space before it along ("Hello {{customer.firstName}}," reads "Hello,").
 */
export const PLACEHOLDERS = {
  'customer.firstName': "the customer's first name",
  'customer.name': "the customer's full name",
  'case.rootCause': "the case's root cause in words, once it is resolved",
  'agent.name': 'the name of the agent writing',
  'company.name': "the company's name",
} as const satisfies Record<string, string>;

export type Placeholder = keyof typeof PLACEHOLDERS;

/** The values to fill in; a missing one leaves nothing. */
export type PlaceholderValues = Partial<Record<Placeholder, string | null>>;

/** The names of the languages, for the sentences that point at a template's text. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', fi: 'Finnish' };

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;
/** `{customer.firstName}`: one brace each side, as the old templates had it. */
const SINGLE_BRACED = /(?<!\{)\{\s*[A-Za-z]+(?:\.[A-Za-z]+)*\s*\}(?!\})/;

export function isPlaceholder(name: string): name is Placeholder {
  return Object.hasOwn(PLACEHOLDERS, name);
}

/** "{{customer.firstName}}, {{customer.name}}, … and {{company.name}}". */
export function placeholderList(): string {
  const tokens = Object.keys(PLACEHOLDERS).map((name) => `{{${name}}}`);
  return `${tokens.slice(0, -1).join(', ')} and ${tokens.at(-1)}`;
}

/**
 * What is wrong with the placeholders of a text, as a sentence naming the fault; null when they
 * are all known and well formed. `where` names the text ("the Finnish message").
 */
export function placeholderProblem(text: string, where: string): string | null {
  for (const [token, name] of text.matchAll(TOKEN)) {
    if (!isPlaceholder(name)) {
      return `${capitalised(where)} uses “${token}”, which is not a placeholder Candor can fill in: use ${placeholderList()}.`;
    }
  }
  const rest = text.replace(TOKEN, '');
  const broken = /\{\{|\}\}/.exec(rest) ?? SINGLE_BRACED.exec(rest);
  if (broken) {
    return `${capitalised(where)} has broken braces at “${excerpt(rest, broken.index)}”: write a placeholder with two braces on each side, as {{customer.firstName}}.`;
  }
  return null;
}

/** The text with each placeholder's value; a missing value leaves nothing, never braces. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(/([ \t]?)\{\{\s*([^{}]*?)\s*\}\}/g, (_token, space: string, name: string) => {
    const value = isPlaceholder(name) ? values[name]?.trim() : undefined;
    return value ? `${space}${value}` : '';
  });
}

/** "Ann" of "Ann Marie Smith"; null for no name. */
export function firstName(name: string | null | undefined): string | null {
  return name?.trim().split(/\s+/)[0] || null;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The fault and a few characters after it, up to the end of its line. */
function excerpt(text: string, index: number): string {
  return text
    .slice(index, index + 24)
    .split('\n')[0]
    .trim();
}
