import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import { caseInScope, teamScope } from '../../common/auth/team-scope';
import { validationError } from '../../common/validation/validation-error';
import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  type Page,
  pageOf,
  type PageQuery,
} from '../../common/pagination/page-query';
import { preparedQuery } from '../../database/prepared-query';
import { AuditLog, type RequestOrigin } from '../audit/audit-log';
import { Customer360, type Customer360Dto } from '../customers/customer-360';
import { SuppressionsService } from '../suppressions/suppressions.service';
import {
  type CaseAction,
  type CaseStatus,
  illegalTransition,
  statusAfterSql,
  statusesAllowing,
} from './case-states';
import { CaseMessages, type CaseMessageDto } from './case-messages';
import { CaseEscalations } from './escalation/case-escalations';
import { CaseRecoveries } from './recovery/case-recoveries';
import { RootCausesService } from './rules/root-causes.service';
import type { CaseSource } from './follow-up-case.entity';
import { CASE_CONDITIONS, CASE_OUTCOMES, type CaseOutcome } from './case-outcomes';
import { caseNotFound, customerUnreachable, staleCase } from './cases.errors';

/** A case as the API shows it. */
export interface CaseDto {
  id: string;
  status: CaseStatus;
  source: CaseSource;
  priority: number;
  teamId: string | null;
  assigneeId: string | null;
  invitationId: string;
  customer: { externalId: string; name: string | null };
  firstContactDueAt: string;
  resolutionDueAt: string;
  /** When a deadline first passed with the case still open; null while none has. */
  overdueAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CaseDetailDto extends CaseDto {
  timeline: { type: string; at: string; actorId: string | null; detail: string | null }[];
  /** The email dialogue with the customer, oldest first. */
  messages: CaseMessageDto[];
  /** The customer 360: profile, consents, preferences, answers and cases. */
  customer: Customer360Dto;
  response: { score: number; answers: unknown; comment: string | null } | null;
}

export interface CaseFilter extends PageQuery {
  status?: CaseStatus;
  /** `me` or a user id. */
  assignee?: string;
  /** A team's cases (agents see only their own team's and unrouted ones anyway). */
  team?: string;
  /** Only cases past a deadline and not yet resolved. */
  overdue?: boolean;
  /** Opened at or after this time (the reports' drill-down). */
  openedFrom?: string;
  /** Opened before this time. */
  openedBefore?: string;
  /** A survey key: cases from any of its versions. */
  survey?: string;
  /** The invitation's touchpoint type. */
  touchpointType?: string;
  /** What became of them (see case-outcomes.ts). */
  outcome?: CaseOutcome;
}

const CASE_COLUMNS = `c.id, c.status, c.source, c.priority, c.team_id, c.assignee_id, c.invitation_id,
  c.first_contact_due_at, c.resolution_due_at, c.overdue_at, c.version, c.created_at, c.updated_at,
  cu.external_id, cu.name`;

/**
 * The queue: the partial index on open cases gives priority, then age, so a claim reads a row or
 * two (the claimable statuses are written out, not a parameter, for the planner to use that
 * index); rows another agent is claiming are skipped, not waited for.
 */
const CLAIM_NEXT = `
  WITH next AS (
    SELECT id FROM follow_up_cases
    WHERE status IN (${statusesAllowing('claim')
      .map((status) => `'${status}'`)
      .join(', ')})
      AND ${caseInScope('$2')}
    ORDER BY priority, created_at
    LIMIT 1 FOR UPDATE SKIP LOCKED
  ),
  claimed AS (
    UPDATE follow_up_cases c SET status = ${statusAfterSql('claim')}, assignee_id = $1,
      version = c.version + 1, updated_at = now()
    WHERE c.id = (SELECT id FROM next) -- by primary key: a join could scan the whole table
    RETURNING c.*
  ),
  timeline AS (
    INSERT INTO case_events (case_id, type, actor_id) SELECT id, 'claimed', $1 FROM claimed
  )
  SELECT ${CASE_COLUMNS} FROM claimed c JOIN customers cu ON cu.id = c.customer_id`;

interface CaseRow {
  id: string;
  status: CaseStatus;
  source: CaseSource;
  priority: number;
  team_id: string | null;
  assignee_id: string | null;
  invitation_id: string;
  first_contact_due_at: Date;
  resolution_due_at: Date;
  overdue_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  external_id: string;
  name: string | null;
}

/**
 * Working follow-up cases (they are opened by CaseOpening): the queue that never hands one case
 * to two agents, the case view, and every action through the one state machine. Writers that
 * touch the customer's data lock the customer's row first, as every writer about a customer does.
 */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messages: CaseMessages,
    private readonly suppressions: SuppressionsService,
    private readonly customer360: Customer360,
    private readonly recoveries: CaseRecoveries,
    private readonly escalations: CaseEscalations,
    private readonly audit: AuditLog,
    private readonly rootCauses: RootCausesService,
  ) {}

  /** Whether a user may own cases (an active agent or manager). */
  private async canOwnCases(userId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM users WHERE id = $1 AND role IN ('agent', 'manager') AND disabled_at IS NULL`,
      [userId],
    );
    return rows.length > 0;
  }

  /**
   * The most urgent open case the agent may take (then the oldest), now theirs; null when none
   * is left. Rows another agent is claiming are skipped, not waited for.
   */
  async claimNext(agent: UserPrincipal): Promise<CaseDto | null> {
    const [claimed] = await preparedQuery<CaseRow>(this.dataSource, 'claim-next-case', CLAIM_NEXT, [
      agent.userId,
      teamScope(agent),
    ]);
    return claimed ? toCaseDto(claimed) : null;
  }

  /** Newest first; agents see their team's cases and those not routed yet. */
  async list(viewer: UserPrincipal, filter: CaseFilter): Promise<Page<CaseDto>> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const [at, id] = filter.cursor ? decodeCursor(filter.cursor, 2) : [null, null];
    const assignee = filter.assignee === 'me' ? viewer.userId : (filter.assignee ?? null);
    const rows = await this.dataSource.query<(CaseRow & { cursor_at: string })[]>(
      `SELECT ${CASE_COLUMNS}, c.created_at::text AS cursor_at
       FROM follow_up_cases c JOIN customers cu ON cu.id = c.customer_id
       WHERE ${caseInScope('$1', 'c')}
         AND ($2::text IS NULL OR c.status = $2)
         AND ($3::uuid IS NULL OR c.assignee_id = $3)
         AND ($4::timestamptz IS NULL OR (c.created_at, c.id) < ($4::timestamptz, $5::uuid))
         AND ($7::uuid IS NULL OR c.team_id = $7)
         AND (NOT $8::boolean OR (c.overdue_at IS NOT NULL AND ${CASE_CONDITIONS.live}))
         AND ($9::timestamptz IS NULL OR c.created_at >= $9)
         AND ($10::timestamptz IS NULL OR c.created_at < $10)
         AND ($11::text IS NULL OR c.survey_version_id IN
              (SELECT v.id FROM survey_versions v JOIN surveys s ON s.id = v.survey_id WHERE s.key = $11))
         AND ($12::text IS NULL OR c.invitation_id IN
              (SELECT i.id FROM invitations i WHERE i.touchpoint_type = $12))
         AND ${filter.outcome ? CASE_OUTCOMES[filter.outcome] : 'true'}
       ORDER BY c.created_at DESC, c.id DESC
       LIMIT $6`,
      [
        teamScope(viewer),
        filter.status ?? null,
        assignee,
        at,
        id,
        limit + 1,
        filter.team ?? null,
        filter.overdue ?? false,
        filter.openedFrom ?? null,
        filter.openedBefore ?? null,
        filter.survey ?? null,
        filter.touchpointType ?? null,
      ],
    );
    return pageOf(rows, limit, toCaseDto, (row) => [row.cursor_at, row.id]);
  }

  /**
   * The case with its timeline, its dialogue, the answer it follows up and the customer 360.
   * A view of identified data: audited (who, from where) before anything is returned.
   */
  async get(viewer: UserPrincipal, id: string, origin: RequestOrigin): Promise<CaseDetailDto> {
    const [row] = await this.dataSource.query<(CaseRow & { customer_id: string })[]>(
      `SELECT ${CASE_COLUMNS}, c.customer_id
       FROM follow_up_cases c JOIN customers cu ON cu.id = c.customer_id
       WHERE c.id = $1 AND ${caseInScope('$2', 'c')}`,
      [id, teamScope(viewer)],
    );
    // Another team's case reads as unknown: its existence is not the agent's business.
    if (!row) throw caseNotFound();
    await this.audit.record({
      actorUserId: viewer.userId,
      action: 'case.viewed',
      subjectType: 'case',
      subjectId: id,
      customerId: row.customer_id,
      origin,
    });
    const [timeline, responses, messages, customer] = await Promise.all([
      this.dataSource.query<
        { type: string; at: Date; actor_id: string | null; detail: string | null }[]
      >('SELECT type, at, actor_id, detail FROM case_events WHERE case_id = $1 ORDER BY id', [id]),
      this.dataSource.query<{ score: number; answers: unknown; comment: string | null }[]>(
        `SELECT r.score, r.answers, r.comment FROM responses r
         JOIN follow_up_cases c ON c.response_id = r.id WHERE c.id = $1`,
        [id],
      ),
      this.messages.dialogue(id),
      this.customer360.of(row.customer_id, teamScope(viewer)),
    ]);
    // Erased between the two reads: the case went with the customer.
    if (!customer) throw caseNotFound();
    return {
      ...toCaseDto(row),
      customer,
      response: responses[0] ?? null,
      messages,
      timeline: timeline.map((event) => ({
        type: event.type,
        at: event.at.toISOString(),
        actorId: event.actor_id,
        detail: event.detail,
      })),
    };
  }

  note(viewer: UserPrincipal, id: string, body: string, expectedVersion?: number) {
    return this.act(viewer, id, 'note', { expectedVersion, event: 'note', detail: body });
  }

  /** A call or meeting: the first one is the case's first contact. */
  logContact(
    viewer: UserPrincipal,
    id: string,
    contact: { channel: string; summary: string },
    expectedVersion?: number,
  ) {
    return this.act(viewer, id, 'contact', {
      expectedVersion,
      set: { first_contacted_at: 'COALESCE(first_contacted_at, now())' },
      event: 'contact_logged',
      detail: `${contact.channel}: ${contact.summary}`,
    });
  }

  /**
   * Emails the customer from the case (the first email or call is the case's first contact). The
   * message, its outbox row and the case change are one transaction; the email counts against the
   * customer's contact budget like every email, and it is not refused by it: the customer asked
   * to be contacted, and this is that contact.
   */
  async sendMessage(
    viewer: UserPrincipal,
    id: string,
    message: { subject: string; body: string },
    expectedVersion?: number,
  ): Promise<CaseDto> {
    return this.withCustomer(viewer, id, async (manager, customer) => {
      const suppressed = await this.suppressions.suppressionsFor([customer.email], manager);
      if (suppressed.size > 0) throw customerUnreachable();
      return this.act(viewer, id, 'contact', {
        manager,
        expectedVersion,
        set: { first_contacted_at: 'COALESCE(first_contacted_at, now())' },
        event: 'message_sent',
        detail: message.subject,
        then: (changed) =>
          this.messages.queue(manager, emailTarget(changed, customer), viewer.userId, message),
      });
    });
  }

  /**
   * Runs `work` in a transaction that first locks the case's customer (as every writer about a
   * customer does: a withdrawal or erasure waits, or has already won). 404 for a case the viewer
   * cannot see.
   */
  private withCustomer<T>(
    viewer: UserPrincipal,
    id: string,
    work: (manager: EntityManager, customer: { id: string; email: string }) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const [customer] = await manager.query<{ id: string; email: string }[]>(
        `SELECT cu.id, cu.email FROM follow_up_cases c JOIN customers cu ON cu.id = c.customer_id
         WHERE c.id = $1 AND ${caseInScope('$2', 'c')}
         FOR KEY SHARE OF cu`,
        [id, teamScope(viewer)],
      );
      if (!customer) throw caseNotFound();
      return work(manager, customer);
    });
  }

  async assign(
    viewer: UserPrincipal,
    id: string,
    to: { userId: string; comment?: string },
    expectedVersion?: number,
  ) {
    if (!(await this.canOwnCases(to.userId))) {
      throw validationError([{ field: 'userId', message: 'must be an active agent or manager' }]);
    }
    return this.act(viewer, id, 'assign', {
      expectedVersion,
      set: { assignee_id: '$8::uuid' },
      values: [to.userId],
      event: 'assigned',
      detail: to.comment,
    });
  }

  async resolve(
    viewer: UserPrincipal,
    id: string,
    outcome: { rootCause: string; resolution: string },
    expectedVersion?: number,
  ) {
    if (!(await this.rootCauses.usable(outcome.rootCause))) {
      throw validationError([
        { field: 'rootCause', message: 'must be a root cause of the taxonomy (not retired)' },
      ]);
    }
    // The recovery survey goes out with the resolve, or neither happens.
    return this.withCustomer(viewer, id, (manager, customer) =>
      this.act(viewer, id, 'resolve', {
        manager,
        expectedVersion,
        set: { resolved_at: 'now()', root_cause: '$8', resolution: '$9' },
        values: [outcome.rootCause, outcome.resolution],
        event: 'resolved',
        detail: outcome.rootCause,
        then: (changed) => this.recoveries.offer(manager, emailTarget(changed, customer)),
      }),
    );
  }

  /** Back to work; its resolution deadline escalates again (its step was skipped while resolved). */
  reopen(viewer: UserPrincipal, id: string, expectedVersion?: number) {
    return this.dataSource.transaction((manager) =>
      this.act(viewer, id, 'reopen', {
        manager,
        expectedVersion,
        set: { resolved_at: 'NULL' },
        event: 'reopened',
        then: (changed) => this.escalations.watchReopened(manager, changed.id),
      }),
    );
  }

  /**
   * One action on one case, through the state machine: a conditional update (the status must
   * allow it, the version must be the one the caller saw when it sends one) that also writes the
   * timeline event. Refused: 404 for a case the caller cannot see, 409 for a stale version or a
   * status that does not allow it (so of two concurrent resolves, one wins and one gets 409).
   */
  private async act(
    viewer: UserPrincipal,
    id: string,
    action: CaseAction,
    change: CaseChange = {},
  ): Promise<CaseDto> {
    const sets = Object.entries(change.set ?? {}).map(([column, sql]) => `, ${column} = ${sql}`);
    const manager = change.manager ?? this.dataSource.manager;
    const [changed] = await manager.query<CaseRow[]>(
      `WITH changed AS (
         UPDATE follow_up_cases SET status = ${statusAfterSql(action)}, version = version + 1,
           updated_at = now()${sets.join('')}
         WHERE id = $1 AND status = ANY($2::text[])
           AND ($3::int IS NULL OR version = $3)
           AND ${caseInScope('$4')}
         RETURNING *
       ),
       timeline AS (
         INSERT INTO case_events (case_id, type, actor_id, detail)
         SELECT id, $5, $6, $7 FROM changed
       )
       SELECT ${CASE_COLUMNS} FROM changed c JOIN customers cu ON cu.id = c.customer_id`,
      [
        id,
        statusesAllowing(action),
        change.expectedVersion ?? null,
        teamScope(viewer),
        change.event ?? action,
        viewer.userId,
        change.detail ?? null,
        ...(change.values ?? []),
      ],
    );
    if (changed) {
      await change.then?.(changed);
      return toCaseDto(changed);
    }
    const [now] = await manager.query<{ status: CaseStatus; version: number }[]>(
      `SELECT status, version FROM follow_up_cases
       WHERE id = $1 AND ${caseInScope('$2')}`,
      [id, teamScope(viewer)],
    );
    if (!now) throw caseNotFound();
    if (change.expectedVersion !== undefined && now.version !== change.expectedVersion) {
      throw staleCase(now.version);
    }
    throw illegalTransition(action, now.status);
  }
}

/** What an action changes besides status and version, and what its timeline event says. */
interface CaseChange {
  /** The version the caller saw (`If-Match`); a newer one means someone changed it meanwhile. */
  expectedVersion?: number;
  /** Column → SQL expression; its parameters are `values`, numbered from $8. */
  set?: Record<string, string>;
  values?: unknown[];
  /** The event type when it is not the action's name. */
  event?: string;
  detail?: string;
  /** The caller's transaction, when the change is part of a larger one. */
  manager?: EntityManager;
  /** What else the change does, in `manager`'s transaction, once the case has changed. */
  then?: (changed: CaseRow) => Promise<void>;
}

/** Who an email about a case goes to. */
function emailTarget(changed: CaseRow, customer: { id: string; email: string }) {
  return {
    caseId: changed.id,
    invitationId: changed.invitation_id,
    customerId: customer.id,
    email: customer.email,
  };
}

function toCaseDto(row: CaseRow): CaseDto {
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    priority: row.priority,
    teamId: row.team_id,
    assigneeId: row.assignee_id,
    invitationId: row.invitation_id,
    customer: { externalId: row.external_id, name: row.name },
    firstContactDueAt: row.first_contact_due_at.toISOString(),
    resolutionDueAt: row.resolution_due_at.toISOString(),
    overdueAt: row.overdue_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
