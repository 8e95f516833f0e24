import { recordInvitationEvents } from './invitation-timeline';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { isDeadlock, isUniqueViolation } from '../../common/database/postgres-errors';
import { ApiError } from '../../common/errors/api-error';
import { JobQueue } from '../../common/jobs/job-queue';
import type { JobToEnqueue } from '../../common/jobs/job-types';
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
import { SurveysService } from '../surveys/surveys.service';
import type { ContactPolicy } from '../surveys/survey-definition';
import { budgetRefusal } from './contact-budget';
import { CreateInvitationDto, InvitationResultDto } from './dto/create-invitation.dto';
import { tokenHash } from '../../common/links/link-tokens';
import { SurveyLinks } from '../../common/links/survey-links';
import { InvitationStatus } from './invitation.entity';
import { sendAtTooFar } from './invitations.errors';

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

/** What became of one item: recorded (in whatever status), or its refusal. */
export type Outcome = InvitationResultDto | ApiError;

/** An item that passed the checks needing no database state. */
interface Candidate {
  /** Position in the caller's list. */
  index: number;
  input: CreateInvitationDto;
  version: SurveyVersion;
  customer: CustomerRow;
  sendAt: Date;
}

/** A candidate that is not a duplicate: its new id and its position among the candidates. */
interface FreshCandidate extends Candidate {
  k: number;
  id: string;
}

/** A fresh candidate judged: the invitation row to write. */
interface InvitationRow {
  id: string;
  customerId: string;
  /** The customer's address, as merged over the batch. */
  email: string;
  item: FreshCandidate;
  status: InvitationStatus & ('queued' | 'suppressed' | 'throttled');
  reason: string | null;
  expiresAt: Date;
}

/**
 * Records invitations set-wise: the candidates checked, then in one transaction the duplicates
 * found, the customers upserted, suppression and the contact budget applied, and every row, email
 * and job written a statement per step.
 */
