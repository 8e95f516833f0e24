import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import { preparedQuery } from '../../common/database/prepared-query';
import { grantConsentCtes } from '../consent/consent-grant';
import { ConsentService } from '../consent/consent.service';
import type { ConsentAction } from '../consent/consent-event.entity';
import {
  consentRecordedForInvitationSql,
  latestConsentForInvitationSql,
} from '../consent/consent-sql';
import { Customer } from '../customers/customer.entity';
import { joinCustomerOf } from '../customers/customer-sql';
import { claimInvitationCtes } from '../invitations/invitation-claim';
import { invitationOfLinkSql, invitationStatus } from '../invitations/invitation-sql';
import { lookupHash } from '../../common/links/link-tokens';
import { Invitation, OPEN_INVITATION_STATUSES } from '../invitations/invitation.entity';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { AnonymousResponseRelease } from './anonymous-response-release';
import { mergePreferencesCtes, preferenceParameters } from './preference-merge';
import { SurveyResponse } from './response.entity';
import type { ValidSubmission } from './survey-submission';
import { lockCustomer } from '../customers/customer-personal-data';

import './response-events';

interface LinkRow {
  id: string;
  status: Invitation['status'];
  expires_at: Date;
  survey_version_id: string;
  customer_id: string;
  touchpoint_type: string | null;
  touchpoint_reference: string | null;
  touchpoint_occurred_at: Date | null;
  email: string;
  name: string | null;
  locale: string;
}

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
  private readonly versions = new Map<string, SurveyVersion>();
  private recordIdentified?: string;
  private recordAnonymous?: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consent: ConsentService,
    private readonly events: DomainEvents,
    private readonly release: AnonymousResponseRelease,
  ) {}

  onModuleInit(): void {
    this.events.declare('response.dissatisfied');
    this.events.declare('contact.requested');
  }

  /**
   * The invitation behind a survey link. Unknown and known tokens cost the same one indexed
   * lookup and one join, so the answer's timing does not tell them apart. (Survey versions never
   * change once written, so they come from memory after their first use.)
   */
  async findLink(token: string): Promise<SurveyLink> {
    const [row] = await preparedQuery<LinkRow>(
      this.dataSource,
      'find-survey-link',
      `SELECT i.id, i.status, i.expires_at, i.survey_version_id, i.customer_id, i.touchpoint_type,
              i.touchpoint_reference, i.touchpoint_occurred_at, c.email, c.name, c.locale
       FROM ${invitationOfLinkSql('$1')} i ${joinCustomerOf('i.customer_id', 'c')}`,
      [lookupHash(token)],
    );
    if (!row) return { state: 'missing' };
    const invitation = Object.assign(new Invitation(), {
      id: row.id,
      status: row.status,
      expiresAt: row.expires_at,
      surveyVersionId: row.survey_version_id,
      customerId: row.customer_id,
      touchpointType: row.touchpoint_type,
      touchpointReference: row.touchpoint_reference,
      touchpointOccurredAt: row.touchpoint_occurred_at,
    });
    const customer = Object.assign(new Customer(), {
      id: row.customer_id,
      email: row.email,
      name: row.name,
      locale: row.locale,
    });
    const version = await this.version(row.survey_version_id);
    if (invitation.status === 'answered') {
      return { state: 'answered', invitation, customer, version };
    }
    // Never delivered (throttled, suppressed, bounced): as unknown, whatever its age.
    if (
      invitation.status !== 'expired' &&
      !(OPEN_INVITATION_STATUSES as readonly string[]).includes(invitation.status)
    ) {
      return { state: 'missing' };
    }
    if (invitation.status === 'expired' || invitation.expiresAt <= new Date()) {
      return { state: 'expired', invitation, customer, version };
    }
    return { state: 'open', invitation, customer, version };
  }

  private async version(id: string): Promise<SurveyVersion> {
    let version = this.versions.get(id);
    if (!version) {
      version = await this.dataSource.getRepository(SurveyVersion).findOneByOrFail({ id });
      this.versions.set(id, version);
    }
    return version;
  }

  /**
   * Records one answer, once: the invitation is claimed by a conditional update, so of any number
   * of parallel submits exactly one commits and the others see it answered. The claim and every
   * row of the answer go in one statement (data-modifying CTEs, each gated on the claim), so a
   * submit is one round trip. Identified answers record the consent and carry the customer;
   * anonymous ones are written with nothing that could point back (the invitation is marked
   * answered on its own, for the response rate). The statement publishes the answer's events too
   * (`invitation.answered`; for an identified answer `consent.granted`, `response.received`,
   * `preferences.updated` when preferences were stated, and, when unhappy,
   * `response.dissatisfied`, which the thank-you email and the follow-up case come from).
   */
  async submit(
    invitation: Invitation,
    version: SurveyVersion,
    submission: ValidSubmission,
  ): Promise<SubmitOutcome> {
    const responseId = submission.consent === 'identified' ? randomUUID() : null;
    const [{ claimed }] = await preparedQuery<{ claimed: number }>(
      this.dataSource,
      responseId ? 'record-identified-answer' : 'record-anonymous-answer',
      responseId ? this.recordIdentifiedSql() : this.recordAnonymousSql(),
      responseId
        ? identifiedParameters(invitation, version, submission, responseId)
        : anonymousParameters(invitation, version, submission),
    );
    if (claimed === 1) return { outcome: 'answered', responseId };
    const now = await invitationStatus(this.dataSource.manager, invitation.id);
    return { outcome: now === 'answered' ? 'already_answered' : 'expired' };
  }

  /** RECORD_ANONYMOUS, with the inbox's release jobs written in the same statement. */
  private recordAnonymousSql(): string {
    this.recordAnonymous ??= RECORD_ANONYMOUS.replace(
      '$RELEASE',
      this.release.releaseJobsSql('answer'),
    );
    return this.recordAnonymous;
  }

  /** RECORD_IDENTIFIED, with the answer's events published in the same statement. */
  private recordIdentifiedSql(): string {
    if (this.recordIdentified) return this.recordIdentified;
    const received = this.events.publishSql('received', {
      event: 'response.received',
      payload: `jsonb_build_object('responseId', answer.id, 'surveyVersionId', $2::uuid,
        'identified', true, 'invitationId', $1::uuid, 'customerId', answer.customer_id)`,
      from: 'answer',
    });
    const dissatisfied = this.events.publishSql('dissatisfied', {
      event: 'response.dissatisfied',
      payload: "jsonb_build_object('responseId', answer.id)",
      from: 'answer',
      where: '$4::boolean',
    });
    this.recordIdentified = RECORD_IDENTIFIED.replace('$EVENTS', `${received},\n${dissatisfied}`);
    return this.recordIdentified;
  }

  /** The identified response of an invitation, if it was answered as oneself. */
  async identifiedResponse(invitationId: string): Promise<SurveyResponse | null> {
    return this.dataSource.getRepository(SurveyResponse).findOneBy({ invitationId });
  }

  /**
   * What the customer decided, after an anonymous answer, about being contacted about it: the
   * latest decision recorded with the invitation, or null when they never asked.
   */
  async contactDecision(invitationId: string): Promise<ConsentAction | null> {
    const [row] = await this.dataSource.query<{ action: ConsentAction }[]>(
      latestConsentForInvitationSql('$1', 'future_contact'),
      [invitationId],
    );
    return row?.action ?? null;
  }

  /** After an anonymous answer: the customer chose to be contacted after all (a new consent). */
  async requestContact(
    invitation: Invitation,
    customer: Customer,
    consentTextId: string,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // One request per invitation: serialise on the customer (locked first, as everywhere).
      await lockCustomer(manager, customer.id);
      const [{ existing }] = await manager.query<{ existing: boolean }[]>(
        `SELECT ${consentRecordedForInvitationSql('$1', 'future_contact')} AS existing`,
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
      await this.events.publish(manager, 'contact.requested', { invitationId: invitation.id });
    });
  }
}

