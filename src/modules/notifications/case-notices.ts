import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import { caseEntry } from '../cases/case-notice-sql';
import { DELIVERED_CASE_EVENTS, type DeliveredCaseEventPayload } from '../cases/case-timeline';
import { UsersService } from '../users/users.service';
import { noticeWanted } from './notification-kinds';
import { Notifier } from './notifier';

/**
 * Tells an agent about their cases: assigned to them by someone else (`case.assigned`; a claim is
 * `case.claimed`, and assigning oneself tells nobody), a reply from the customer of a case
 * assigned to them (`case.reply_received`), and that customer saying it is not resolved
 * (`case.reopened` with no actor: their recovery answer, or "this is not resolved"; an agent's
 * own reopen tells nobody). Each event is read back through its own timeline entry, which its job
 * carries (`entryId`): a redelivered event finds that entry again, so its notification (keyed by
 * the entry) happens once, and two entries of a kind close together are two notifications. The
 * entry, not the event's payload, says who acted.
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
    this.events.subscribe('case.reopened', 'notifications', async (event) => {
      await this.customerReopened(event);
    });
  }

  /**
   * Whether someone was told (false: a claim or assignment since, themselves, switched off, or
   * told already).
   */
  async caseAssigned(event: DeliveredCaseEventPayload): Promise<boolean> {
    const entry = await caseEntry(this.dataSource.manager, event, 'assigned', [
      'claimed',
      'assigned',
    ]);
    if (!entry || entry.superseded || !noticeWanted('case_assigned', entry)) return false;
    if (!entry.assigneeId || entry.assigneeId === entry.actorId) return false;
    return this.tell(entry.assigneeId, {
      kind: 'case_assigned',
      caseId: event.caseId,
      actorId: entry.actorId,
      dedupeKey: `case_assigned:${entry.entryId}`,
    });
  }

  /** A reply that came with the customer's reopening is told by that (`customerReopened`). */
  async customerReplied(event: DeliveredCaseEventPayload): Promise<boolean> {
    const entry = await caseEntry(this.dataSource.manager, event, 'reply_received');
    if (!entry?.assigneeId || entry.withCustomerReopen) return false;
    if (!noticeWanted('customer_replied', entry)) return false;
    return this.tell(entry.assigneeId, {
      kind: 'customer_replied',
      caseId: event.caseId,
      dedupeKey: `customer_replied:${entry.entryId}`,
    });
  }

  async customerReopened(event: DeliveredCaseEventPayload): Promise<boolean> {
    const entry = await caseEntry(this.dataSource.manager, event, 'reopened');
    // The customer's reopening only: not a person's, nor an integration's (a CRM reopening).
    if (!entry?.assigneeId || entry.actorId !== null || entry.apiKeyId !== null) return false;
    if (!noticeWanted('case_reopened', entry)) return false;
    return this.tell(entry.assigneeId, {
      kind: 'case_reopened',
      caseId: event.caseId,
      dedupeKey: `case_reopened:${entry.entryId}`,
    });
  }

  private async tell(
    userId: string,
    notice: {
      kind: 'case_assigned' | 'customer_replied' | 'case_reopened';
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
