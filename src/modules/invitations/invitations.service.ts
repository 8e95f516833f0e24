import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { isDeadlock, isUniqueViolation } from '../../database/postgres-errors';
import { ApiError } from '../../common/errors/api-error';
import { JobQueue } from '../../common/jobs/job-queue';
import type { JobToEnqueue } from '../../common/jobs/job-types';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Customer } from '../customers/customer.entity';
import {
  type CustomerRow,
  mergeCustomerRows,
  upsertCustomerRows,
} from '../customers/customer-rows';
import { customerRow } from '../customers/customers.service';
import { invalidCustomerEmail } from '../customers/customers.errors';
import { Outbox, type QueuedEmail } from '../email/outbox';
import { SuppressionsService } from '../suppressions/suppressions.service';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { Survey } from '../surveys/survey.entity';
import { SurveysService } from '../surveys/surveys.service';
import type { ContactPolicy } from '../surveys/survey-definition';
import { budgetRefusal } from './contact-budget';
import {
  CreateInvitationDto,
  InvitationDto,
  InvitationResultDto,
} from './dto/create-invitation.dto';
import { InvitationEvent, InvitationEventType } from './invitation-event.entity';
import { invitationToken, lookupHash, tokenHash } from './invitation-tokens';
import { Invitation, InvitationStatus } from './invitation.entity';
import { batchItemNotAnObject, invitationNotFound, sendAtTooFar } from './invitations.errors';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    'invitation.remind': { invitationId: string };
    'invitation.expire': { invitationId: string };
  }
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Attempts of a batch's transaction when it meets a concurrent duplicate or a deadlock. */
const ATTEMPTS = 3;

type Outcome = InvitationResultDto | ApiError;

/** An item that passed the checks needing no database state. */
interface Candidate {
  /** Position in the caller's list. */
  index: number;
  input: CreateInvitationDto;
  version: SurveyVersion;
  customer: CustomerRow;
  sendAt: Date;
}

