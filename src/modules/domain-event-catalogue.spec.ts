import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DomainEventType } from '../common/events/domain-event-types';

/**
 * Every domain event the modules declare (by declaration merging into `DomainEventPayloads`),
 * checked by the type checker: an event declared but missing here, or listed here but declared
 * nowhere, fails `tsc` (the lint step). The test then holds docs/architecture.md's catalogue to
 * this list, so the catalogue subscribers read is the one the code publishes.
 */
const DECLARED: Record<DomainEventType, true> = {
  'invitation.queued': true,
  'invitation.throttled': true,
  'invitation.suppressed': true,
  'invitation.sent': true,
  'invitation.reminded': true,
  'invitation.reminder_skipped': true,
  'invitation.bounced': true,
  'invitation.unsubscribed': true,
  'invitation.expired': true,
  'invitation.answered': true,
  'response.received': true,
  'response.dissatisfied': true,
  'contact.requested': true,
  'consent.granted': true,
  'consent.withdrawn': true,
  'preferences.updated': true,
  'customer.created': true,
  'customer.updated': true,
  'customer.erased': true,
  'case.created': true,
  'case.claimed': true,
  'case.assigned': true,
  'case.note': true,
  'case.contact_logged': true,
  'case.message_sent': true,
  'case.reply_received': true,
  'case.escalated': true,
  'case.resolved': true,
  'case.recovery_requested': true,
  'case.recovery_skipped': true,
  'case.recovery_answered': true,
  'case.closed': true,
  'case.reopened': true,
  'case.withdrawn': true,
  'case.external_ref_set': true,
  'webhook.disabled': true,
  'digest.weekly': true,
};

/** The first column of the table under "## Domain events". */
function documentedEvents(): string[] {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'architecture.md'), 'utf8');
  const section = doc.split('\n## Domain events\n')[1].split('\n## ')[0];
  return [...section.matchAll(/^\| `([a-z_.]+)` +\|/gm)].map((match) => match[1]);
}

describe('the domain event catalogue', () => {
  it('documents every declared event once, and nothing else', () => {
    const documented = documentedEvents();
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual(Object.keys(DECLARED).sort());
  });
});
