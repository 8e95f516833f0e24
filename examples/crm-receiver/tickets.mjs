// @ts-check
// The "CRM table": one ticket per Candor case, kept in memory and written whole to a JSON file
// after every change (written aside and renamed, so a crash leaves the old file or the new one).
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * What a case event carries (`case.*` messages; docs/integrations.md lists every field).
 *
 * @typedef {object} CaseEventData
 * @property {{ id: string, externalRef: string | null, status: string, priority: number,
 *   team: { id: string, name: string | null } | null,
 *   assignee: { id: string, name: string | null } | null,
 *   firstContactDueAt: string | null, resolutionDueAt: string | null,
 *   resolvedAt: string | null, rootCause: string | null, version: number }} case
 * @property {{ id: string, externalId: string | null }} customer
 * @property {{ type: string | null, reference: string | null }} touchpoint
 * @property {{ type: string | null, outcome?: string | null,
 *   actor: { kind: 'candor' | 'user' | 'integration', name?: string | null } }} entry
 */

/**
 * A ticket: the CRM's record of a case.
 *
 * @typedef {object} Ticket
 * @property {string} id the CRM's ticket id, which Candor keeps as the case's `externalRef`
 * @property {string} caseId
 * @property {string} customerId Candor's id of the customer (what `customer.erased` names)
 * @property {string | null} customerExternalId the company's own customer id
 * @property {string | null} touchpointReference the booking, order or visit the answer was about
 * @property {string} status the case's status in Candor
 * @property {number} priority
 * @property {string | null} team
 * @property {{ id: string, name: string | null } | null} assignee the Candor user who has the case
 * @property {string | null} resolutionDueAt
 * @property {string | null} rootCause
 * @property {string | null} outcome a closed case's recovery outcome
 * @property {number} caseVersion the case's version this row shows: an older one never overwrites it
 * @property {string | null} linkedAs the case's `externalRef` in Candor as last seen
 * @property {{ type: string, at: string, by: string }[]} history every event, as it arrived
 */

/** Webhook ids remembered for dedupe: far more than Candor can retry in its 3 days for one CRM. */
const SEEN_LIMIT = 50_000;

export class TicketTable {
  /** @type {Map<string, Ticket>} */
  #tickets = new Map();
  /** @type {Set<string>} */
  #seen = new Set();
  #file;

  /** @param {string} file where the table is kept; read if it exists */
  constructor(file) {
    this.#file = file;
    let saved;
    try {
      saved = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error;
      return;
    }
    for (const ticket of /** @type {Ticket[]} */ (saved.tickets))
      this.#tickets.set(ticket.id, ticket);
    this.#seen = new Set(/** @type {string[]} */ (saved.seen));
  }

  /** @returns {Ticket[]} */
  list() {
    return [...this.#tickets.values()];
  }

  /** @param {string} id */
  get(id) {
    return this.#tickets.get(id);
  }

  /** @param {string} caseId */
  byCase(caseId) {
    return this.list().find((ticket) => ticket.caseId === caseId);
  }

  /**
   * Whether a message (by its `webhook-id`) was handled already: Candor delivers at least once.
   *
   * @param {string} webhookId
   */
  handled(webhookId) {
    return this.#seen.has(webhookId);
  }

  /** @param {string} webhookId */
  markHandled(webhookId) {
    this.#seen.add(webhookId);
    if (this.#seen.size > SEEN_LIMIT) this.#seen.delete(this.#seen.values().next().value ?? '');
  }

  /**
   * Mirrors a case event: the case's ticket (opened now if the CRM had none: an endpoint added
   * after the case opened, or `case.opened` still to come) takes the case as the message shows it,
   * unless it already shows a later version (messages of different events can arrive in any order
   * unless the endpoint asked for order).
   *
   * @param {string} type
   * @param {string} occurredAt
   * @param {CaseEventData} data
   * @returns {Ticket}
   */
  mirror(type, occurredAt, data) {
    const ticket = this.byCase(data.case.id) ?? this.#open(data);
    if (data.case.version >= ticket.caseVersion) {
      Object.assign(ticket, {
        status: data.case.status,
        priority: data.case.priority,
        team: data.case.team?.name ?? null,
        assignee: data.case.assignee,
        resolutionDueAt: data.case.resolutionDueAt,
        rootCause: data.case.rootCause,
        caseVersion: data.case.version,
        linkedAs: data.case.externalRef,
      });
    }
    if (type === 'case.closed') ticket.outcome = data.entry.outcome ?? null;
    if (type === 'case.reopened') ticket.outcome = null;
    ticket.history.push({ type, at: occurredAt, by: actorName(data.entry.actor) });
    return ticket;
  }

  /**
   * Takes the case as an API answer gave it (after the CRM resolved it, say).
   *
   * @param {Ticket} ticket
   * @param {{ status: string, version: number, externalRef: string | null }} found
   */
  update(ticket, found) {
    if (found.version < ticket.caseVersion) return;
    Object.assign(ticket, {
      status: found.status,
      caseVersion: found.version,
      linkedAs: found.externalRef,
    });
  }

  /**
   * Forgets a customer Candor erased: their tickets go (a real CRM would erase its own record of
   * them too, or ask whoever decides).
   *
   * @param {string} customerId
   * @returns {number} how many tickets went
   */
  erase(customerId) {
    const theirs = this.list().filter((ticket) => ticket.customerId === customerId);
    for (const ticket of theirs) this.#tickets.delete(ticket.id);
    return theirs.length;
  }

  save() {
    const draft = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(draft, JSON.stringify({ tickets: this.list(), seen: [...this.#seen] }, null, 2));
    renameSync(draft, this.#file);
  }

  /** @param {CaseEventData} data */
  #open(data) {
    /** @type {Ticket} */
    const ticket = {
      // Unique without a counter, so a fresh table never reuses an id Candor still holds.
      id: `T-${randomUUID().slice(0, 8).toUpperCase()}`,
      caseId: data.case.id,
      customerId: data.customer.id,
      customerExternalId: data.customer.externalId,
      touchpointReference: data.touchpoint.reference,
      status: data.case.status,
      priority: data.case.priority,
      team: null,
      assignee: null,
      resolutionDueAt: null,
      rootCause: null,
      outcome: null,
      caseVersion: -1,
      linkedAs: null,
      history: [],
    };
    this.#tickets.set(ticket.id, ticket);
    return ticket;
  }
}

/** @param {CaseEventData['entry']['actor']} actor */
function actorName(actor) {
  if (actor.kind === 'candor') return 'Candor';
  return actor.kind === 'integration' ? `${actor.name} (integration)` : (actor.name ?? 'someone');
}
