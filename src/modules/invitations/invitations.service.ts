import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../database/postgres-errors';
import { ApiError } from '../../common/errors/api-error';
import { JobQueue } from '../../common/jobs/job-queue';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Customer } from '../customers/customer.entity';
import { CustomersService } from '../customers/customers.service';
import { Outbox } from '../email/outbox';
import { SuppressionsService } from '../suppressions/suppressions.service';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { Survey } from '../surveys/survey.entity';
import { SurveysService } from '../surveys/surveys.service';
import type { ContactPolicy } from '../surveys/survey-definition';
import { budgetRefusal, RecentContact } from './contact-budget';
import {
  CreateInvitationDto,
  InvitationDto,
  InvitationResultDto,
} from './dto/create-invitation.dto';
import { InvitationEvent, InvitationEventType } from './invitation-event.entity';
import { invitationToken, tokenHash } from './invitation-tokens';
import { Invitation, InvitationStatus } from './invitation.entity';
import { invitationNotFound, sendAtTooFar } from './invitations.errors';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    'invitation.remind': { invitationId: string };
    'invitation.expire': { invitationId: string };
  }
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const BATCH_CONCURRENCY = 6;

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersService,
    private readonly surveys: SurveysService,
    private readonly suppressions: SuppressionsService,
    private readonly outbox: Outbox,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Records an invitation and, when the customer may be contacted, its email and jobs, all in one
   * transaction. The customer's row is locked first, so parallel invitations to one person are
   * judged against the budget one after another.
   */
  async createInvitation(input: CreateInvitationDto): Promise<InvitationResultDto> {
    const sendAt = input.sendAt ? new Date(input.sendAt) : new Date();
    if (sendAt.getTime() > Date.now() + 365 * DAY_MS) throw sendAtTooFar();
    const { version } = await this.surveys.currentVersion(input.survey);
    if (input.idempotencyKey) {
      const existing = await this.findByIdempotencyKey(
        this.dataSource.manager,
        input.idempotencyKey,
      );
      if (existing) return existing;
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const { customer } = await this.customers.upsertCustomer(
          input.customer.externalId,
          input.customer,
          manager,
        );
        await manager.query('SELECT 1 FROM customers WHERE id = $1 FOR UPDATE', [customer.id]);
        if (input.idempotencyKey) {
          const existing = await this.findByIdempotencyKey(manager, input.idempotencyKey);
          if (existing) return existing;
        }
        return this.recordInvitation(manager, input, customer, version, sendAt);
      });
    } catch (error) {
      // Another request with the same key (for another customer) committed first.
      if (input.idempotencyKey && isUniqueViolation(error)) {
        const existing = await this.findByIdempotencyKey(
          this.dataSource.manager,
          input.idempotencyKey,
        );
        if (existing) return existing;
      }
      throw error;
    }
  }

  /** Each item on its own: a bad or refused item never stops the others. Results keep input order. */
  async createBatch(items: unknown[]): Promise<(InvitationResultDto | BatchItemError)[]> {
    const results = new Array<InvitationResultDto | BatchItemError>(items.length);
    // A few at a time: each item is a short transaction of its own, and the pool has room.
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < items.length; i = next++)
        results[i] = await this.batchItem(items[i]);
    };
    await Promise.all(Array.from({ length: BATCH_CONCURRENCY }, lane));
    return results;
  }

  private async batchItem(item: unknown): Promise<InvitationResultDto | BatchItemError> {
    try {
      return await this.createInvitation(await validItem(item));
    } catch (error) {
      if (!(error instanceof ApiError) || Number(error.status) >= 500) throw error;
      return {
        status: 'rejected',
        code: error.code,
        message: error.message,
        details: error.details,
      };
    }
  }

  async getInvitation(id: string): Promise<InvitationDto> {
    const invitation = await this.dataSource.getRepository(Invitation).findOneBy({ id });
    if (!invitation) throw invitationNotFound();
    const [version, customer, events] = await Promise.all([
      this.dataSource
        .getRepository(SurveyVersion)
        .findOneByOrFail({ id: invitation.surveyVersionId }),
      this.dataSource.getRepository(Customer).findOneBy({ id: invitation.customerId }),
      this.dataSource
        .getRepository(InvitationEvent)
        .find({ where: { invitationId: id }, order: { id: 'ASC' } }),
    ]);
    const survey = await this.dataSource
      .getRepository(Survey)
      .findOneByOrFail({ id: version.surveyId });
    return {
      id: invitation.id,
      status: invitation.status,
      reason: invitation.reason,
      survey: { key: survey.key, version: version.version },
      customer: { externalId: customer?.externalId ?? '' },
      touchpoint: invitation.touchpointType
        ? {
            type: invitation.touchpointType,
            reference: invitation.touchpointReference,
            occurredAt: invitation.touchpointOccurredAt?.toISOString() ?? null,
          }
        : null,
      sendAt: invitation.sendAt.toISOString(),
      sentAt: invitation.sentAt?.toISOString() ?? null,
      answeredAt: invitation.answeredAt?.toISOString() ?? null,
      expiresAt: invitation.expiresAt.toISOString(),
      reminders: invitation.reminderCount,
      timeline: events.map((e) => ({ type: e.type, at: e.at.toISOString(), detail: e.detail })),
    };
  }

  private async recordInvitation(
    manager: EntityManager,
    input: CreateInvitationDto,
    customer: Customer,
    version: SurveyVersion,
    sendAt: Date,
  ): Promise<InvitationResultDto> {
    const policy = version.contactPolicy;
    const suppression = await this.suppressions.suppressionFor(customer.email, manager);
    const refusal = suppression
      ? null
      : budgetRefusal(policy, await this.recentContact(manager, customer.id, policy));
    const status: InvitationStatus = suppression ? 'suppressed' : refusal ? 'throttled' : 'queued';
    const reason = suppression?.reason ?? refusal ?? null;

    const id = randomUUID();
    const expiresAt = new Date(sendAt.getTime() + policy.expiryDays * DAY_MS);
    await manager.insert(Invitation, {
      id,
      customerId: customer.id,
      surveyVersionId: version.id,
      touchpointType: input.touchpoint?.type ?? null,
      touchpointReference: input.touchpoint?.reference ?? null,
      touchpointOccurredAt: input.touchpoint?.occurredAt
        ? new Date(input.touchpoint.occurredAt)
        : null,
      idempotencyKey: input.idempotencyKey ?? null,
      tokenHash: tokenHash(invitationToken(this.config.tokenSecret, id)),
      status,
      reason,
      sendAt,
      expiresAt,
    });
    await recordEvent(manager, id, status, reason);
    if (status === 'queued') {
      await this.outbox.queueEmail(manager, {
        kind: 'invitation',
        recipient: customer.email,
        customerId: customer.id,
        invitationId: id,
        sendAt,
      });
      const remindAt = new Date(sendAt.getTime() + policy.reminderAfterHours * HOUR_MS);
      if (remindAt < expiresAt)
        await this.jobs.enqueue(
          'invitation.remind',
          { invitationId: id },
          { manager, startAfter: remindAt },
        );
      await this.jobs.enqueue(
        'invitation.expire',
        { invitationId: id },
        { manager, startAfter: expiresAt },
      );
    }
    return reason ? { id, status, reason } : { id, status };
  }

  private async recentContact(
    manager: EntityManager,
    customerId: string,
    policy: ContactPolicy,
  ): Promise<RecentContact> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM invitations
       WHERE customer_id = $1 AND status NOT IN ('suppressed', 'throttled')
         AND created_at > now() - make_interval(days => $2)`,
      [customerId, policy.invitationWindowDays],
    );
    const messages = await this.outbox.recentMessageCount(
      manager,
      customerId,
      policy.messageWindowDays,
    );
    return { invitations: row.n, messages };
  }

  private async findByIdempotencyKey(
    manager: EntityManager,
    key: string,
  ): Promise<InvitationResultDto | null> {
    const existing = await manager.findOne(Invitation, {
      where: { idempotencyKey: key },
      select: { id: true },
    });
    return existing ? { id: existing.id, status: 'duplicate' } : null;
  }
}

export interface BatchItemError {
  status: 'rejected';
  code: string;
  message: string;
  details?: { field: string; message: string }[];
}

export async function recordEvent(
  manager: EntityManager,
  invitationId: string,
  type: InvitationEventType,
  detail: string | null = null,
): Promise<void> {
  await manager.insert(InvitationEvent, { invitationId, type, detail });
}

const itemPipe = createValidationPipe();

/** The same validation as the single endpoint, applied to one batch item. */
async function validItem(item: unknown): Promise<CreateInvitationDto> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new ApiError(
      HttpStatus.BAD_REQUEST,
      'validation_failed',
      'The item is not valid: it must be an invitation object.',
    );
  }
  return (await itemPipe.transform(item, {
    type: 'body',
    metatype: CreateInvitationDto,
  })) as CreateInvitationDto;
}
