import type { ErrorDetail } from '../../../common/errors/api-error';
import { CHAT_EVENT_TYPES } from '../../webhooks/chat/chat-events';
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENT_TYPES } from '../../webhooks/webhook-catalogue';
import { WEBHOOK_KINDS, type WebhookKind } from '../../webhooks/webhook-endpoint.entity';
import type { WebhookEndpointDto } from '../../webhooks/webhook-endpoints.service';
import { CONSOLE_LOCALE } from '../case-words';
import {
  type FieldView,
  fieldMarks,
  fieldView,
  type FormError,
  type SelectView,
  selectView,
  sentence,
} from './admin-form-fields';
import { type Form, formList, text } from './admin-forms';
import { WEBHOOK_WORDS, type WebhookWords } from './webhook-words';

export const WORDS: WebhookWords = WEBHOOK_WORDS[CONSOLE_LOCALE];
const EVENT_WORDS: Record<string, string> = WEBHOOK_EVENT_LABELS[CONSOLE_LOCALE];

/** At most this many static headers (the service's limit), so at most this many rows. */
const MAX_HEADER_ROWS = 10;
/** Empty rows after the filled ones, for headers to add without JavaScript. */
const BLANK_HEADER_ROWS = 3;

/** An endpoint's form as typed: shown again as it was when a save is refused. */
export interface WebhookDraft {
  url: string;
  kind: string;
  description: string;
  allEvents: boolean;
  events: string[];
  includeAnonymous: boolean;
  ordered: boolean;
  enabled: boolean;
  /** A saved header's value is never shown: '' keeps it. */
  headers: { name: string; value: string }[];
}

export const NEW_WEBHOOK: WebhookDraft = {
  url: '',
  kind: 'standard',
  description: '',
  allEvents: true,
  events: [],
  includeAnonymous: false,
  ordered: false,
  enabled: true,
  headers: [],
};

/** An event type in words: the catalogue's label, or the type itself for one it lacks. */
export function eventWords(type: string): string {
  return EVENT_WORDS[type] ?? type;
}

const CHAT_EVENT_WORDS = CHAT_EVENT_TYPES.map(eventWords).join(', ');

export function savedWebhookDraft(endpoint: WebhookEndpointDto): WebhookDraft {
  return {
    url: endpoint.url,
    kind: endpoint.kind,
    description: endpoint.description,
    allEvents: endpoint.eventTypes === null,
    events: endpoint.eventTypes ?? [],
    includeAnonymous: endpoint.includeAnonymous,
    ordered: endpoint.ordered,
    enabled: endpoint.enabled,
    headers: endpoint.headerNames.map((name) => ({ name, value: '' })),
  };
}

/** The form as posted (its kind, on an endpoint's page where it cannot change, is `kind`). */
export function postedWebhookDraft(form: Form | undefined, kind?: string): WebhookDraft {
  const posted = form ?? {};
  const headers: WebhookDraft['headers'] = [];
  for (let i = 0; i < MAX_HEADER_ROWS; i += 1) {
    const name = text(posted[`headerName${i}`]).trim();
    const value = text(posted[`headerValue${i}`]);
    if (name !== '' || value !== '') headers.push({ name, value });
  }
  return {
    url: text(posted.url),
    kind: kind ?? (text(posted.kind) || 'standard'),
    description: text(posted.description),
    allEvents: text(posted.allEvents) === 'on',
    events: formList(posted.events),
    includeAnonymous: text(posted.includeAnonymous) === 'on',
    ordered: text(posted.ordered) === 'on',
    enabled: text(posted.enabled) === 'on',
    headers,
  };
}

const isChat = (kind: string) => kind === 'slack' || kind === 'teams';

/**
 * The API's body for the draft (`saved`: the endpoint's headers, whose values an empty field
 * keeps), and what the form itself refuses before the service is asked: no event chosen, an
 * event a chat does not take, a header's value without its name or a name given twice.
 */
export function webhookBody(
  draft: WebhookDraft,
  saved: Record<string, string> | null,
): { body: Record<string, unknown>; errors: FormError[] } {
  const errors: FormError[] = [];
  const chat = isChat(draft.kind);
  if (!draft.allEvents && draft.events.length === 0) {
    errors.push({ field: 'events', message: WORDS.chooseEvents });
  }
  const unfit = draft.events.filter((e) => !(CHAT_EVENT_TYPES as readonly string[]).includes(e));
  if (chat && !draft.allEvents && unfit.length > 0) {
    errors.push({ field: 'events', message: WORDS.chatOnly(CHAT_EVENT_WORDS) });
  }
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  draft.headers.forEach(({ name, value }, i) => {
    const row = WORDS.headerRow(i + 1);
    if (name === '') {
      errors.push({ field: `header${i}`, message: sentence(row, WORDS.valueWithoutName) });
    } else if (seen.has(name.toLowerCase())) {
      errors.push({ field: `header${i}`, message: sentence(row, WORDS.namedTwice) });
    } else {
      seen.add(name.toLowerCase());
      headers[name] = value === '' && saved && Object.hasOwn(saved, name) ? saved[name] : value;
    }
  });
  const body = {
    url: draft.url,
    kind: draft.kind,
    description: draft.description,
    // "All" is every event, present and future; for a chat, all it takes.
    eventTypes: draft.allEvents ? (chat ? [...CHAT_EVENT_TYPES] : null) : draft.events,
    includeAnonymous: draft.includeAnonymous,
    ordered: draft.ordered,
    enabled: draft.enabled,
    headers,
  };
  return { body, errors };
}

