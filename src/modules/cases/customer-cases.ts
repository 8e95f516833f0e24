import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { lockCustomersSql } from '../customers/customer-sql';
import type { CaseMessageDto } from './case-messages';
import { statusAfterSql, statusesAllowing, type CaseStatus } from './case-states';
import { caseTimelineCtes } from './case-timeline';
import { CaseEscalations } from './escalation/case-escalations';

/** A case as its customer sees it on "Your feedback": no internal notes, no agent names. */
export interface CustomerCaseView {
  id: string;
  /** The identified answer it follows up; null for a request to be contacted. */
  responseId: string | null;
  status: CaseStatus;
  openedAt: Date;
  firstContactDueAt: Date;
  resolvedAt: Date | null;
  /** What was done, in the agent's words, once resolved. */
  resolution: string | null;
  /** The emails both ways, oldest first. */
  messages: Pick<CaseMessageDto, 'direction' | 'subject' | 'body' | 'at'>[];
  /** Whether they can still write to it (it is being worked or resolved). */
  canReply: boolean;
  /** Whether they can say it is not resolved (it is resolved or closed). */
  canReopen: boolean;
}

/** Most a customer's message may hold, as for an emailed reply. */
const MAX_BODY = 20_000;

/**
 * The customer's side of their cases: what they see of them, their replies, and "this is not
 * resolved", which gives the case back to its agent with their words. Each write locks the
 * customer's row first, as every writer about a customer does.
 */
@Injectable()
export class CustomerCases {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly escalations: CaseEscalations,
  ) {}

  /** The customer's cases, newest first. */
  async casesOf(customerId: string): Promise<CustomerCaseView[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        response_id: string | null;
        status: CaseStatus;
        created_at: Date;
        first_contact_due_at: Date;
        resolved_at: Date | null;
        resolution: string | null;
      }[]
    >(
      `SELECT id, response_id, status, created_at, first_contact_due_at, resolved_at, resolution
       FROM follow_up_cases WHERE customer_id = $1 ORDER BY created_at DESC, id DESC`,
      [customerId],
    );
    // The dialogues of all their cases in one query.
    const messages = await this.dataSource.query<
      {
        case_id: string;
        direction: CaseMessageDto['direction'];
        subject: string;
        body: string;
        created_at: Date;
      }[]
    >(
      `SELECT case_id, direction, subject, body, created_at FROM case_messages
       WHERE case_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [rows.map((row) => row.id)],
    );
    return rows.map((row) => ({
      id: row.id,
      responseId: row.response_id,
      status: row.status,
      openedAt: row.created_at,
      firstContactDueAt: row.first_contact_due_at,
      resolvedAt: row.resolved_at,
      resolution: row.resolved_at ? row.resolution : null,
      messages: messages
        .filter((message) => message.case_id === row.id)
        .map(({ direction, subject, body, created_at }) => ({
          direction,
          subject,
          body,
          at: created_at.toISOString(),
        })),
      canReply: statusesAllowing('note').includes(row.status),
      canReopen: statusesAllowing('reopen').includes(row.status),
    }));
  }

  /** Their message, into the case's dialogue; false when the case is not theirs or has ended. */
  async reply(customerId: string, caseId: string, subject: string, body: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(lockCustomersSql('id = $1', 'KEY SHARE'), [customerId]);
      const recorded = await this.recordMessage(manager, customerId, caseId, subject, body, [
        ...statusesAllowing('note'),
      ]);
      return recorded;
    });
  }

  /**
   * "This is not resolved": the case goes back to its agent (as an agent's reopen does), with
   * their words in the dialogue; false when it is not theirs or not resolved or closed.
   */
  async reopen(
    customerId: string,
    caseId: string,
    subject: string,
    body: string,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(lockCustomersSql('id = $1', 'KEY SHARE'), [customerId]);
      const [reopened] = await manager.query<{ id: string }[]>(
        `WITH changed AS (
           UPDATE follow_up_cases SET status = ${statusAfterSql('reopen')}, resolved_at = NULL,
             version = version + 1, updated_at = now()
           WHERE id = $1 AND customer_id = $2 AND status = ANY($3::text[])
           RETURNING id
         ),
         ${caseTimelineCtes('timeline', "SELECT id, 'reopened', NULL::uuid, 'not_resolved_by_customer' FROM changed")}
         SELECT id FROM changed`,
        [caseId, customerId, statusesAllowing('reopen')],
      );
      if (!reopened) return false;
      if (body.trim()) {
        await this.recordMessage(manager, customerId, caseId, subject, body, ['assigned']);
      }
      await this.escalations.watchReopened(manager, caseId);
      return true;
    });
  }

  private async recordMessage(
    manager: EntityManager,
    customerId: string,
    caseId: string,
    subject: string,
    body: string,
    statuses: readonly CaseStatus[],
  ): Promise<boolean> {
    const [recorded] = await manager.query<{ case_id: string }[]>(
      `WITH message AS (
         INSERT INTO case_messages (id, case_id, direction, subject, body, message_id)
         SELECT $3, id, 'inbound', $4, $5, $6 FROM follow_up_cases
         WHERE id = $1 AND customer_id = $2 AND status = ANY($7::text[])
         RETURNING case_id
       ),
       ${caseTimelineCtes('timeline', "SELECT case_id, 'reply_received', NULL::uuid, $4 FROM message")},
       touched AS (
         -- Not the version: a reply must not turn an agent's pending edit into a conflict.
         UPDATE follow_up_cases SET updated_at = now() WHERE id = (SELECT case_id FROM message)
       )
       SELECT case_id FROM message`,
      [
        caseId,
        customerId,
        randomUUID(),
        subject,
        body.slice(0, MAX_BODY),
        `<${randomUUID()}@your-feedback.invalid>`,
        statuses,
      ],
    );
    return recorded !== undefined;
  }
}
