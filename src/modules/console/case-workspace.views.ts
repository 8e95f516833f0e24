import { relativeTime } from '../../common/i18n/relative-time';
import type { CaseDetailDto } from '../cases/cases.service';
import type { CaseEventType } from '../cases/case-event.entity';
import { CONTACT_CHANNELS } from '../cases/dto/case-actions.dto';
import type { EmailStatus } from '../email/email-message.entity';
import { ESCALATION_STEPS, type EscalationStep } from '../cases/escalation/escalation-steps';
import {
  CASE_EVENT_WORDS,
  caseStatusWords,
  CONSOLE_LOCALE,
  CONTACT_CHANNEL_WORDS,
  INTEGRATION_ACTOR_WORDS,
} from './case-words';
import { when } from './when';

/** `console-time.hbs`: a time in words ("3 hours ago"), exact on hover, machine-readable. */
export interface TimeView {
  iso: string;
  relative: string;
  absolute: string;
}

export function timeView(at: string | Date, now: Date): TimeView {
  const date = new Date(at);
  return {
    iso: date.toISOString(),
    relative: relativeTime(date, now, CONSOLE_LOCALE),
    absolute: when(date),
  };
}

/** A deadline as the agent reads it: met, or how long until (or since) it passes. */
export interface DueView {
  state: 'met' | 'due' | 'overdue';
  /** "Met 2 hours ago", "Due in 3 hours", "Overdue: was due yesterday". */
  text: string;
  time: TimeView;
}

export function dueView(due: string, met: string | null, now: Date): DueView {
  if (met) return { state: 'met', text: 'Met', time: timeView(met, now) };
  const passed = new Date(due) <= now;
  return {
    state: passed ? 'overdue' : 'due',
    text: passed ? 'Overdue: was due' : 'Due',
    time: timeView(due, now),
  };
}

/** One entry of the conversation column, each kind marked so no one mistakes a note for an email. */
export interface ConversationItem {
  kind: 'email-out' | 'email-in' | 'contact' | 'note' | 'resolution' | 'recovery';
  /** "Email to the customer", "Phone call logged by Anna", "Note by Anna", … */
  heading: string;
  at: TimeView;
  subject: string | null;
  body: string;
  /** The email's delivery, in words; null for anything else. */
  delivery: string | null;
}

const DELIVERY_WORDS: Record<EmailStatus, string> = {
  queued: 'Waiting to be sent',
  sent: 'Sent',
  failed: 'Could not be sent',
  cancelled: 'Not sent',
};

/**
 * The dialogue, oldest first: emails both ways, logged calls and meetings, notes, what was done
 * and what the customer said of it.
 */
export function conversationOf(
  detail: CaseDetailDto,
  now: Date,
  rootCauseLabels: ReadonlyMap<string, string>,
): ConversationItem[] {
  const items: (ConversationItem & { sortAt: string })[] = detail.messages.map((message) => ({
    kind: message.direction === 'outbound' ? 'email-out' : 'email-in',
    heading: message.direction === 'outbound' ? 'Email to the customer' : 'Email from the customer',
    at: timeView(message.at, now),
    subject: message.subject,
    body: message.body,
    delivery:
      message.direction === 'outbound'
        ? (DELIVERY_WORDS[message.delivery as EmailStatus] ?? message.delivery)
        : null,
    sortAt: message.at,
  }));
  for (const event of detail.timeline) {
    const who = actorWords(event);
    const by = who ? ` by ${who}` : '';
    if (event.type === 'note') {
      items.push(entry('note', `Note${by}`, event.at, event.detail ?? '', now));
    } else if (event.type === 'contact_logged') {
      const { channel, summary } = loggedContact(event.detail ?? '');
      items.push(entry('contact', `${channel} logged${by}`, event.at, summary, now));
    } else if (event.type === 'resolved') {
      // Each resolve says its own cause; the words of what was done are kept for the last one.
      const cause = rootCauseLabels.get(event.detail ?? '') ?? event.detail ?? '';
      const last = detail.resolution?.resolvedAt === event.at;
      const body = last ? detail.resolution!.text : 'Reopened since.';
      items.push(entry('resolution', `Resolved${by}: ${cause}`, event.at, body, now));
    }
  }
  if (detail.recovery) items.push(recoveryItem(detail.recovery, detail.response, now));
  return items
    .sort((a, b) => a.sortAt.localeCompare(b.sortAt))
    .map(({ sortAt: _, ...item }) => item);
}

function entry(
  kind: ConversationItem['kind'],
  heading: string,
  at: string,
  body: string,
  now: Date,
): ConversationItem & { sortAt: string } {
  return { kind, heading, at: timeView(at, now), subject: null, body, delivery: null, sortAt: at };
}

