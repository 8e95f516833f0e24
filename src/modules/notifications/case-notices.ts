import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import { latestCaseEntry } from '../cases/case-notice-sql';
import { type CaseEventPayload, DELIVERED_CASE_EVENTS } from '../cases/case-timeline';
import { UsersService } from '../users/users.service';
import { Notifier } from './notifier';

/** Where a case's work has ended: nobody needs telling that it was assigned. */
const ENDED = new Set(['resolved', 'closed', 'withdrawn']);

/**
 * Tells an agent about their cases: assigned to them by someone else (`case.assigned`; a claim is
 * `case.claimed`, and assigning oneself tells nobody), and a reply from the customer of a case
 * assigned to them (`case.reply_received`). Each event is read back through its timeline entry,
 * the latest of its kind: a redelivered event finds the same entry, so its notification (keyed
 * by the entry) happens once; the entry, not the event's payload, says who acted.
 */
@Injectable()
export class CaseNotices implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly users: UsersService,
    private readonly notifier: Notifier,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // The cases module publishes these from its SQL (case-timeline.ts), which queues them once
    // declared: their one subscriber declares them.
    for (const event of DELIVERED_CASE_EVENTS) this.events.declare(event);
    this.events.subscribe('case.assigned', 'notifications', async (event) => {
      await this.caseAssigned(event);
    });
    this.events.subscribe('case.reply_received', 'notifications', async (event) => {
      await this.customerReplied(event);
    });
  }

  /** Whether someone was told (false: a claim since, themselves, switched off, or told already). */
  async caseAssigned({ caseId }: CaseEventPayload): Promise<boolean> {
    const entry = await latestCaseEntry(this.dataSource.manager, caseId, ['claimed', 'assigned']);
    if (!entry || entry.type !== 'assigned' || ENDED.has(entry.status)) return false;
    if (!entry.assigneeId || entry.assigneeId === entry.actorId) return false;
    return this.tell(entry.assigneeId, {
      kind: 'case_assigned',
      caseId,
      actorId: entry.actorId,
      dedupeKey: `case_assigned:${entry.entryId}`,
    });
  }

  async customerReplied({ caseId }: CaseEventPayload): Promise<boolean> {
    const entry = await latestCaseEntry(this.dataSource.manager, caseId, ['reply_received']);
    if (!entry?.assigneeId) return false;
    return this.tell(entry.assigneeId, {
      kind: 'customer_replied',
      caseId,
      dedupeKey: `customer_replied:${entry.entryId}`,
    });
  }

  private async tell(
    userId: string,
    notice: {
      kind: 'case_assigned' | 'customer_replied';
      caseId: string;
      actorId?: string | null;
      dedupeKey: string;
    },
  ): Promise<boolean> {
    const user = await this.users.findActiveById(userId);
    if (!user) return false;
    return this.dataSource.transaction((manager) =>
      this.notifier.notify(manager, { ...notice, userId, recipient: user.email }),
    );
  }
}
