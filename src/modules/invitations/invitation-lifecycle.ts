import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import { OPEN_INVITATION_STATUSES_SQL } from './invitation.entity';
import { returningRows } from '../../common/database/returning-rows';
import type { JobOutcome } from '../../common/jobs/job-types';
import { Customer } from '../customers/customer.entity';
import { lockCustomersSql } from '../customers/customer-sql';
import { Outbox } from '../email/outbox';
import { SuppressionsService } from '../suppressions/suppressions.service';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { budgetRefusal } from './contact-budget';
import { recordInvitationEvent } from './invitation-timeline';

/** The scheduled steps of an invitation: one reminder if unanswered, then expiry. */
@Injectable()
export class InvitationLifecycle implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly outbox: Outbox,
    private readonly suppressions: SuppressionsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.register('invitation.remind', ({ invitationId }) => this.remind(invitationId));
    this.jobs.register('invitation.expire', ({ invitationId }) => this.expire(invitationId));
  }

  /**
   * Claims the invitation's only reminder with a conditional update, so two runs of this job (a
   * retry, a second worker) can never send two; never after an answer, a bounce or expiry.
   */
  async remind(invitationId: string): Promise<JobOutcome> {
    return this.dataSource.transaction(async (manager) => {
      // The customer's row first, as every writer about a customer locks it first.
      await manager.query(
        lockCustomersSql('id = (SELECT customer_id FROM invitations WHERE id = $1)', 'UPDATE'),
        [invitationId],
      );
      const [target] = await returningRows<{ customer_id: string; survey_version_id: string }>(
        manager,
        `UPDATE invitations SET reminder_count = reminder_count + 1
         WHERE id = $1 AND reminder_count = 0 AND status = 'sent' AND expires_at > now()
         RETURNING customer_id, survey_version_id`,
        [invitationId],
      );
      if (!target?.customer_id) return { status: 'skipped', reason: 'not_due' };
      const customer = await manager.findOneByOrFail(Customer, { id: target.customer_id });
      const version = await manager.findOneByOrFail(SurveyVersion, {
        id: target.survey_version_id,
      });
      const suppressed = await this.suppressions.suppressionFor(customer.email, manager);
      const messages = await this.outbox.recentMessageCount(
        manager,
        customer.id,
        version.contactPolicy.messageWindowDays,
      );
      const refusal = suppressed
        ? 'suppressed'
        : budgetRefusal(version.contactPolicy, { invitations: 0, messages });
      if (refusal) {
        await recordInvitationEvent(manager, invitationId, 'reminder_skipped', refusal);
        return { status: 'skipped', reason: refusal };
      }
      await this.outbox.queueEmail(manager, {
        kind: 'reminder',
        recipient: customer.email,
        customerId: customer.id,
        invitationId,
        sendAt: (await this.outbox.preferredSendAt(manager, customer.id)) ?? undefined,
      });
      return { status: 'success' };
    });
  }

  async expire(invitationId: string): Promise<JobOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const expired = await returningRows(
        manager,
        `UPDATE invitations SET status = 'expired'
         WHERE id = $1 AND status IN (${OPEN_INVITATION_STATUSES_SQL}) AND expires_at <= now()
         RETURNING id`,
        [invitationId],
      );
      if (expired.length === 0) return { status: 'skipped', reason: 'not_open' };
      await this.outbox.cancelQueuedEmails(manager, { invitationId });
      await recordInvitationEvent(manager, invitationId, 'expired');
      return { status: 'success' };
    });
  }
}