/** The claim of `$1`, the start of every answer. */
const CLAIM = claimInvitationCtes('$1');

/**
 * $1 invitation, $2 version, $3 score, $4 dissatisfied, $5 answers, $6 comment. The answer goes to
 * the inbox, not to `anonymous_responses` (see `AnonymousResponseInbox`); `$RELEASE` becomes the
 * release jobs. It keeps where the touchpoint happened (location, channel: a place and a way of
 * contact that many customers share) but not who served the customer: a member of staff serves
 * few enough people in a month that their name beside the answer could point back to the person
 * (docs/privacy.md "Anonymity").
 */
const RECORD_ANONYMOUS = `
  WITH ${CLAIM},
  answer AS (
    INSERT INTO anonymous_response_inbox (survey_version_id, score, dissatisfied, answers, comment,
      submitted_month, touchpoint_location, touchpoint_channel)
    SELECT $2::uuid, $3::int, $4::boolean, $5::jsonb, $6::text,
      date_trunc('month', now() AT TIME ZONE 'UTC')::date, touchpoint_location, touchpoint_channel
    FROM claimed
    RETURNING 1
  ),
  release AS ($RELEASE)
  SELECT count(*)::int AS claimed FROM claimed`;

/**
 * $1 invitation, $2 version, $3 score, $4 dissatisfied, $5 answers, $6 comment, $7 response id,
 * $8 consent text, then the preferences as columns: $9 context, $10 channel, $11 contact time,
 * $12 interests (JSON arrays). `$EVENTS` becomes the publication of `response.received` and, when
 * $4, `response.dissatisfied`.
 */
const RECORD_IDENTIFIED = `
  WITH ${CLAIM},
  ${grantConsentCtes('consent', {
    invitations: 'claimed',
    purpose: 'identified_feedback',
    source: 'survey_page',
    textParameter: '$8',
  })},
  answer AS (
    INSERT INTO responses (id, survey_version_id, invitation_id, customer_id, consent_event_id,
      score, dissatisfied, answers, comment)
    SELECT $7::uuid, $2::uuid, $1::uuid, customer_id, id, $3::int, $4::boolean, $5::jsonb, $6::text
    FROM consent
    RETURNING id, customer_id
  ),
  ${mergePreferencesCtes('profiles', 'claimed', 9)},
  $EVENTS
  SELECT count(*)::int AS claimed FROM claimed`;

function anonymousParameters(
  invitation: Invitation,
  version: SurveyVersion,
  submission: ValidSubmission,
): unknown[] {
  return [
    invitation.id,
    version.id,
    submission.score,
    submission.dissatisfied,
    JSON.stringify(submission.answers),
    submission.comment,
  ];
}

function identifiedParameters(
  invitation: Invitation,
  version: SurveyVersion,
  submission: ValidSubmission,
  responseId: string,
): unknown[] {
  return [
    ...anonymousParameters(invitation, version, submission),
    responseId,
    submission.consentTextId,
    ...preferenceParameters(submission.answers.preferences),
  ];
}
