import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { caseTimelineCtes } from './case-timeline';
import { DataSource } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import { caseInScope, teamScope } from '../../common/auth/team-scope';
import { isUniqueViolation } from '../../common/database/postgres-errors';
import { validationError } from '../../common/validation/validation-error';
import type { Page } from '../../common/pagination/page-query';
import { preparedQuery } from '../../common/database/prepared-query';
import type { RequestOrigin } from '../audit/audit-log';
import { SuppressionsService } from '../suppressions/suppressions.service';
import { joinCustomerOf } from '../customers/customer-sql';
import { CASE_OWNER_ROLES, canOwnCases } from '../users/user-sql';
import { statusAfterSql, statusesAllowing } from './case-states';
import { CaseMessages } from './case-messages';
import { CaseDetails, type CaseDetailDto } from './case-detail';
import { CaseReads, type CaseFilter } from './case-reads';
import { CASE_COLUMNS, type CaseDto, type CaseRow, toCaseDto } from './case-rows';
import type { CaseActor } from './case-actor';
import { CaseTransitions, emailTarget } from './case-transitions';
import { CaseEscalations } from './escalation/case-escalations';
import { CaseRecoveries } from './recovery/case-recoveries';
import { RootCausesService } from './rules/root-causes.service';
import { customerUnreachable, externalRefTaken, notACaseOwner } from './cases.errors';

export type { CaseDetailDto, CaseDto, CaseFilter };

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
  ${caseTimelineCtes('timeline', "SELECT id, 'claimed', $1::uuid, NULL FROM claimed")}
  SELECT ${CASE_COLUMNS} FROM claimed c ${joinCustomerOf('c.customer_id', 'cu')}`;

/**
 * Working follow-up cases (they are opened by CaseOpening): the queue that never hands one case
 * to two agents, the case view (CaseDetails), and every action through the one state machine
 * (CaseTransitions). Writers that touch the customer's data lock the customer's row first, as
 * every writer about a customer does.
 */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: CaseReads,
    private readonly details: CaseDetails,
    private readonly transitions: CaseTransitions,
    private readonly messages: CaseMessages,
    private readonly suppressions: SuppressionsService,
    private readonly recoveries: CaseRecoveries,
    private readonly escalations: CaseEscalations,
    private readonly rootCauses: RootCausesService,
  ) {}

  /**
   * The most urgent open case the agent may take (then the oldest), now theirs; null when none
   * is left. Rows another agent is claiming are skipped, not waited for.
   */
  async claimNext(agent: UserPrincipal): Promise<CaseDto | null> {
    if (!CASE_OWNER_ROLES.includes(agent.role)) throw notACaseOwner();
    const [claimed] = await preparedQuery<CaseRow>(this.dataSource, 'claim-next-case', CLAIM_NEXT, [
      agent.userId,
      teamScope(agent),
    ]);
    return claimed ? toCaseDto(claimed) : null;
  }

  /** This waiting case becomes the caller's (409 when someone else took it first). */
  claim(agent: UserPrincipal, id: string, expectedVersion?: number) {
    if (!CASE_OWNER_ROLES.includes(agent.role)) throw notACaseOwner();
    return this.transitions.act(agent, id, 'claim', {
      expectedVersion,
      set: { assignee_id: '$8::uuid' },
      values: [agent.userId],
      event: 'claimed',
    });
  }

  /** Newest first; agents see their team's cases and those not routed yet, integrations all. */
  list(viewer: CaseActor, filter: CaseFilter): Promise<Page<CaseDto>> {
    return this.reads.list(viewer, filter);
  }

  /**
   * The case with its timeline, its dialogue, the answer it follows up and the customer 360.
   * A view of identified data: audited (who, from where) before anything is returned.
   */
  get(viewer: CaseActor, id: string, origin: RequestOrigin): Promise<CaseDetailDto> {
    return this.details.get(viewer, id, origin);
  }

  note(actor: CaseActor, id: string, body: string, expectedVersion?: number) {
    return this.transitions.act(actor, id, 'note', {
      expectedVersion,
      event: 'note',
      detail: body,
    });
  }

  /** A call or meeting: the first one is the case's first contact. */
  logContact(
    actor: CaseActor,
    id: string,
    contact: { channel: string; summary: string },
    expectedVersion?: number,
  ) {
    return this.transitions.act(actor, id, 'contact', {
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
    return this.transitions.withCustomer(viewer, id, async (manager, customer) => {
      const suppressed = await this.suppressions.suppressionsFor([customer.email], manager);
      if (suppressed.size > 0) throw customerUnreachable();
      return this.transitions.act(viewer, id, 'contact', {
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

  async assign(
    actor: CaseActor,
    id: string,
    to: { userId: string; comment?: string },
    expectedVersion?: number,
  ) {
    // The case's team as the assigner sees it (an unknown case is the act's 404 below).
    const [scoped] = await this.dataSource.query<{ team_id: string | null }[]>(
      `SELECT team_id FROM follow_up_cases WHERE id = $1 AND ${caseInScope('$2')}`,
      [id, teamScope(actor)],
    );
    if (scoped && !(await canOwnCases(this.dataSource.manager, to.userId, scoped.team_id))) {
      throw validationError([
        {
          field: 'userId',
          message: scoped.team_id
            ? "must be an active agent or manager of the case's team"
            : 'must be an active agent or manager',
        },
      ]);
    }
    return this.transitions.act(actor, id, 'assign', {
      expectedVersion,
      set: { assignee_id: '$8::uuid' },
      values: [to.userId],
      event: 'assigned',
      detail: to.comment,
    });
  }

  async resolve(
    actor: CaseActor,
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
    return this.transitions.withCustomer(actor, id, (manager, customer) =>
      this.transitions.act(actor, id, 'resolve', {
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
  reopen(actor: CaseActor, id: string, expectedVersion?: number) {
    return this.dataSource.transaction((manager) =>
      this.transitions.act(actor, id, 'reopen', {
        manager,
        expectedVersion,
        set: { resolved_at: 'NULL' },
        event: 'reopened',
        then: (changed) => this.escalations.watchReopened(manager, changed.id),
      }),
    );
  }

  /**
   * Names the CRM's ticket about the case (null clears it): a change like any other (version,
   * If-Match, a timeline entry), allowed in any status. A ticket names one case: another case
   * carrying it is 409, naming that case.
   */
  async setExternalRef(
    actor: CaseActor,
    id: string,
    externalRef: string | null,
    expectedVersion?: number,
  ): Promise<CaseDto> {
    try {
      return await this.transitions.act(actor, id, 'setExternalRef', {
        expectedVersion,
        set: { external_ref: '$8::text' },
        values: [externalRef],
        event: 'external_ref_set',
        detail: externalRef ?? undefined,
      });
    } catch (error) {
      if (!isUniqueViolation(error) || externalRef === null) throw error;
      const [other] = await this.dataSource.query<{ id: string }[]>(
        'SELECT id FROM follow_up_cases WHERE external_ref = $1',
        [externalRef],
      );
      throw externalRefTaken(externalRef, other?.id);
    }
  }
}
