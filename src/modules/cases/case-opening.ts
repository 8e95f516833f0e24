import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { caseTimelineCtes } from './case-timeline';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import type { ConsentPurpose } from '../consent/consent-text.entity';
import { consentRecordedForInvitationSql } from '../consent/consent-sql';
import { invitationsByIdSql, joinInvitationOf } from '../invitations/invitation-sql';
import { responsesByIdSql } from '../responses/response-sql';
import { FollowUpPromises, type FollowUpPromise } from '../responses/follow-up-promises';
import { type FollowUpPolicy, SCALE_RANGE } from '../surveys/survey-definition';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { joinSurveyOf } from '../surveys/survey-sql';
import { addBusinessHours, type BusinessCalendar } from './business-hours';
import { statusAfterSql, statusesAllowing } from './case-states';
import { CaseEscalations } from './escalation/case-escalations';
import { escalationTimes } from './escalation/escalation-steps';
import type { CaseSource } from './follow-up-case.entity';
import { decide } from './rules/case-rules';
import { CaseSettingsService } from './rules/case-settings.service';
import { lockCustomer } from '../customers/customer-personal-data';
import { joinCustomerOf, lockCustomersSql } from '../customers/customer-sql';

/** Which cases a withdrawn consent ends. */
const CASES_OF_PURPOSE: Record<ConsentPurpose, CaseSource> = {
  identified_feedback: 'dissatisfied_answer',
  future_contact: 'contact_request',
};

/**
 * Where cases come from and where they end without an agent: opened from `response.dissatisfied`
 * and `contact.requested` (exactly one per invitation and source, however often an event is
 * delivered), routed, prioritised and timed by the case settings, with their escalation
 * scheduled; ended by `consent.withdrawn`. Every writer locks the customer's row first, as the
 * answer and the privacy center do, so a withdrawal never crosses an opening.
 */
