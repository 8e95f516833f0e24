import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import { returningRows } from '../../database/returning-rows';
import type { ConsentPurpose } from '../consent/consent-text.entity';
import { SCALE_RANGE } from '../surveys/survey-definition';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { addBusinessHours } from './business-hours';
import { statusAfterSql, statusesAllowing } from './case-states';
import { CaseEscalations } from './escalation/case-escalations';
import { escalationTimes } from './escalation/escalation-steps';
import type { CaseSource } from './follow-up-case.entity';
import { decide } from './rules/case-rules';
import { CaseSettingsService } from './rules/case-settings.service';

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
  ) {}

  onModuleInit(): void {
    this.events.subscribe('response.dissatisfied', 'cases', ({ responseId }) =>
      this.openForResponse(responseId),
    );
    this.events.subscribe('contact.requested', 'cases', ({ invitationId }) =>
      this.openForContactRequest(invitationId),
    );
    this.events.subscribe('consent.withdrawn', 'cases', ({ customerId, purpose }) =>
      this.withdraw(customerId, purpose),
    );
  }

  /** An identified, unhappy answer's case (none if its consent was withdrawn meanwhile). */
  async openForResponse(responseId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const target = await this.lockedOwner(
        manager,
        `SELECT r.customer_id, r.invitation_id, r.survey_version_id, r.score
         FROM responses r WHERE r.id = $1`,
        responseId,
      );
      if (!target) return;
      const version = await manager.findOneByOrFail(SurveyVersion, {
        id: target.survey_version_id,
      });
      // The scale's lowest score is the most urgent; other unhappy answers come next.
      const priority = target.score === SCALE_RANGE[version.scale].min ? 1 : 2;
      await this.open(manager, 'dissatisfied_answer', target, responseId, priority, version);
    });
  }

  /** An anonymous answerer asked to be contacted: a case without a response to show. */
  async openForContactRequest(invitationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const target = await this.lockedOwner(
        manager,
        `SELECT i.customer_id, i.id AS invitation_id, i.survey_version_id, NULL::int AS score
         FROM invitations i
         WHERE i.id = $1 AND EXISTS (
           SELECT 1 FROM consent_events e WHERE e.invitation_id = i.id
             AND e.purpose = 'future_contact' AND e.action = 'granted')`,
        invitationId,
      );
      if (!target) return;
      const version = await manager.findOneByOrFail(SurveyVersion, {
        id: target.survey_version_id,
      });
      await this.open(manager, 'contact_request', target, null, 2, version);
    });
  }

  /** A withdrawn consent ends the cases it allowed, whatever their state short of closed. */
  async withdraw(customerId: string, purpose: ConsentPurpose): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1 FROM customers WHERE id = $1 FOR UPDATE', [customerId]);
      await manager.query(
        `WITH ended AS (
           UPDATE follow_up_cases SET status = ${statusAfterSql('withdraw')}, version = version + 1,
             updated_at = now()
           WHERE customer_id = $1 AND source = $2 AND status = ANY($3::text[])
           RETURNING id
         )
         INSERT INTO case_events (case_id, type, detail) SELECT id, 'withdrawn', $4 FROM ended`,
        [customerId, CASES_OF_PURPOSE[purpose], statusesAllowing('withdraw'), purpose],
      );
    });
  }

  /**
   * Locks the customer a row belongs to (before anything else, like every writer about them),
   * then reads the row again: what a withdrawal or erasure removed meanwhile is then gone.
   */
  private async lockedOwner(
    manager: EntityManager,
    sql: string,
    id: string,
  ): Promise<OpeningTarget | null> {
    const [before] = await manager.query<OpeningTarget[]>(sql, [id]);
    if (!before) return null;
    await manager.query('SELECT 1 FROM customers WHERE id = $1 FOR SHARE', [before.customer_id]);
    const [after] = await manager.query<OpeningTarget[]>(sql, [id]);
    return after ?? null;
  }

  private async open(
    manager: EntityManager,
    source: CaseSource,
    target: OpeningTarget,
    responseId: string | null,
    scorePriority: number,
    version: SurveyVersion,
  ): Promise<void> {
    const now = new Date();
    const policy = version.followUp;
    const [settings, [facts]] = await Promise.all([
      this.settings.current(manager),
      manager.query<
        {
          survey: string;
          touchpoint_type: string | null;
          locale: string;
          attributes: Record<string, unknown>;
        }[]
      >(
        `SELECT s.key AS survey, i.touchpoint_type, cu.locale, cu.attributes
         FROM invitations i, customers cu, surveys s
         WHERE i.id = $1 AND cu.id = $2 AND s.id = $3`,
        [target.invitation_id, target.customer_id, version.surveyId],
      ),
    ]);
    const { teamId, priority } = decide(settings, {
      survey: facts.survey,
      touchpointType: facts.touchpoint_type,
      locale: facts.locale,
      attributes: facts.attributes,
      scorePriority,
    });
    const opened = await returningRows<{ id: string }>(
      manager,
      `INSERT INTO follow_up_cases (id, source, invitation_id, response_id, customer_id,
         survey_version_id, priority, team_id, first_contact_due_at, resolution_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (invitation_id, source) DO NOTHING
       RETURNING id`,
      [
        randomUUID(),
        source,
        target.invitation_id,
        responseId,
        target.customer_id,
        version.id,
        priority,
        teamId,
        addBusinessHours(now, policy.firstContactHours, settings.calendar),
        addBusinessHours(now, policy.resolutionHours, settings.calendar),
      ],
    );
    if (opened.length === 0) return; // a repeated delivery: the case exists
    await manager.query(
      `INSERT INTO case_events (case_id, type, detail) VALUES ($1, 'created', $2)`,
      [opened[0].id, source],
    );
    await this.escalations.schedule(
      manager,
      opened[0].id,
      escalationTimes(now, policy, settings.calendar),
    );
  }
}

interface OpeningTarget {
  customer_id: string;
  invitation_id: string;
  survey_version_id: string;
  score: number | null;
}
