import { ReportRollups } from '../reports/report-rollups';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import { JobQueue } from '../../common/jobs/job-queue';
import type { ConsentPurpose } from '../consent/consent-text.entity';
import type { ConsentSource } from '../consent/consent-event.entity';
import { ConsentService } from '../consent/consent.service';
import { Customer } from '../customers/customer.entity';
import { toCustomerDto } from '../customers/customers.service';
import type { CustomerDto } from '../customers/dto/customer.dto';
import { AnonymousResponseRelease } from '../responses/anonymous-response-release';
import type { EmailKind } from '../email/email-message.entity';
import { SuppressionsService } from '../suppressions/suppressions.service';
import { returningRows } from '../../database/returning-rows';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** A customer withdrew a consent: open follow-ups for it must stop. */
    'consent.withdrawn': { customerId: string; purpose: ConsentPurpose };
  }
}

/** The emails each consent allows: withdrawn, those still waiting are cancelled. */
const EMAILS_ALLOWED_BY: Record<ConsentPurpose, EmailKind[]> = {
  identified_feedback: ['thank_you', 'case_message', 'recovery'],
  future_contact: ['case_message'],
};

export interface CustomerExport {
  exportedAt: string;
  note: string;
  customer: CustomerDto;
  consents: {
    purpose: string;
    action: string;
    source: string;
    occurredAt: string;
    invitationId: string | null;
    text: { version: number; locale: string; sha256: string; body: string };
  }[];
  invitations: {
    id: string;
    survey: { key: string; version: number };
    touchpoint: { type: string | null; reference: string | null; occurredAt: string | null };
    status: string;
    sendAt: string;
    sentAt: string | null;
    answeredAt: string | null;
    expiresAt: string;
    timeline: { type: string; at: string; detail: string | null }[];
  }[];
  responses: {
    invitationId: string;
    score: number;
    answers: unknown;
    comment: string | null;
    submittedAt: string;
  }[];
  preferences: {
    profiles: {
      context: string;
      channel: string | null;
      contactTime: string | null;
      interests: string[];
      updatedAt: string;
    }[];
    history: {
      context: string;
      channel: string | null;
      contactTime: string | null;
      interests: string[];
      recordedAt: string;
    }[];
  };
  emails: {
    kind: string;
    status: string;
    createdAt: string;
    sentAt: string | null;
    messageId: string;
  }[];
  cases: {
    id: string;
    status: string;
    openedAt: string;
    resolvedAt: string | null;
    resolution: string | null;
    timeline: { type: string; at: string; detail: string | null }[];
    /** The email dialogue: what the company wrote and what the customer replied. */
    messages: { direction: string; at: string; subject: string; body: string }[];
    /** "Did we make it right?": each recovery survey sent, and the answer when given. */
    recoveries: {
      sentAt: string;
      answeredAt: string | null;
      score: number | null;
      comment: string | null;
    }[];
  }[];
}

/**
 * A customer's rights over what Candor holds about them: see it all (export), withdraw a consent
 * (identified use stops, answers are kept only without their name), and be erased.
 */