@Injectable()
export class CaseOpening implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    private readonly escalations: CaseEscalations,
    private readonly settings: CaseSettingsService,
    private readonly promises: FollowUpPromises,
  ) {}

  onModuleInit(): void {
    this.promises.usePromises((manager, responseIds) => this.promisesFor(manager, responseIds));
    this.events.subscribeBatch('response.dissatisfied', 'cases', (events) =>
      this.openForResponses(events.map((event) => event.responseId)),
    );
    this.events.subscribe('contact.requested', 'cases', ({ invitationId }) =>
      this.openForContactRequest(invitationId),
    );
    this.events.subscribe('consent.withdrawn', 'cases', ({ customerId, purpose }) =>
      this.withdraw(customerId, purpose),
    );
  }

  /**
   * When the cases of unhappy answers are due their first contact: a case's own deadline once it
   * is open, until then the same arithmetic from the answer's time; answers that open no case
   * are left out. One read of the settings and one query for them all.
   */
  async promisesFor(
    manager: EntityManager,
    responseIds: string[],
  ): Promise<Map<string, FollowUpPromise>> {
    const [{ calendar }, rows] = await Promise.all([
      this.settings.current(manager),
      manager.query<
        {
          id: string;
          due_at: Date | null;
          submitted_at: Date;
          dissatisfied: boolean;
          version_id: string;
        }[]
      >(
        `SELECT r.id, c.first_contact_due_at AS due_at, r.submitted_at, r.dissatisfied,
           r.survey_version_id AS version_id
         FROM ${responsesByIdSql('$1')} r
         LEFT JOIN follow_up_cases c ON c.response_id = r.id`,
        [responseIds],
      ),
    ]);
    const unhappy = rows.filter((row) => row.dissatisfied);
    const versions = await this.versionsOf(
      manager,
      unhappy.filter((row) => !row.due_at).map((row) => ({ survey_version_id: row.version_id })),
    );
    return new Map(
      unhappy.map((row) => [
        row.id,
        {
          by:
            row.due_at ??
            firstContactDue(row.submitted_at, versions.get(row.version_id)!.followUp, calendar),
          timeZone: calendar.timeZone,
        },
      ]),
    );
  }

  /** An identified, unhappy answer's case (none if its consent was withdrawn meanwhile). */
  async openForResponse(responseId: string): Promise<void> {
    await this.openForResponses([responseId]);
  }

  /** Identified, unhappy answers' cases, together (a burst of answers is delivered in batches). */
  async openForResponses(responseIds: string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const targets = await this.lockedOwners(
        manager,
        `SELECT r.customer_id, r.invitation_id, r.survey_version_id, r.score, r.id AS response_id,
           r.submitted_at AS asked_at
         FROM ${responsesByIdSql('$1')} r`,
        responseIds,
      );
      const versions = await this.versionsOf(manager, targets);
      const openings = targets.map((target): Opening => {
        const version = versions.get(target.survey_version_id)!;
        // The scale's lowest score is the most urgent; other unhappy answers come next.
        const scorePriority = target.score === SCALE_RANGE[version.scale].min ? 1 : 2;
        return { target, scorePriority, version };
      });
      await this.open(manager, 'dissatisfied_answer', openings);
    });
  }

  /** An anonymous answerer asked to be contacted: a case without a response to show. */
  async openForContactRequest(invitationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const targets = await this.lockedOwners(
        manager,
        `SELECT i.customer_id, i.id AS invitation_id, i.survey_version_id, NULL::int AS score,
           NULL::uuid AS response_id, NULL::timestamptz AS asked_at
         FROM ${invitationsByIdSql('$1')} i
         WHERE ${consentRecordedForInvitationSql('i.id', 'future_contact', 'granted')}`,
        [invitationId],
      );
      const versions = await this.versionsOf(manager, targets);
      const openings = targets.map((target): Opening => ({
        target,
        scorePriority: 2,
        version: versions.get(target.survey_version_id)!,
      }));
      await this.open(manager, 'contact_request', openings);
    });
  }

  /** A withdrawn consent ends the cases it allowed, whatever their state short of closed. */
  async withdraw(customerId: string, purpose: ConsentPurpose): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await lockCustomer(manager, customerId);
      await manager.query(
        `WITH ended AS (
           UPDATE follow_up_cases SET status = ${statusAfterSql('withdraw')}, version = version + 1,
             updated_at = now()
           WHERE customer_id = $1 AND source = $2 AND status = ANY($3::text[])
           RETURNING id
         ),
         ${caseTimelineCtes('timeline', "SELECT id, 'withdrawn', NULL::uuid, $4 FROM ended")}
         SELECT 1`,
        [customerId, CASES_OF_PURPOSE[purpose], statusesAllowing('withdraw'), purpose],
      );
    });
  }

  /**
   * Locks the customers the rows belong to (before anything else, like every writer about them;
   * in id order, so two batches never wait on each other crosswise), then reads the rows again:
   * what a withdrawal or erasure removed meanwhile is then gone.
   */
  private async lockedOwners(
    manager: EntityManager,
    sql: string,
    ids: string[],
  ): Promise<OpeningTarget[]> {
    const before = await manager.query<OpeningTarget[]>(sql, [ids]);
    if (before.length === 0) return [];
    await manager.query(lockCustomersSql('id = ANY($1::uuid[])', 'SHARE'), [
      [...new Set(before.map((target) => target.customer_id))],
    ]);
    return manager.query<OpeningTarget[]>(sql, [ids]);
  }

  private async versionsOf(
    manager: EntityManager,
    targets: Pick<OpeningTarget, 'survey_version_id'>[],
  ): Promise<Map<string, SurveyVersion>> {
    const ids = [...new Set(targets.map((target) => target.survey_version_id))];
    const versions = ids.length ? await manager.findBy(SurveyVersion, { id: In(ids) }) : [];
    return new Map(versions.map((version) => [version.id, version]));
  }

  /**
   * Opens a case per invitation (one statement for them all), routed and prioritised by the
   * case settings, with its `created` event and escalation steps. An invitation that has its case
   * already (a repeated delivery) is left as it is.
   */
  private async open(
    manager: EntityManager,
    source: CaseSource,
    openings: Opening[],
  ): Promise<void> {
    const unique = [...new Map(openings.map((o) => [o.target.invitation_id, o])).values()];
    if (unique.length === 0) return;
    const now = new Date();
    const [settings, facts] = await Promise.all([
      this.settings.current(manager),
      manager.query<CaseFactsRow[]>(
        `SELECT t.invitation_id, s.key AS survey, i.touchpoint_type, cu.locale, cu.attributes
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS t(invitation_id, customer_id, survey_id)
         ${joinInvitationOf('t.invitation_id', 'i')}
         ${joinCustomerOf('t.customer_id', 'cu')}
         ${joinSurveyOf('t.survey_id', 's')}`,
        [
          unique.map((o) => o.target.invitation_id),
          unique.map((o) => o.target.customer_id),
          unique.map((o) => o.version.surveyId),
        ],
      ),
    ]);
    const factsOf = new Map(facts.map((row) => [row.invitation_id, row]));
    const cases = unique.flatMap(({ target, scorePriority, version }) => {
      const row = factsOf.get(target.invitation_id);
      if (!row) return [];
      const { teamId, priority } = decide(settings, {
        survey: row.survey,
        touchpointType: row.touchpoint_type,
        locale: row.locale,
        attributes: row.attributes,
        scorePriority,
      });
      const policy = version.followUp;
      // The clock starts when the customer answered, as the thank-you promised them.
      const start = target.asked_at ?? now;
      return [
        {
          id: randomUUID(),
          target,
          priority,
          teamId,
          firstContactDueAt: firstContactDue(start, policy, settings.calendar),
          resolutionDueAt: addBusinessHours(start, policy.resolutionHours, settings.calendar),
          escalations: escalationTimes(start, policy, settings.calendar),
        },
      ];
    });
    // The case and its `created` event in one statement; a case that exists already is skipped.
    const opened = await manager.query<{ case_id: string }[]>(
      `WITH opened AS (
         INSERT INTO follow_up_cases (id, source, invitation_id, response_id, customer_id,
           survey_version_id, priority, team_id, first_contact_due_at, resolution_due_at)
         SELECT t.id, $2, t.invitation_id, t.response_id, t.customer_id, t.survey_version_id,
           t.priority, t.team_id, t.first_contact_due_at, t.resolution_due_at
         FROM unnest($1::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::smallint[],
           $8::uuid[], $9::timestamptz[], $10::timestamptz[])
           AS t(id, invitation_id, response_id, customer_id, survey_version_id, priority, team_id,
             first_contact_due_at, resolution_due_at)
         ON CONFLICT (invitation_id, source) DO NOTHING
         RETURNING id
       ),
       ${caseTimelineCtes('timeline', "SELECT id, 'created', NULL::uuid, $2 FROM opened")}
       SELECT case_id FROM timeline`,
      [
        cases.map((c) => c.id),
        source,
        cases.map((c) => c.target.invitation_id),
        cases.map((c) => c.target.response_id),
        cases.map((c) => c.target.customer_id),
        cases.map((c) => c.target.survey_version_id),
        cases.map((c) => c.priority),
        cases.map((c) => c.teamId),
        cases.map((c) => c.firstContactDueAt),
        cases.map((c) => c.resolutionDueAt),
      ],
    );
    const openedIds = new Set(opened.map((row) => row.case_id));
    await this.escalations.schedule(
      manager,
      cases.filter((c) => openedIds.has(c.id)).map((c) => ({ caseId: c.id, times: c.escalations })),
    );
  }
}

interface OpeningTarget {
  customer_id: string;
  invitation_id: string;
  survey_version_id: string;
  score: number | null;
  response_id: string | null;
  /** When the customer answered (null for a contact request: the case's opening). */
  asked_at: Date | null;
}

function firstContactDue(start: Date, policy: FollowUpPolicy, calendar: BusinessCalendar): Date {
  return addBusinessHours(start, policy.firstContactHours, calendar);
}

interface Opening {
  target: OpeningTarget;
  /** 1 for the scale's lowest score, else 2 (before the priority rules). */
  scorePriority: number;
  version: SurveyVersion;
}

interface CaseFactsRow {
  invitation_id: string;
  survey: string;
  touchpoint_type: string | null;
  locale: string;
  attributes: Record<string, unknown>;
}
