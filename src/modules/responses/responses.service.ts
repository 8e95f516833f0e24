import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import { returningRows } from '../../database/returning-rows';
import { ConsentService } from '../consent/consent.service';
import { Customer } from '../customers/customer.entity';
import { Outbox } from '../email/outbox';
import { tokenHash, TOKEN_PATTERN } from '../invitations/invitation-tokens';
import { Invitation } from '../invitations/invitation.entity';
import { recordEvent } from '../invitations/invitations.service';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { SurveyResponse } from './response.entity';
import type { ValidSubmission } from './survey-submission';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** An identified answer at or below the survey's threshold: someone should follow up. */
    'response.dissatisfied': { responseId: string };
  }
}

/** Invitations whose survey can be answered (the others were never delivered or are closed). */
const ANSWERABLE: Invitation['status'][] = ['queued', 'sent', 'reminded'];

/** What a survey link leads to. `missing` covers unknown, tampered and never-delivered alike. */
export type SurveyLink = { state: 'missing' } | FoundLink;

export interface FoundLink {
  state: 'open' | 'answered' | 'expired';
  invitation: Invitation;
  customer: Customer;
  version: SurveyVersion;
}

export type SubmitOutcome =
  { outcome: 'answered'; responseId: string | null } | { outcome: 'already_answered' | 'expired' };

