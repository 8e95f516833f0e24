import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returningRows } from '../../common/database/returning-rows';
import { statusAfterSql, statusesAllowing } from './case-states';
import { caseTimelineCtes } from './case-timeline';
import {
  ERASED_TEXT,
  exportedTime,
  PersonalData,
  PersonalDataRegistry,
} from '../../common/privacy/personal-data';

export interface CaseExport {
  id: string;
  status: string;
  openedAt: string;
  resolvedAt: string | null;
  resolution: string | null;
  timeline: { type: string; at: string; detail: string | null }[];
  /** The email dialogue: what the company wrote and what the customer replied. */
  messages: { direction: string; at: string; subject: string; body: string }[];
  /** "Did we make it right?": each recovery survey sent, and the answer when given. */
  recoveries: {
    sentAt: string;
    answeredAt: string | null;
    score: number | null;
    comment: string | null;
  }[];
}

interface CaseRow {
  id: string;
  status: string;
  created_at: Date;
  resolved_at: Date | null;
  resolution: string | null;
}

/**
 * A customer's cases with their timelines, dialogue and recoveries: exported; on erasure kept
 * without the person (the history stays, the person goes).
 */
@Injectable()
export class CasePersonalData implements PersonalData, OnModuleInit {
  readonly tables = ['follow_up_cases', 'case_events', 'case_messages', 'case_recoveries'];
  // unmatched_inbound_mail holds no customer's data (a keyed sender hash); its link to a kept
  // case is cut below.
  readonly erasureStep = 'detach';

  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(manager: EntityManager, customerId: string): Promise<{ cases: CaseExport[] }> {
    const ofCustomer = (select: string, table: string, order: string) =>
      `SELECT x.case_id, ${select} FROM ${table} x JOIN follow_up_cases c ON c.id = x.case_id
       WHERE c.customer_id = $1 ORDER BY ${order}`;
    const [cases, events, messages, recoveries] = await Promise.all([
      manager.query<CaseRow[]>(
        `SELECT id, status, created_at, resolved_at, resolution FROM follow_up_cases
         WHERE customer_id = $1 ORDER BY created_at`,
        [customerId],
      ),
      manager.query<{ case_id: string; type: string; at: Date; detail: string | null }[]>(
        ofCustomer('x.type, x.at, x.detail', 'case_events', 'x.id'),
        [customerId],
      ),
      manager.query<
        { case_id: string; direction: string; created_at: Date; subject: string; body: string }[]
      >(
        ofCustomer(
          'x.direction, x.created_at, x.subject, x.body',
          'case_messages',
          'x.created_at, x.id',
        ),
        [customerId],
      ),
      manager.query<
        {
          case_id: string;
          created_at: Date;
          answered_at: Date | null;
          score: number | null;
          comment: string | null;
        }[]
      >(
        ofCustomer(
          'x.created_at, x.answered_at, x.score, x.comment',
          'case_recoveries',
          'x.created_at',
        ),
        [customerId],
      ),
    ]);
    const ofCase = <T extends { case_id: string }>(rows: T[], id: string) =>
      rows.filter((row) => row.case_id === id);
    return {
      cases: cases.map((row) => ({
        id: row.id,
        status: row.status,
        openedAt: exportedTime(row.created_at),
        resolvedAt: exportedTime(row.resolved_at),
        resolution: row.resolution,
        timeline: ofCase(events, row.id).map((event) => ({
          type: event.type,
          at: exportedTime(event.at),
          detail: event.detail,
        })),
        messages: ofCase(messages, row.id).map((message) => ({
          direction: message.direction,
          at: exportedTime(message.created_at),
          subject: message.subject,
          body: message.body,
        })),
        recoveries: ofCase(recoveries, row.id).map((recovery) => ({
          sentAt: exportedTime(recovery.created_at),
          answeredAt: exportedTime(recovery.answered_at),
          score: recovery.score,
          comment: recovery.comment,
        })),
      })),
    };
  }

  /**
   * Keeps each case de-identified: no customer, no words of theirs or about them (messages,
   * reply ids, timeline details, what was done, recovery comments), no CRM ticket id (it leads to
   * them in the CRM), and no link that still opens; status, root cause, times, team, agent and the
   * recovery's score stay, so reports and the case lists do not change. A case still being worked ends (withdrawn): nobody can contact the person
   * any more; a resolved one stays resolved, its recovery survey gone with them.
   */
  async erase(manager: EntityManager, customerId: string): Promise<void> {
    await manager.query(
      `WITH ended AS (
         UPDATE follow_up_cases SET status = ${statusAfterSql('withdraw')}, version = version + 1,
           updated_at = now()
         WHERE customer_id = $1 AND status = ANY($2::text[])
         RETURNING id
       ),
       ${caseTimelineCtes('timeline', "SELECT id, 'withdrawn', NULL::uuid, 'erased' FROM ended")}
       SELECT 1`,
      [customerId, statusesAllowing('withdraw').filter((status) => status !== 'resolved')],
    );
    const cases = await returningRows<{ id: string }>(
      manager,
      `UPDATE follow_up_cases SET customer_id = NULL, erased_at = now(), external_ref = NULL,
         resolution = CASE WHEN resolution IS NULL THEN NULL ELSE $2::text END
       WHERE customer_id = $1 RETURNING id`,
      [customerId, ERASED_TEXT],
    );
    if (cases.length === 0) return;
    const ids = cases.map((row) => row.id);
    await manager.query(
      `UPDATE case_messages SET subject = $2, body = $2, message_id = 'erased:' || id
       WHERE case_id = ANY($1::uuid[])`,
      [ids, ERASED_TEXT],
    );
    await manager.query(
      `UPDATE case_events SET detail = NULL
       WHERE case_id = ANY($1::uuid[]) AND detail IS NOT NULL
         AND NOT (type = 'withdrawn' AND detail = 'erased')`,
      [ids],
    );
    await manager.query(
      `UPDATE case_recoveries SET comment = NULL, preferences = NULL, token_hash = 'erased:' || id
       WHERE case_id = ANY($1::uuid[])`,
      [ids],
    );
    // Mail kept aside about these cases (from another sender) no longer points at them.
    await manager.query(
      `UPDATE unmatched_inbound_mail SET case_id = NULL WHERE case_id = ANY($1::uuid[])`,
      [ids],
    );
  }
}