interface InvitationRow {
  id: string;
  customerId: string;
  item: Candidate;
  status: InvitationStatus;
  reason: string | null;
  expiresAt: Date;
}

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly surveys: SurveysService,
    private readonly suppressions: SuppressionsService,
    private readonly outbox: Outbox,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One invitation: the batch path with a single item, whose refusal is thrown. */
  async createInvitation(input: CreateInvitationDto): Promise<InvitationResultDto> {
    const [outcome] = await this.record([input]);
    if (outcome instanceof ApiError) throw outcome;
    return outcome;
  }

  /** Each item judged on its own: a bad or refused item never stops the others. Input order. */
  async createBatch(items: unknown[]): Promise<(InvitationResultDto | BatchItemError)[]> {
    const outcomes = new Array<Outcome>(items.length);
    const valid: { index: number; input: CreateInvitationDto }[] = [];
    for (const [index, item] of items.entries()) {
      try {
        valid.push({ index, input: await validItem(item) });
      } catch (error) {
        outcomes[index] = asRefusal(error);
      }
    }
    const recorded = await this.record(valid.map((item) => item.input));
    for (const [k, { index }] of valid.entries()) outcomes[index] = recorded[k];
    return outcomes.map((outcome) =>
      outcome instanceof ApiError
        ? {
            status: 'rejected',
            code: outcome.code,
            message: outcome.message,
            details: outcome.details,
          }
        : outcome,
    );
  }

  /**
   * Records invitations set-wise in one transaction: a statement per step for all of them, not a
   * transaction per invitation. Items that fail a check needing no database state (survey, email,
   * send time) are refused first; the rest are recorded, throttled, suppressed or found duplicate.
   */
  private async record(inputs: CreateInvitationDto[]): Promise<Outcome[]> {
    const outcomes = new Array<Outcome>(inputs.length);
    const candidates = await this.candidates(inputs, outcomes);
    for (let attempt = 1; ; attempt++) {
      try {
        const recorded = await this.dataSource.transaction((manager) =>
          this.recordCandidates(manager, candidates),
        );
        for (const [k, { index }] of candidates.entries()) outcomes[index] = recorded[k];
        return outcomes;
      } catch (error) {
        // A concurrent request committed one of the idempotency keys first (the next attempt
        // finds it), or two batches sharing customers deadlocked: try again, a few times.
        if (attempt < ATTEMPTS && (isUniqueViolation(error) || isDeadlock(error))) continue;
        throw error;
      }
    }
  }

  /** The items that pass the checks needing no transaction; the others get their refusal. */
  private async candidates(
    inputs: CreateInvitationDto[],
    outcomes: Outcome[],
  ): Promise<Candidate[]> {
    const versions = new Map<string, SurveyVersion | ApiError>();
    for (const key of new Set(inputs.map((input) => input.survey))) {
      try {
        versions.set(key, (await this.surveys.currentVersion(key)).version);
      } catch (error) {
        versions.set(key, asRefusal(error));
      }
    }
    const candidates: Candidate[] = [];
    for (const [index, input] of inputs.entries()) {
      const sendAt = input.sendAt ? new Date(input.sendAt) : new Date();
      const version = versions.get(input.survey)!;
      const customer = customerRow(input.customer.externalId, input.customer);
      if (sendAt.getTime() > Date.now() + 365 * DAY_MS) outcomes[index] = sendAtTooFar();
      else if (version instanceof ApiError) outcomes[index] = version;
      else if (!customer) outcomes[index] = invalidCustomerEmail('customer.email');
      else candidates.push({ index, input, version, customer, sendAt });
    }
    return candidates;
  }

  /**
   * Inside the transaction: duplicates by idempotency key, then the customers upserted (which
   * locks their rows, so parallel invitations to one person are judged one after another), then
   * suppression and the contact budget, with earlier items of the batch counted against later
   * ones for the same customer, then every row and job written set-wise.
   */
  private async recordCandidates(
    manager: EntityManager,
    candidates: Candidate[],
  ): Promise<InvitationResultDto[]> {
    const results = new Array<InvitationResultDto>(candidates.length);
    const keys = candidates.flatMap(({ input }) => input.idempotencyKey ?? []);
    const known = await this.idsByIdempotencyKey(manager, keys);
    const fresh: (Candidate & { k: number; id: string })[] = [];
    const customerRows = new Map<string, CustomerRow>();
    for (const [k, candidate] of candidates.entries()) {
      const key = candidate.input.idempotencyKey;
      const existing = key ? known.get(key) : undefined;
      if (existing) {
        results[k] = { id: existing, status: 'duplicate' };
        continue;
      }
      const id = randomUUID();
      if (key) known.set(key, id); // a later item with the same key duplicates this one
      fresh.push({ ...candidate, k, id });
      const externalId = candidate.customer.externalId;
      customerRows.set(
        externalId,
        mergeCustomerRows(customerRows.get(externalId), candidate.customer),
      );
    }
    if (fresh.length === 0) return results;

    const customers = await upsertCustomerRows(manager, [...customerRows.values()]);
    const customerIds = [...customers.values()].map((customer) => customer.id);
    const suppressions = await this.suppressions.suppressionsFor(
      [...customerRows.values()].map((row) => row.email),
      manager,
    );
    const recent = await this.recentContact(
      manager,
      customerIds,
      fresh.map((item) => item.version.contactPolicy),
    );
    const acceptedNow = new Map<string, number>();

    const invitations: InvitationRow[] = [];
    const emails: QueuedEmail[] = [];
    const jobs: JobToEnqueue[] = [];
    for (const item of fresh) {
      const customerId = customers.get(item.customer.externalId)!.id;
      const email = customerRows.get(item.customer.externalId)!.email;
      const policy = item.version.contactPolicy;
      const suppression = suppressions.get(email);
      const accepted = acceptedNow.get(customerId) ?? 0;
      const refusal = suppression
        ? null
        : budgetRefusal(policy, {
            invitations: recent.invitations(customerId, policy) + accepted,
            messages: recent.messages(customerId, policy) + accepted,
          });
      const status: InvitationStatus = suppression
        ? 'suppressed'
        : refusal
          ? 'throttled'
          : 'queued';
      const reason = suppression?.reason ?? refusal ?? null;
      const expiresAt = new Date(item.sendAt.getTime() + policy.expiryDays * DAY_MS);
      invitations.push({ id: item.id, customerId, item, status, reason, expiresAt });
      results[item.k] = reason ? { id: item.id, status, reason } : { id: item.id, status };
      if (status !== 'queued') continue;

      acceptedNow.set(customerId, accepted + 1);
      emails.push({
        kind: 'invitation',
        recipient: email,
        customerId,
        invitationId: item.id,
        sendAt: item.sendAt,
      });
      const remindAt = new Date(item.sendAt.getTime() + policy.reminderAfterHours * HOUR_MS);
      if (remindAt < expiresAt)
        jobs.push({
          name: 'invitation.remind',
          payload: { invitationId: item.id },
          startAfter: remindAt,
        });
      jobs.push({
        name: 'invitation.expire',
        payload: { invitationId: item.id },
        startAfter: expiresAt,
      });
    }
    await this.insertInvitations(manager, invitations);
    await this.outbox.queueEmails(manager, emails);
    await this.jobs.enqueueMany(jobs, manager);
    return results;
  }

  /** The invitations and their first timeline events, in two statements. */
  private async insertInvitations(manager: EntityManager, rows: InvitationRow[]): Promise<void> {
    const column = <T>(pick: (row: InvitationRow) => T) => rows.map(pick);
    await manager.query(
      `INSERT INTO invitations (id, customer_id, survey_version_id, touchpoint_type,
         touchpoint_reference, touchpoint_occurred_at, idempotency_key, token_hash, status, reason,
         send_at, expires_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[],
         $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[],
         $12::timestamptz[])`,
      [
        column((row) => row.id),
        column((row) => row.customerId),
        column((row) => row.item.version.id),
        column((row) => row.item.input.touchpoint?.type ?? null),
        column((row) => row.item.input.touchpoint?.reference ?? null),
        column((row) => row.item.input.touchpoint?.occurredAt ?? null),
        column((row) => row.item.input.idempotencyKey ?? null),
        column((row) => tokenHash(invitationToken(this.config.tokenSecret, row.id))),
        column((row) => row.status),
        column((row) => row.reason),
        column((row) => row.item.sendAt.toISOString()),
        column((row) => row.expiresAt.toISOString()),
      ],
    );
    await manager.query(
      `INSERT INTO invitation_events (invitation_id, type, detail)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])`,
      [column((row) => row.id), column((row) => row.status), column((row) => row.reason)],
    );
  }

  /**
   * The invitation behind a link's token, with its customer, whatever its state (unsubscribe and
   * the privacy center work for answered and expired invitations too); null when unknown or erased.
   */
  async findByLink(token: string): Promise<{ invitation: Invitation; customer: Customer } | null> {
    const invitation = await this.dataSource
      .getRepository(Invitation)
      .findOne({ where: { tokenHash: lookupHash(token) }, relations: { customer: true } });
    return invitation?.customer ? { invitation, customer: invitation.customer } : null;
  }

  async getInvitation(id: string): Promise<InvitationDto> {
    const invitation = await this.dataSource.getRepository(Invitation).findOneBy({ id });
    // An erased customer's invitations stay only as anonymous counts: not for reading back.
    if (!invitation?.customerId) throw invitationNotFound();
    const [version, customer, events] = await Promise.all([
      this.dataSource
        .getRepository(SurveyVersion)
        .findOneByOrFail({ id: invitation.surveyVersionId }),
      invitation.customerId
        ? this.dataSource.getRepository(Customer).findOneBy({ id: invitation.customerId })
        : null,
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

  /**
   * Each customer's recent invitations and messages, for the contact budget: one query per
   * distinct window among the policies (usually one of each).
   */
  private async recentContact(
    manager: EntityManager,
    customerIds: string[],
    policies: ContactPolicy[],
  ): Promise<{
    invitations: (customerId: string, policy: ContactPolicy) => number;
    messages: (customerId: string, policy: ContactPolicy) => number;
  }> {
    const invitations = new Map<number, Map<string, number>>();
    const messages = new Map<number, Map<string, number>>();
    for (const days of new Set(policies.map((policy) => policy.invitationWindowDays))) {
      const rows = await manager.query<{ customer_id: string; n: number }[]>(
        `SELECT customer_id, count(*)::int AS n FROM invitations
         WHERE customer_id = ANY($1::uuid[]) AND status NOT IN ('suppressed', 'throttled')
           AND created_at > now() - make_interval(days => $2)
         GROUP BY customer_id`,
        [customerIds, days],
      );
      invitations.set(days, new Map(rows.map((row) => [row.customer_id, row.n])));
    }
    for (const days of new Set(policies.map((policy) => policy.messageWindowDays))) {
      messages.set(days, await this.outbox.recentMessageCounts(manager, customerIds, days));
    }
    return {
      invitations: (id, policy) => invitations.get(policy.invitationWindowDays)!.get(id) ?? 0,
      messages: (id, policy) => messages.get(policy.messageWindowDays)!.get(id) ?? 0,
    };
  }

  private async idsByIdempotencyKey(
    manager: EntityManager,
    keys: string[],
  ): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await manager.query<{ id: string; idempotency_key: string }[]>(
      'SELECT id, idempotency_key FROM invitations WHERE idempotency_key = ANY($1::text[])',
      [keys],
    );
    return new Map(rows.map((row) => [row.idempotency_key, row.id]));
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

/** A client error (4xx) becomes the item's refusal; anything else is a fault and propagates. */
function asRefusal(error: unknown): ApiError {
  if (error instanceof ApiError && Number(error.status) < 500) return error;
  throw error;
}

const itemPipe = createValidationPipe();

/** The same validation as the single endpoint, applied to one batch item. */
async function validItem(item: unknown): Promise<CreateInvitationDto> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw batchItemNotAnObject();
  }
  return (await itemPipe.transform(item, {
    type: 'body',
    metatype: CreateInvitationDto,
  })) as CreateInvitationDto;
}
