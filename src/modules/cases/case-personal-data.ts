import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
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

/** A customer's cases with their timelines, dialogue and recoveries: exported, then deleted. */
@Injectable()
export class CasePersonalData implements PersonalData, OnModuleInit {
  readonly tables = ['follow_up_cases', 'case_events', 'case_messages', 'case_recoveries'];
  readonly erasureStep = 'delete';

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

  /** With its events, messages, recoveries and escalation steps (they cascade). */
  async erase(manager: EntityManager, customerId: string): Promise<void> {
    await manager.query('DELETE FROM follow_up_cases WHERE customer_id = $1', [customerId]);
  }
}