@Injectable()
export class ResponsesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consent: ConsentService,
    private readonly outbox: Outbox,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.declare('response.dissatisfied');
  }

  /**
   * The invitation behind a survey link. Unknown and known tokens cost the same one indexed
   * lookup and one join, so the answer's timing does not tell them apart.
   */
  async findLink(token: string): Promise<SurveyLink> {
    const hash = TOKEN_PATTERN.test(token) ? tokenHash(token) : tokenHash('-');
    const invitation = await this.dataSource.getRepository(Invitation).findOne({
      where: { tokenHash: hash },
      relations: { customer: true, surveyVersion: true },
    });
    if (!invitation?.customer || !invitation.surveyVersion) return { state: 'missing' };
    const { customer, surveyVersion: version } = invitation;
    if (invitation.status === 'answered')
      return { state: 'answered', invitation, customer, version };
    if (invitation.status === 'expired' || invitation.expiresAt <= new Date()) {
      return { state: 'expired', invitation, customer, version };
    }
    if (!ANSWERABLE.includes(invitation.status)) return { state: 'missing' };
    return { state: 'open', invitation, customer, version };
  }

  /**
   * Records one answer, once: the invitation is claimed by a conditional update, so of any number
   * of parallel submits exactly one commits and the others see it answered. Identified answers
   * record the consent first and carry the customer; anonymous ones are written with nothing that
   * could point back (the invitation is marked answered on its own, for the response rate).
   */
  async submit(
    invitation: Invitation,
    customer: Customer,
    version: SurveyVersion,
    submission: ValidSubmission,
  ): Promise<SubmitOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const claimed = await returningRows<{ id: string }>(
        manager,
        `UPDATE invitations SET status = 'answered', answered_at = now()
         WHERE id = $1 AND status = ANY($2::text[]) AND expires_at > now() RETURNING id`,
        [invitation.id, ANSWERABLE],
      );
      if (claimed.length === 0) {
        const [now] = await manager.query<{ status: string }[]>(
          'SELECT status FROM invitations WHERE id = $1',
          [invitation.id],
        );
        return { outcome: now?.status === 'answered' ? 'already_answered' : 'expired' };
      }
      await recordEvent(manager, invitation.id, 'answered');
      // The reminder, if still waiting, is no longer wanted.
      await this.outbox.cancelQueuedEmails(manager, { invitationId: invitation.id });
      if (submission.consent === 'anonymous') {
        await this.recordAnonymous(manager, version, submission);
        return { outcome: 'answered', responseId: null };
      }
      const responseId = await this.recordIdentified(
        manager,
        invitation,
        customer,
        version,
        submission,
      );
      return { outcome: 'answered', responseId };
    });
  }

  /** The identified response of an invitation, if it was answered as oneself. */
  async identifiedResponse(invitationId: string): Promise<SurveyResponse | null> {
    return this.dataSource.getRepository(SurveyResponse).findOneBy({ invitationId });
  }

  /** Whether the customer asked, after an anonymous answer, to be contacted about it. */
  async contactRequested(invitationId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM consent_events WHERE invitation_id = $1 AND purpose = 'future_contact'
         AND action = 'granted' LIMIT 1`,
      [invitationId],
    );
    return rows.length > 0;
  }

  /** After an anonymous answer: the customer chose to be contacted after all (a new consent). */
  async requestContact(
    invitation: Invitation,
    customer: Customer,
    consentTextId: string,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // One request per invitation: serialise on the invitation row, then look.
      await manager.query('SELECT 1 FROM invitations WHERE id = $1 FOR UPDATE', [invitation.id]);
      const [existing] = await manager.query<unknown[]>(
        `SELECT 1 FROM consent_events WHERE invitation_id = $1 AND purpose = 'future_contact'`,
        [invitation.id],
      );
      if (existing) return;
      await this.consent.record(manager, {
        customerId: customer.id,
        purpose: 'future_contact',
        action: 'granted',
        consentTextId,
        source: 'survey_page',
        invitationId: invitation.id,
      });
    });
  }

  private async recordAnonymous(
    manager: EntityManager,
    version: SurveyVersion,
    submission: ValidSubmission,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO anonymous_responses (survey_version_id, score, dissatisfied, answers, comment, submitted_month)
       VALUES ($1, $2, $3, $4, $5, date_trunc('month', now() AT TIME ZONE 'UTC')::date)`,
      [
        version.id,
        submission.score,
        submission.dissatisfied,
        JSON.stringify(submission.answers),
        submission.comment,
      ],
    );
  }

  private async recordIdentified(
    manager: EntityManager,
    invitation: Invitation,
    customer: Customer,
    version: SurveyVersion,
    submission: ValidSubmission,
  ): Promise<string> {
    const consentEventId = await this.consent.record(manager, {
      customerId: customer.id,
      purpose: 'identified_feedback',
      action: 'granted',
      consentTextId: submission.consentTextId!,
      source: 'survey_page',
      invitationId: invitation.id,
    });
    const id = randomUUID();
    await manager.insert(SurveyResponse, {
      id,
      surveyVersionId: version.id,
      invitationId: invitation.id,
      customerId: customer.id,
      consentEventId,
      score: submission.score,
      dissatisfied: submission.dissatisfied,
      answers: submission.answers,
      comment: submission.comment,
    });
    const preferences = submission.answers.preferences;
    if (preferences.length) {
      const columns = [
        preferences.map((p) => p.context),
        preferences.map((p) => p.channel),
        preferences.map((p) => p.contactTime),
        preferences.map((p) => JSON.stringify(p.interests)),
      ];
      await manager.query(
        `INSERT INTO preference_profiles AS p (customer_id, context, channel, contact_time, interests)
         SELECT $1, t.context, t.channel, t.contact_time,
                ARRAY(SELECT jsonb_array_elements_text(t.interests::jsonb))
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(context, channel, contact_time, interests)
         ON CONFLICT (customer_id, context) DO UPDATE SET
           channel = COALESCE(EXCLUDED.channel, p.channel),
           contact_time = COALESCE(EXCLUDED.contact_time, p.contact_time),
           interests = CASE WHEN cardinality(EXCLUDED.interests) > 0 THEN EXCLUDED.interests ELSE p.interests END,
           updated_at = now()`,
        [customer.id, ...columns],
      );
      await manager.query(
        `INSERT INTO preference_changes (customer_id, context, channel, contact_time, interests, response_id)
         SELECT $1, t.context, t.channel, t.contact_time,
                ARRAY(SELECT jsonb_array_elements_text(t.interests::jsonb)), $6
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(context, channel, contact_time, interests)`,
        [customer.id, ...columns, id],
      );
    }
    if (submission.dissatisfied) {
      await this.outbox.queueEmail(manager, {
        kind: 'thank_you',
        recipient: customer.email,
        customerId: customer.id,
        invitationId: invitation.id,
      });
      await this.events.publish(manager, 'response.dissatisfied', { responseId: id });
    }
    return id;
  }
}
