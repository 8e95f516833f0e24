import type { EntityManager } from 'typeorm';
import { caseInScope } from '../../common/auth/team-scope';
import type { CaseEventType } from './case-event.entity';

/**
 * How the notifications read cases, in their own transactions: who a case event concerns, and
 * what waits unassigned in a team's queue. Case ids, people and times only: nothing about the
 * customer goes into a staff email.
 */

/** A case event's timeline entry, with the case as it is now. */
export interface CaseEntry {
  /** The timeline entry's id (`case_events.id`), stable across redeliveries of its event. */
  entryId: string;
  type: CaseEventType;
  actorId: string | null;
  /** The integration (API key) that made the entry; null for anyone else. */
  apiKeyId: string | null;
  assigneeId: string | null;
  status: string;
  /** Its customer was erased. */
  erased: boolean;
  /** A later entry of the kinds asked about followed it (an assignment since, say). */
  superseded: boolean;
  /** The customer reopened the case in the same transaction (their words came with it). */
  withCustomerReopen: boolean;
}

/**
 * The entry of `type` that a delivered event was queued with (`entryId`), or the case's latest
 * of `type` for a job queued before events carried their entry; null when the case or the entry
 * is gone. `supersededBy`: the kinds of entry after which this one no longer holds.
 */
export async function caseEntry(
  manager: EntityManager,
  event: { caseId: string; entryId?: string },
  type: CaseEventType,
  supersededBy: CaseEventType[] = [],
): Promise<CaseEntry | null> {
  const [row] = await manager.query<CaseEntry[]>(
    `SELECT e.id::text AS "entryId", e.type, e.actor_id AS "actorId", e.api_key_id AS "apiKeyId",
       c.assignee_id AS "assigneeId", c.status, c.erased_at IS NOT NULL AS erased,
       EXISTS (
         SELECT 1 FROM case_events later WHERE later.case_id = c.id
           AND later.type = ANY($4::text[]) AND later.id > e.id
       ) AS superseded,
       EXISTS (
         SELECT 1 FROM case_events r WHERE r.case_id = c.id AND r.type = 'reopened'
           AND r.actor_id IS NULL AND r.api_key_id IS NULL AND r.at = e.at AND r.id <> e.id
       ) AS "withCustomerReopen"
     FROM follow_up_cases c
     JOIN LATERAL (
       SELECT id, type, actor_id, api_key_id, at FROM case_events
       WHERE case_id = c.id AND type = $3 AND ($2::bigint IS NULL OR id = $2::bigint)
       ORDER BY id DESC LIMIT 1
     ) e ON true
     WHERE c.id = $1`,
    [event.caseId, event.entryId ?? null, type, supersededBy],
  );
  return row ?? null;
}

/**
 * SQL: whether the viewer of `scope` (a parameter holding `teamScope(viewer)`) can still open the
 * case `caseId` (an SQL expression), for a notification's link: true without a case.
 */
export function noticeCaseInScope(caseId: string, scope: string): string {
  return `NOT EXISTS (SELECT 1 FROM follow_up_cases scoped
    WHERE scoped.id = ${caseId} AND NOT ${caseInScope(scope, 'scoped')})`;
}

/** A case waiting for someone to take it, for a digest. */
export interface WaitingCase {
  id: string;
  priority: number;
  openedAt: Date;
  firstContactDueAt: Date;
}

/**
 * The open, unassigned cases an agent of `teamId` sees (their team's and unrouted ones; only
 * unrouted ones for an agent without a team, as `teamScope` says): how many, and the oldest.
 */
export async function unassignedCasesInScope(
  manager: EntityManager,
  scope: string,
  oldest: number,
): Promise<{ count: number; oldest: WaitingCase[] }> {
  const [counted] = await manager.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM follow_up_cases c
     WHERE c.status = 'open' AND c.assignee_id IS NULL AND ${caseInScope('$1', 'c')}`,
    [scope],
  );
  if (!counted || counted.n === 0 || oldest === 0) return { count: counted?.n ?? 0, oldest: [] };
  const rows = await manager.query<WaitingCase[]>(
    `SELECT c.id, c.priority, c.created_at AS "openedAt", c.first_contact_due_at AS "firstContactDueAt"
     FROM follow_up_cases c
     WHERE c.status = 'open' AND c.assignee_id IS NULL AND ${caseInScope('$1', 'c')}
     ORDER BY c.created_at, c.id LIMIT $2`,
    [scope, oldest],
  );
  return { count: counted.n, oldest: rows };
}

/** What a notice about a case says of it: its state, owner and deadlines. */
export interface CaseNoticeFacts {
  id: string;
  status: string;
  priority: number;
  assigneeId: string | null;
  /** Its customer was erased. */
  erased: boolean;
  firstContactDueAt: Date;
  firstContactedAt: Date | null;
  resolutionDueAt: Date;
}

export async function caseNoticeFacts(
  manager: EntityManager,
  caseIds: string[],
): Promise<Map<string, CaseNoticeFacts>> {
  if (caseIds.length === 0) return new Map();
  const rows = await manager.query<CaseNoticeFacts[]>(
    `SELECT id, status, priority, assignee_id AS "assigneeId", erased_at IS NOT NULL AS erased,
       first_contact_due_at AS "firstContactDueAt", first_contacted_at AS "firstContactedAt",
       resolution_due_at AS "resolutionDueAt"
     FROM follow_up_cases WHERE id = ANY($1::uuid[])`,
    [caseIds],
  );
  return new Map(rows.map((row) => [row.id, row]));
}
