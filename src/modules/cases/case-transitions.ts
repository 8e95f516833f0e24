import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { caseTimelineCtes } from './case-timeline';
import { DataSource, EntityManager } from 'typeorm';
import { caseInScope, teamScope } from '../../common/auth/team-scope';
import { actingApiKeyId, actingUserId, type CaseActor } from './case-actor';
import { CASE_COLUMNS, type CaseDto, type CaseRow, toCaseDto } from './case-rows';
import { joinCustomerOf } from '../customers/customer-sql';
import {
  type CaseAction,
  type CaseStatus,
  illegalTransition,
  statusAfterSql,
  statusesAllowing,
} from './case-states';
import { caseErased, caseNotFound, staleCase } from './cases.errors';

/** What an action changes besides status and version, and what its timeline event says. */
export interface CaseChange {
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

/** The customer of a case, as a writer about the case has locked it. */
export interface CaseCustomer {
  id: string;
  email: string;
}

/**
 * The one way a case changes: every action goes through the state machine in a single conditional
 * statement that also writes the timeline event.
 */
@Injectable()
export class CaseTransitions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in a transaction that first locks the case's customer (as every writer about a
   * customer does: a withdrawal or erasure waits, or has already won). 404 for a case the actor
   * cannot see.
   */
  withCustomer<T>(
    actor: CaseActor,
    id: string,
    work: (manager: EntityManager, customer: CaseCustomer) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const [customer] = await manager.query<CaseCustomer[]>(
        `SELECT cu.id, cu.email FROM follow_up_cases c ${joinCustomerOf('c.customer_id', 'cu')}
         WHERE c.id = $1 AND ${caseInScope('$2', 'c')}
         FOR KEY SHARE OF cu`,
        [id, teamScope(actor)],
      );
      if (!customer) return this.refusal(manager, actor, id);
      return work(manager, customer);
    });
  }

  /**
   * One action on one case, through the state machine: a conditional update (the status must
   * allow it, the version must be the one the caller saw when it sends one) that also writes the
   * timeline event. Refused: 404 for a case the caller cannot see, 409 for a stale version or a
   * status that does not allow it (so of two concurrent resolves, one wins and one gets 409).
   */
  async act(
    actor: CaseActor,
    id: string,
    action: CaseAction,
    change: CaseChange = {},
  ): Promise<CaseDto> {
    const sets = Object.entries(change.set ?? {}).map(([column, sql]) => `, ${column} = ${sql}`);
    const manager = change.manager ?? this.dataSource.manager;
    // The integration that acted, after the change's own values (which are numbered from $8).
    const apiKey = `$${8 + (change.values?.length ?? 0)}::uuid`;
    const [changed] = await manager.query<CaseRow[]>(
      `WITH changed AS (
         UPDATE follow_up_cases SET status = ${statusAfterSql(action)}, version = version + 1,
           updated_at = now()${sets.join('')}
         WHERE id = $1 AND status = ANY($2::text[]) AND erased_at IS NULL
           AND ($3::int IS NULL OR version = $3)
           AND ${caseInScope('$4')}
         RETURNING *
       ),
       ${caseTimelineCtes('timeline', `SELECT id, $5::text, $6::uuid, $7::text, ${apiKey} FROM changed`, { byApiKey: true })}
       SELECT ${CASE_COLUMNS} FROM changed c ${joinCustomerOf('c.customer_id', 'cu')}`,
      [
        id,
        statusesAllowing(action),
        change.expectedVersion ?? null,
        teamScope(actor),
        change.event ?? action,
        actingUserId(actor),
        change.detail ?? null,
        ...(change.values ?? []),
        actingApiKeyId(actor),
      ],
    );
    if (changed) {
      if (!change.then) return toCaseDto(changed);
      await change.then(changed);
      // What followed may have moved the case on (a resolve whose survey cannot be sent closes
      // it): the answer is the case as it now is, so a client's next If-Match holds.
      const [now] = await manager.query<Pick<CaseRow, 'status' | 'version' | 'updated_at'>[]>(
        'SELECT status, version, updated_at FROM follow_up_cases WHERE id = $1',
        [id],
      );
      return toCaseDto({ ...changed, ...now });
    }
    return this.refusal(manager, actor, id, action, change.expectedVersion);
  }

  /**
   * Why an action changed nothing: unknown (404), a customer erased, a stale version or an illegal
   * transition (409).
   */
  private async refusal(
    manager: EntityManager,
    actor: CaseActor,
    id: string,
    action?: CaseAction,
    expectedVersion?: number,
  ): Promise<never> {
    const [now] = await manager.query<
      { status: CaseStatus; version: number; erased_at: Date | null }[]
    >(
      `SELECT status, version, erased_at FROM follow_up_cases
       WHERE id = $1 AND ${caseInScope('$2')}`,
      [id, teamScope(actor)],
    );
    if (!now) throw caseNotFound();
    if (now.erased_at) throw caseErased();
    if (!action) throw caseNotFound();
    if (expectedVersion !== undefined && now.version !== expectedVersion) {
      throw staleCase(now.version);
    }
    throw illegalTransition(action, now.status);
  }
}

/** Who an email about a case goes to. */
export function emailTarget(changed: CaseRow, customer: CaseCustomer) {
  return {
    caseId: changed.id,
    invitationId: changed.invitation_id,
    customerId: customer.id,
    email: customer.email,
  };
}