@Injectable()
export class InvitationRecording {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly surveys: SurveysService,
    private readonly suppressions: SuppressionsService,
    private readonly outbox: Outbox,
    private readonly jobs: JobQueue,
    private readonly links: SurveyLinks,
  ) {}

  /**
   * Records invitations set-wise in one transaction: a statement per step for all of them, not a
   * transaction per invitation. Items that fail a check needing no database state (survey, email,
   * send time) are refused first; the rest are recorded, throttled, suppressed or found duplicate.
   */
  async record(inputs: CreateInvitationDto[]): Promise<Outcome[]> {
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
   * Inside the transaction: duplicates by idempotency key, then the fresh items judged (see
   * judge), then every row and job written set-wise.
   */
  private async recordCandidates(
    manager: EntityManager,
    candidates: Candidate[],
  ): Promise<InvitationResultDto[]> {
    const results = new Array<InvitationResultDto>(candidates.length);
    const keys = candidates.flatMap(({ input }) => input.idempotencyKey ?? []);
    const known = await this.idsByIdempotencyKey(manager, keys);
    const fresh = freshCandidates(candidates, known, results);
    if (fresh.length === 0) return results;

    const invitations = await this.judge(manager, fresh);
    for (const { id, item, status, reason } of invitations) {
      results[item.k] = reason ? { id, status, reason } : { id, status };
    }
    const queued = invitations.filter((row) => row.status === 'queued');
    await this.insertInvitations(manager, invitations);
    await this.outbox.queueEmails(manager, queued.map(invitationEmail));
    await this.jobs.enqueueMany(queued.flatMap(followUpJobs), manager);
    return results;
  }

  /**
   * The customers upserted (which locks their rows, so parallel invitations to one person are
   * judged one after another), then each item's status: suppressed, throttled by the contact
   * budget (earlier items of the batch counted against later ones for the same customer), or
   * queued.
   */
  private async judge(manager: EntityManager, fresh: FreshCandidate[]): Promise<InvitationRow[]> {
    const customerRows = mergedCustomerRows(fresh);
    const customers = await upsertCustomerRows(manager, [...customerRows.values()]);
    const suppressions = await this.suppressions.suppressionsFor(
      [...customerRows.values()].map((row) => row.email),
      manager,
    );
    const recent = await this.recentContact(
      manager,
      [...customers.values()].map((customer) => customer.id),
      fresh.map((item) => item.version.contactPolicy),
    );
    const acceptedNow = new Map<string, number>();
    return fresh.map((item) => {
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
      const status: InvitationRow['status'] = suppression
        ? 'suppressed'
        : refusal
          ? 'throttled'
          : 'queued';
      if (status === 'queued') acceptedNow.set(customerId, accepted + 1);
      const reason = suppression?.reason ?? refusal ?? null;
      const expiresAt = new Date(item.sendAt.getTime() + policy.expiryDays * DAY_MS);
      return { id: item.id, customerId, email, item, status, reason, expiresAt };
    });
  }

  /** The invitations and their first timeline events, in two statements. */
  private async insertInvitations(manager: EntityManager, rows: InvitationRow[]): Promise<void> {
    const column = <T>(pick: (row: InvitationRow) => T) => rows.map(pick);
    await manager.query(
      `INSERT INTO invitations (id, customer_id, survey_version_id, touchpoint_type,
         touchpoint_reference, touchpoint_occurred_at, idempotency_key, token_hash, status, reason,
         send_at, expires_at, touchpoint_location, touchpoint_channel, touchpoint_staff_id,
         touchpoint_staff_name)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[],
         $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[],
         $12::timestamptz[], $13::text[], $14::text[], $15::text[], $16::text[])`,
      [
        column((row) => row.id),
        column((row) => row.customerId),
        column((row) => row.item.version.id),
        column((row) => row.item.input.touchpoint?.type ?? null),
        column((row) => row.item.input.touchpoint?.reference ?? null),
        column((row) => row.item.input.touchpoint?.occurredAt ?? null),
        column((row) => row.item.input.idempotencyKey ?? null),
        column((row) => tokenHash(this.links.invitationToken(row.id))),
        column((row) => row.status),
        column((row) => row.reason),
        column((row) => row.item.sendAt.toISOString()),
        column((row) => row.expiresAt.toISOString()),
        column((row) => row.item.input.touchpoint?.location ?? null),
        column((row) => row.item.input.touchpoint?.channel ?? null),
        column((row) => row.item.input.touchpoint?.staff?.externalId ?? null),
        column((row) => row.item.input.touchpoint?.staff?.name ?? null),
      ],
    );
    await recordInvitationEvents(
      manager,
      rows.map((row) => ({ invitationId: row.id, type: row.status, detail: row.reason })),
    );
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

/**
 * The candidates not already recorded under their idempotency key, each with a new id; the
 * others' results are set to `duplicate`. A later item with the key of an earlier one duplicates it.
 */
function freshCandidates(
  candidates: Candidate[],
  known: Map<string, string>,
  results: InvitationResultDto[],
): FreshCandidate[] {
  const fresh: FreshCandidate[] = [];
  for (const [k, candidate] of candidates.entries()) {
    const key = candidate.input.idempotencyKey;
    const existing = key ? known.get(key) : undefined;
    if (existing) {
      results[k] = { id: existing, status: 'duplicate' };
      continue;
    }
    const id = randomUUID();
    if (key) known.set(key, id);
    fresh.push({ ...candidate, k, id });
  }
  return fresh;
}

/** One row per customer (by external id), merged over the items that name them. */
function mergedCustomerRows(items: Candidate[]): Map<string, CustomerRow> {
  const rows = new Map<string, CustomerRow>();
  for (const { customer } of items) {
    rows.set(customer.externalId, mergeCustomerRows(rows.get(customer.externalId), customer));
  }
  return rows;
}

/** The invitation email of a queued invitation. */
function invitationEmail(row: InvitationRow): QueuedEmail {
  return {
    kind: 'invitation',
    recipient: row.email,
    customerId: row.customerId,
    invitationId: row.id,
    sendAt: row.item.sendAt,
  };
}

/** A queued invitation's reminder (when it falls before the expiry) and its expiry. */
function followUpJobs(row: InvitationRow): JobToEnqueue[] {
  const invitationId = row.id;
  const hours = row.item.version.contactPolicy.reminderAfterHours;
  const remindAt = new Date(row.item.sendAt.getTime() + hours * HOUR_MS);
  const jobs: JobToEnqueue[] = [];
  if (remindAt < row.expiresAt) {
    jobs.push({ name: 'invitation.remind', payload: { invitationId }, startAfter: remindAt });
  }
  jobs.push({ name: 'invitation.expire', payload: { invitationId }, startAfter: row.expiresAt });
  return jobs;
}

/** A client error (4xx) becomes the item's refusal; anything else is a fault and propagates. */
export function asRefusal(error: unknown): ApiError {
  if (error instanceof ApiError && Number(error.status) < 500) return error;
  throw error;
}