/** The API's refusal (`headers.X-Token` "is not a valid header name") on the form's fields. */
export function webhookErrors(details: ErrorDetail[], draft: WebhookDraft): FormError[] {
  const subjects: Record<string, string> = {
    url: WORDS.url,
    kind: WORDS.kind,
    description: WORDS.description,
    eventTypes: WORDS.events,
    includeAnonymous: WORDS.includeAnonymous,
    ordered: WORDS.ordered,
    enabled: WORDS.enabledLabel,
    headers: WORDS.headers,
  };
  return details.map(({ field, message }) => {
    if (field.startsWith('headers.')) {
      const name = field.slice('headers.'.length);
      const row = draft.headers.findIndex((header) => header.name === name);
      return {
        field: row >= 0 ? `header${row}` : 'headers',
        message: sentence(WORDS.headerNamed(name), message),
      };
    }
    if (!Object.hasOwn(subjects, field)) return { field: '', message: sentence(field, message) };
    const id = field === 'eventTypes' ? 'events' : field;
    // The URL's refusals are sentences that name the URL already.
    const named = field === 'url' && /^\p{Lu}/u.test(message);
    return { field: id, message: named ? message : sentence(subjects[field], message) };
  });
}

/** `webhook-endpoint-form.hbs`: the fields of a new endpoint or a saved one. */
export interface WebhookFormView {
  csrfToken: string;
  action: string;
  submit: string;
  errors: FormError[];
  errorsHeading: string;
  url: FieldView;
  /** A new endpoint's choice; null on a saved one, whose kind stays (`kindText`). */
  kind: SelectView | null;
  kindText: string;
  description: FieldView;
  events: {
    error: string | null;
    all: boolean;
    options: { id: string; value: string; label: string; checked: boolean }[];
  };
  includeAnonymous: boolean;
  ordered: boolean;
  enabled: boolean;
  headers: {
    error: string | null;
    rows: {
      legend: string;
      nameId: string;
      valueId: string;
      name: string;
      value: string;
      errorId: string;
      error: string | null;
    }[];
  };
  words: WebhookWords;
  /** Which events a chat takes, in words. */
  eventsHint: string;
}

/** The form of `draft`: for a new endpoint (`saved` null, posted to `action`) or a saved one. */
export function webhookFormView(
  draft: WebhookDraft,
  options: { csrfToken: string; action: string; isNew: boolean; errors: FormError[] },
): WebhookFormView {
  const { errors, isNew } = options;
  const marks = fieldMarks(errors, null);
  const rows = Math.min(MAX_HEADER_ROWS, draft.headers.length + BLANK_HEADER_ROWS);
  return {
    csrfToken: options.csrfToken,
    action: options.action,
    submit: isNew ? WORDS.addButton : WORDS.save,
    errors,
    errorsHeading: errors.length > 1 ? WORDS.errorsMany : WORDS.errorsOne,
    url: fieldView(marks, 'url', WORDS.url, draft.url, { hint: WORDS.urlHint, required: true }),
    kind: isNew
      ? selectView(marks, 'kind', WORDS.kind, draft.kind, WEBHOOK_KINDS, WORDS.kinds)
      : null,
    kindText: kindWords(draft.kind),
    description: fieldView(marks, 'description', WORDS.description, draft.description, {
      hint: WORDS.descriptionHint,
    }),
    events: {
      error: marks.errorOf('events'),
      all: draft.allEvents,
      options: WEBHOOK_EVENT_TYPES.map((type, i) => ({
        id: `event${i}`,
        value: type,
        label: eventWords(type),
        checked: !draft.allEvents && draft.events.includes(type),
      })),
    },
    includeAnonymous: draft.includeAnonymous,
    ordered: draft.ordered,
    enabled: draft.enabled,
    headers: {
      error: marks.errorOf('headers'),
      rows: Array.from({ length: rows }, (_, i) => ({
        legend: WORDS.headerRow(i + 1),
        nameId: `headerName${i}`,
        valueId: `headerValue${i}`,
        name: draft.headers[i]?.name ?? '',
        value: draft.headers[i]?.value ?? '',
        errorId: `header${i}`,
        error: marks.errorOf(`header${i}`),
      })),
    },
    words: WORDS,
    eventsHint: WORDS.chatEventsHint(CHAT_EVENT_WORDS),
  };
}

export function kindWords(kind: string): string {
  return (WEBHOOK_KINDS as readonly string[]).includes(kind)
    ? WORDS.kinds[kind as WebhookKind]
    : kind;
}