function recoveryItem(
  recovery: NonNullable<CaseDetailDto['recovery']>,
  response: CaseDetailDto['response'],
  now: Date,
): ConversationItem & { sortAt: string } {
  const scale = response ? ` of ${response.scale.max}` : '';
  const said = recovery.recovered ? 'we made it right' : 'we did not make it right';
  const lines = [
    `Score ${recovery.score}${scale}: ${said}.`,
    recovery.comment ? `“${recovery.comment}”` : 'No comment.',
    ...recovery.preferences.map((preference) => `Next time: ${preference}`),
  ];
  return entry(
    'recovery',
    'The customer answered the recovery survey',
    recovery.answeredAt,
    lines.join('\n'),
    now,
  );
}

/** A logged contact's detail is "phone: what was said" (see CasesService.logContact). */
function loggedContact(detail: string): { channel: string; summary: string } {
  const [key, ...rest] = detail.split(': ');
  const words = CONTACT_CHANNEL_WORDS[CONSOLE_LOCALE];
  if (rest.length > 0 && (CONTACT_CHANNELS as readonly string[]).includes(key)) {
    return { channel: words[key as keyof typeof words], summary: rest.join(': ') };
  }
  return { channel: 'Contact', summary: detail };
}

/** Who made a timeline entry: a person's name, or an integration's marked as one; null: no one. */
function actorWords(event: CaseDetailDto['timeline'][number]): string | null {
  if (event.actorName === null) return null;
  return event.apiKeyId
    ? INTEGRATION_ACTOR_WORDS[CONSOLE_LOCALE](event.actorName)
    : event.actorName;
}

/** The timeline in words: what happened, who did it, when. */
export interface TimelineItemView {
  what: string;
  by: string | null;
  detail: string | null;
  at: TimeView;
}

const ESCALATION_WORDS: Record<EscalationStep, string> = {
  first_contact_warning: 'first contact due soon',
  first_contact_overdue: 'first contact overdue',
  resolution_warning: 'resolution due soon',
  resolution_overdue: 'resolution overdue',
};

/** Why a case was opened (its `created` entry's detail: the case's source). */
const SOURCE_WORDS: Record<string, string> = {
  dissatisfied_answer: 'after an unhappy answer',
  contact_request: 'the customer asked to be contacted',
};

/** Why a case closed without the customer's answer (RecoveryEndings). */
const CLOSED_WORDS: Record<string, string> = {
  recovery_unanswered: 'the recovery survey went unanswered',
  no_recovery: 'no recovery survey could be sent',
};

export function timelineOf(
  detail: CaseDetailDto,
  now: Date,
  rootCauseLabels: ReadonlyMap<string, string>,
): TimelineItemView[] {
  const words = CASE_EVENT_WORDS[CONSOLE_LOCALE];
  return detail.timeline
    .map((event) => ({
      what: words[event.type as CaseEventType] ?? event.type,
      by: actorWords(event),
      detail: timelineDetail(event.type, event.detail, rootCauseLabels),
      at: timeView(event.at, now),
    }))
    .reverse();
}

/** The detail in words where it is a key; notes and messages are in the conversation instead. */
function timelineDetail(
  type: string,
  detail: string | null,
  rootCauseLabels: ReadonlyMap<string, string>,
): string | null {
  if (detail === null) return null;
  switch (type) {
    case 'note':
    case 'contact_logged':
      return null;
    case 'resolved':
      return rootCauseLabels.get(detail) ?? detail.replace(/_/g, ' ');
    case 'created':
      return SOURCE_WORDS[detail] ?? detail.replace(/_/g, ' ');
    case 'escalated':
      return (ESCALATION_STEPS as readonly string[]).includes(detail)
        ? ESCALATION_WORDS[detail as EscalationStep]
        : detail;
    case 'recovery_answered':
    case 'reopened':
    case 'closed':
      return detail === 'recovered'
        ? 'they said we made it right'
        : detail === 'not_recovered'
          ? 'they said we did not make it right'
          : (CLOSED_WORDS[detail] ?? detail);
    case 'recovery_skipped':
      return detail === 'unsubscribed' ? 'they have unsubscribed' : detail;
    case 'withdrawn':
      return detail.replace(/_/g, ' ');
    default:
      return detail;
  }
}

/** The case's facts for the side panel. */
export interface CaseFactsView {
  status: string;
  priority: string;
  team: string;
  assignee: string | null;
  opened: TimeView;
  firstContact: DueView;
  resolution: DueView | null;
  /** The CRM's ticket id, when a CRM linked one. */
  externalRef: string | null;
}

export function caseFacts(detail: CaseDetailDto, now: Date): CaseFactsView {
  const done = ['resolved', 'closed', 'withdrawn'].includes(detail.status);
  return {
    status: caseStatusWords(detail.status),
    priority: detail.priority === 1 ? '1, the most urgent' : String(detail.priority),
    team: detail.team?.name ?? 'Not routed to a team',
    assignee: detail.assignee?.name ?? null,
    opened: timeView(detail.createdAt, now),
    firstContact: dueView(detail.firstContactDueAt, detail.firstContactedAt, now),
    resolution: done
      ? detail.resolution
        ? dueView(detail.resolutionDueAt, detail.resolution.resolvedAt, now)
        : null
      : dueView(detail.resolutionDueAt, null, now),
    externalRef: detail.externalRef,
  };
}