@Injectable()
export class CustomerDataService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consent: ConsentService,
    private readonly events: DomainEvents,
    private readonly suppressions: SuppressionsService,
    private readonly jobs: JobQueue,
    private readonly release: AnonymousResponseRelease,
    private readonly rollups: ReportRollups,
  ) {}

  onModuleInit(): void {
    this.events.declare('consent.withdrawn');
  }

  /**
   * Withdraws a granted consent, as easily as it was given. For identified feedback the customer's
   * identified answers become anonymous ones (moved, with the month only, so totals stay right),
   * their preference profiles go, and follow-up emails still waiting are cancelled; the follow-up
   * module hears of it to close open cases. Idempotent: withdrawing twice records nothing more.
   */
  async withdraw(
    customerId: string,
    purpose: ConsentPurpose,
    source: ConsentSource,
    invitationId?: string,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1 FROM customers WHERE id = $1 FOR UPDATE', [customerId]);
      const current = (await this.consent.currentConsents(customerId, manager)).find(
        (event) => event.purpose === purpose,
      );
      if (!current || current.action !== 'granted') return false;
      await this.consent.record(manager, {
        customerId,
        purpose,
        action: 'withdrawn',
        consentTextId: current.consentTextId,
        source,
        invitationId,
      });
      if (purpose === 'identified_feedback') await this.deidentify(manager, customerId);
      await manager.query(
        `UPDATE email_messages SET status = 'cancelled', last_error = 'consent_withdrawn'
         WHERE customer_id = $1 AND status = 'queued' AND kind = ANY($2::text[])`,
        [customerId, EMAILS_ALLOWED_BY[purpose]],
      );
      await this.events.publish(manager, 'consent.withdrawn', { customerId, purpose });
      return true;
    });
  }

  /** Everything held about the customer, as they would read it. */
  async exportData(customerId: string): Promise<CustomerExport> {
    const manager = this.dataSource.manager;
    const customer = await manager.findOneByOrFail(Customer, { id: customerId });
    const q = <T>(sql: string) => manager.query<T[]>(sql, [customerId]);
    const [
      consents,
      invitations,
      timeline,
      responses,
      profiles,
      history,
      emails,
      cases,
      caseEvents,
      caseMessages,
      recoveries,
    ] = await Promise.all([
      q<Row>(
        `SELECT e.*, t.version, t.locale, t.sha256, t.body FROM consent_events e
           JOIN consent_texts t ON t.id = e.consent_text_id WHERE e.customer_id = $1 ORDER BY e.id`,
      ),
      q<Row>(
        `SELECT i.*, s.key AS survey_key, v.version AS survey_version FROM invitations i
           JOIN survey_versions v ON v.id = i.survey_version_id JOIN surveys s ON s.id = v.survey_id
           WHERE i.customer_id = $1 ORDER BY i.created_at`,
      ),
      q<Row>(
        `SELECT ev.* FROM invitation_events ev JOIN invitations i ON i.id = ev.invitation_id
           WHERE i.customer_id = $1 ORDER BY ev.id`,
      ),
      q<Row>(`SELECT * FROM responses WHERE customer_id = $1 ORDER BY submitted_at`),
      q<Row>(`SELECT * FROM preference_profiles WHERE customer_id = $1 ORDER BY context`),
      // The history of what they stated: each identified answer's preferences, oldest first.
      q<Row>(
        `SELECT p.*, r.submitted_at FROM responses r,
             jsonb_to_recordset(r.answers->'preferences')
               AS p(context text, channel text, "contactTime" text, interests text[])
           WHERE r.customer_id = $1 ORDER BY r.submitted_at`,
      ),
      q<Row>(`SELECT * FROM email_messages WHERE customer_id = $1 ORDER BY created_at`),
      q<Row>(`SELECT * FROM follow_up_cases WHERE customer_id = $1 ORDER BY created_at`),
      q<Row>(
        `SELECT ev.* FROM case_events ev JOIN follow_up_cases c ON c.id = ev.case_id
           WHERE c.customer_id = $1 ORDER BY ev.id`,
      ),
      q<Row>(
        `SELECT m.* FROM case_messages m JOIN follow_up_cases c ON c.id = m.case_id
           WHERE c.customer_id = $1 ORDER BY m.created_at, m.id`,
      ),
      q<Row>(
        `SELECT r.* FROM case_recoveries r JOIN follow_up_cases c ON c.id = r.case_id
           WHERE c.customer_id = $1 ORDER BY r.created_at`,
      ),
    ]);
    const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);
    return {
      exportedAt: new Date().toISOString(),
      note: 'Everything we hold about you. Answers you gave anonymously are not here: nothing links them to you.',
      customer: toCustomerDto(customer),
      consents: consents.map((row) => ({
        purpose: row.purpose as string,
        action: row.action as string,
        source: row.source as string,
        occurredAt: iso(row.occurred_at)!,
        invitationId: row.invitation_id as string | null,
        text: {
          version: row.version as number,
          locale: row.locale as string,
          sha256: row.sha256 as string,
          body: row.body as string,
        },
      })),
      invitations: invitations.map((row) => ({
        id: row.id as string,
        survey: { key: row.survey_key as string, version: row.survey_version as number },
        touchpoint: {
          type: row.touchpoint_type as string | null,
          reference: row.touchpoint_reference as string | null,
          occurredAt: iso(row.touchpoint_occurred_at),
        },
        status: row.status as string,
        sendAt: iso(row.send_at)!,
        sentAt: iso(row.sent_at),
        answeredAt: iso(row.answered_at),
        expiresAt: iso(row.expires_at)!,
        timeline: timeline
          .filter((event) => event.invitation_id === row.id)
          .map((event) => ({
            type: event.type as string,
            at: iso(event.at)!,
            detail: event.detail as string | null,
          })),
      })),
      responses: responses.map((row) => ({
        invitationId: row.invitation_id as string,
        score: row.score as number,
        answers: row.answers,
        comment: row.comment as string | null,
        submittedAt: iso(row.submitted_at)!,
      })),
      preferences: {
        profiles: profiles.map((row) => ({
          context: row.context as string,
          channel: row.channel as string | null,
          contactTime: row.contact_time as string | null,
          interests: row.interests as string[],
          updatedAt: iso(row.updated_at)!,
        })),
        history: history.map((row) => ({
          context: row.context as string,
          channel: row.channel as string | null,
          contactTime: row.contactTime as string | null,
          interests: (row.interests as string[] | null) ?? [],
          recordedAt: iso(row.submitted_at)!,
        })),
      },
      emails: emails.map((row) => ({
        kind: row.kind as string,
        status: row.status as string,
        createdAt: iso(row.created_at)!,
        sentAt: iso(row.sent_at),
        messageId: row.message_id as string,
      })),
      cases: cases.map((row) => ({
        id: row.id as string,
        status: row.status as string,
        openedAt: iso(row.created_at)!,
        resolvedAt: iso(row.resolved_at),
        resolution: row.resolution as string | null,
        timeline: caseEvents
          .filter((event) => event.case_id === row.id)
          .map((event) => ({
            type: event.type as string,
            at: iso(event.at)!,
            detail: event.detail as string | null,
          })),
        messages: caseMessages
          .filter((message) => message.case_id === row.id)
          .map((message) => ({
            direction: message.direction as string,
            at: iso(message.created_at)!,
            subject: message.subject as string,
            body: message.body as string,
          })),
        recoveries: recoveries
          .filter((recovery) => recovery.case_id === row.id)
          .map((recovery) => ({
            sentAt: iso(recovery.created_at)!,
            answeredAt: iso(recovery.answered_at),
            score: recovery.score as number | null,
            comment: recovery.comment as string | null,
          })),
      })),
    };
  }

  /**
   * Erases the customer: their identified answers become anonymous ones (so every total stays
   * right), their invitations stay for the response rate but lose everything that pointed to them
   * (customer, CRM reference and key, touchpoint time, link token), and every other row about them
   * goes — consents, preferences, emails and their pending jobs, the customer row itself. Only a
   * hash of the address stays, as a suppression, so they are not emailed again by a later import.
   */
  async erase(customerId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [customer] = await manager.query<{ email: string }[]>(
        'SELECT email FROM customers WHERE id = $1 FOR UPDATE',
        [customerId],
      );
      if (!customer) return;
      await this.suppressions.suppress(customer.email, 'erased', manager);
      // The report rollups counted this person's answers as identified and their cases: the days
      // are rebuilt by the rollups' next run (the answers then count as anonymous).
      const caseDays = await manager.query<{ day: string }[]>(
        `SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date::text AS day
         FROM follow_up_cases WHERE customer_id = $1`,
        [customerId],
      );
      const answerDays = await this.deidentify(manager, customerId);
      await this.rollups.markStale(manager, [...caseDays.map((row) => row.day), ...answerDays]);
      const emails = await manager.query<{ id: string }[]>(
        'DELETE FROM email_messages WHERE customer_id = $1 RETURNING id',
        [customerId],
      );
      const invitations = await returningRows<{ id: string }>(
        manager,
        `UPDATE invitations SET customer_id = NULL, touchpoint_reference = NULL,
           touchpoint_occurred_at = NULL, idempotency_key = NULL, token_hash = 'erased:' || id
         WHERE customer_id = $1 RETURNING id`,
        [customerId],
      );
      // Their ids mean nothing any more; jobs still waiting on them would only find nothing.
      const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
      await this.jobs.discardWaiting(manager, 'email.send', 'emailId', ids(emails));
      // Expiry stays: an open invitation still closes on time, so response rates stay right.
      await this.jobs.discardWaiting(
        manager,
        'invitation.remind',
        'invitationId',
        ids(invitations),
      );
      await manager.query('DELETE FROM consent_events WHERE customer_id = $1', [customerId]);
      await manager.query('DELETE FROM customers WHERE id = $1', [customerId]);
    });
  }

  /**
   * Identified answers become anonymous ones: the same survey version, score, answers and comment
   * with the month only, through the anonymous inbox (so they are released among others, not
   * recognisable as this transaction's); the identified rows and the preferences drawn from them
   * go.
   */
  private async deidentify(manager: EntityManager, customerId: string): Promise<string[]> {
    const [moved] = await manager.query<{ days: string[] }[]>(
      `WITH moved AS (DELETE FROM responses WHERE customer_id = $1
         RETURNING survey_version_id, score, dissatisfied, answers, comment, submitted_at),
       inboxed AS (
         INSERT INTO anonymous_response_inbox (survey_version_id, score, dissatisfied, answers, comment, submitted_month)
         SELECT survey_version_id, score, dissatisfied, answers, comment,
                date_trunc('month', submitted_at AT TIME ZONE 'UTC')::date
         FROM moved
       )
       SELECT ARRAY(SELECT DISTINCT (submitted_at AT TIME ZONE 'UTC')::date::text FROM moved) AS days`,
      [customerId],
    );
    if (moved.days.length) await this.release.scheduleRelease(manager);
    await manager.query('DELETE FROM preference_profiles WHERE customer_id = $1', [customerId]);
    return moved.days;
  }
}

type Row = Record<string, unknown>;
