import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import {
  exportedTime,
  PersonalData,
  PersonalDataRegistry,
} from '../../common/privacy/personal-data';
import { returningRows } from '../../common/database/returning-rows';
import { joinSurveyVersionOf } from '../surveys/survey-sql';
import {
  type TouchpointColumns,
  touchpointColumnsSql,
  touchpointFields,
} from './invitation-touchpoint';

export interface InvitationExport {
  id: string;
  survey: { key: string; version: number };
  touchpoint: ReturnType<typeof touchpointFields>;
  status: string;
  sendAt: string;
  sentAt: string | null;
  answeredAt: string | null;
  expiresAt: string;
  timeline: { type: string; at: string; detail: string | null }[];
}

interface InvitationRow extends TouchpointColumns {
  id: string;
  survey_key: string;
  survey_version: number;
  status: string;
  send_at: Date;
  sent_at: Date | null;
  answered_at: Date | null;
  expires_at: Date;
}

interface InvitationEventRow {
  invitation_id: string;
  type: string;
  at: Date;
  detail: string | null;
}

/**
 * A customer's invitations: shown in their export; on erasure they stay, for the response rate,
 * without anything that pointed to the person.
 */
@Injectable()
export class InvitationPersonalData implements PersonalData, OnModuleInit {
  readonly tables = ['invitations', 'invitation_events'];
  readonly erasureStep = 'detach';

  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(
    manager: EntityManager,
    customerId: string,
  ): Promise<{ invitations: InvitationExport[] }> {
    const [invitations, events] = await Promise.all([
      manager.query<InvitationRow[]>(
        `SELECT i.id, s.key AS survey_key, v.version AS survey_version,
                ${touchpointColumnsSql('i')}, i.status, i.send_at, i.sent_at, i.answered_at,
                i.expires_at
         FROM invitations i
         ${joinSurveyVersionOf('i.survey_version_id', { version: 'v', survey: 's' })}
         WHERE i.customer_id = $1 ORDER BY i.created_at`,
        [customerId],
      ),
      manager.query<InvitationEventRow[]>(
        `SELECT ev.invitation_id, ev.type, ev.at, ev.detail
         FROM invitation_events ev JOIN invitations i ON i.id = ev.invitation_id
         WHERE i.customer_id = $1 ORDER BY ev.id`,
        [customerId],
      ),
    ]);
    return {
      invitations: invitations.map((row) => ({
        id: row.id,
        survey: { key: row.survey_key, version: row.survey_version },
        touchpoint: {
          ...touchpointFields(row),
          occurredAt: exportedTime(row.touchpoint_occurred_at),
        },
        status: row.status,
        sendAt: exportedTime(row.send_at),
        sentAt: exportedTime(row.sent_at),
        answeredAt: exportedTime(row.answered_at),
        expiresAt: exportedTime(row.expires_at),
        timeline: events
          .filter((event) => event.invitation_id === row.id)
          .map((event) => ({
            type: event.type,
            at: exportedTime(event.at),
            detail: event.detail,
          })),
      })),
    };
  }

  /**
   * The invitations lose their customer, CRM reference and key, touchpoint time and link token;
   * reminders still waiting go. Expiry stays: an open invitation still closes on time, so
   * response rates stay right. The touchpoint's type, location, channel and member of staff stay
   * too (they name the company's place and employee, not the customer): the figures per location
   * and per member of staff stay the same.
   */
  async erase(manager: EntityManager, customerId: string): Promise<void> {
    const invitations = await returningRows<{ id: string }>(
      manager,
      `UPDATE invitations SET customer_id = NULL, touchpoint_reference = NULL,
         touchpoint_occurred_at = NULL, idempotency_key = NULL, token_hash = 'erased:' || id
       WHERE customer_id = $1 RETURNING id`,
      [customerId],
    );
    await this.jobs.discardWaiting(
      manager,
      'invitation.remind',
      'invitationId',
      invitations.map((invitation) => invitation.id),
    );
  }
}
