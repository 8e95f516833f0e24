/**
 * The events of `bench:webhooks`: logged straight into `domain_events` (whose trigger writes the
 * deliveries, as for any publisher) over rows a scale seed made, in the mix a live Candor logs:
 * answers received, some dissatisfied, cases opened and claimed, each case event with its
 * timeline entry written in the same statement (as `caseTimelineCtes` does), so every message is
 * built from real rows. Nothing is queued for the app's own subscribers: only the webhooks work.
 */
import type { Pool, PoolClient } from 'pg';

/** An internal event type of the mix (`case.created` is public `case.opened`, `case.claimed` `case.assigned`). */
type Kind = 'response.received' | 'response.dissatisfied' | 'case.created' | 'case.claimed';

const KIND_OF = {
  rr: 'response.received',
  rd: 'response.dissatisfied',
  co: 'case.created',
  ca: 'case.claimed',
} as const satisfies Record<string, Kind>;

/** Of every 20 events: 8 answers received, 2 dissatisfied, 5 cases opened, 5 claimed, interleaved. */
const MIX: Kind[] = 'rr co rr ca rr co rd ca rr co rr ca rr co rd ca rr co rr ca'
  .split(' ')
  .map((code) => KIND_OF[code as keyof typeof KIND_OF]);

const PUBLIC_TYPE: Record<string, string> = {
  'response.received': 'response.received',
  'response.dissatisfied': 'response.dissatisfied',
  'case.created': 'case.opened',
  'case.claimed': 'case.assigned',
};

/** The public type a receiver sees for an internal event type of the mix. */
export const publicTypeOf = (domainType: string): string => PUBLIC_TYPE[domainType];

interface AnswerRow {
  id: string;
  surveyVersionId: string;
  invitationId: string;
  customerId: string;
}

interface SeededRows {
  answers: AnswerRow[];
  unhappy: AnswerRow[];
  /** Cases, with who claims them (their assignee, or an agent of the seed). */
  cases: { id: string; actorId: string }[];
}

/** A logged event: its id, internal type, and when it was logged (its transaction's start). */
export interface LoggedEvent {
  id: string;
  type: string;
  occurredAt: number;
}

/** The seeded rows the events point at, in a stable order. */
export async function seededRows(db: Pool): Promise<SeededRows> {
  const answers = await db.query<AnswerRow & { dissatisfied: boolean }>(
    `SELECT id, survey_version_id AS "surveyVersionId", invitation_id AS "invitationId",
       customer_id AS "customerId", dissatisfied
     FROM responses WHERE customer_id IS NOT NULL AND erased_at IS NULL ORDER BY id`,
  );
  const cases = await db.query<{ id: string; actorId: string }>(
    `SELECT c.id, coalesce(c.assignee_id,
       (SELECT id FROM users WHERE role = 'agent' ORDER BY id LIMIT 1)) AS "actorId"
     FROM follow_up_cases c ORDER BY c.id`,
  );
  const rows = {
    answers: answers.rows,
    unhappy: answers.rows.filter((row) => row.dissatisfied),
    cases: cases.rows,
  };
  if (!rows.unhappy.length || !rows.cases.length) throw new Error('the seed made no cases');
  return rows;
}

/** The columns of one statement's events. */
interface EventBatch {
  types: string[];
  payloads: string[];
  caseIds: string[];
  entryTypes: string[];
  actorIds: (string | null)[];
}

/** Hands out the mix's next events, each pointing at the next row of its kind (cycling). */
export class EventSource {
  private taken = 0;
  private readonly next = { answers: 0, unhappy: 0, cases: 0 };

  constructor(private readonly rows: SeededRows) {}

  take(count: number): EventBatch {
    const batch: EventBatch = {
      types: [],
      payloads: [],
      caseIds: [],
      entryTypes: [],
      actorIds: [],
    };
    for (let i = 0; i < count; i += 1) {
      const kind = MIX[this.taken++ % MIX.length];
      if (kind === 'response.received') {
        const answer = this.pick('answers');
        batch.types.push(kind);
        batch.payloads.push(
          JSON.stringify({
            responseId: answer.id,
            surveyVersionId: answer.surveyVersionId,
            identified: true,
            invitationId: answer.invitationId,
            customerId: answer.customerId,
          }),
        );
      } else if (kind === 'response.dissatisfied') {
        batch.types.push(kind);
        batch.payloads.push(JSON.stringify({ responseId: this.pick('unhappy').id }));
      } else {
        const theCase = this.pick('cases');
        batch.caseIds.push(theCase.id);
        batch.entryTypes.push(kind.slice('case.'.length));
        batch.actorIds.push(kind === 'case.claimed' ? theCase.actorId : null);
      }
    }
    return batch;
  }

  private pick<K extends keyof SeededRows>(kind: K): SeededRows[K][number] {
    const rows = this.rows[kind];
    return rows[this.next[kind]++ % rows.length];
  }
}

/** What logging cost the publisher: each statement's time, and deadlocks met (then retried). */
export interface LoggingStats {
  statementMs: number[];
  deadlocks: number;
}

/**
 * Logs a batch in one statement: the answers' events, and the case events with their timeline
 * entries (same transaction time, as the payload builder matches them).
 */
export async function logEvents(
  db: Pool | PoolClient,
  batch: EventBatch,
  stats: LoggingStats,
): Promise<LoggedEvent[]> {
  const started = performance.now();
  const { rows } = await db.query<{ id: string; type: string; occurred_at: Date }>(
    `WITH entries AS (
       INSERT INTO case_events (case_id, type, actor_id)
       SELECT * FROM unnest($3::uuid[], $4::text[], $5::uuid[])
       RETURNING case_id, type, actor_id
     )
     INSERT INTO domain_events (type, payload)
     SELECT * FROM unnest($1::text[], $2::jsonb[])
     UNION ALL
     SELECT 'case.' || type,
       jsonb_build_object('caseId', case_id, 'actorId', actor_id, 'apiKeyId', NULL::uuid)
     FROM entries
     RETURNING id::text, type, occurred_at`,
    [batch.types, batch.payloads, batch.caseIds, batch.entryTypes, batch.actorIds],
  );
  stats.statementMs.push(performance.now() - started);
  return rows.map((row) => ({ id: row.id, type: row.type, occurredAt: row.occurred_at.getTime() }));
}

/**
 * `logEvents` in a transaction of its own. A deadlock (with the dispatcher's locks on the
 * endpoints) is counted and the statement tried again: an app's own transaction would have
 * failed with it.
 */
export async function logEventsAlone(
  db: Pool,
  batch: EventBatch,
  stats: LoggingStats,
): Promise<LoggedEvent[]> {
  for (;;) {
    try {
      return await logEvents(db, batch, stats);
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK) throw error;
      stats.deadlocks += 1;
    }
  }
}

const DEADLOCK = '40P01';
