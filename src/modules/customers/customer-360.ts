import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { caseInScope } from '../../common/auth/team-scope';

/** How many of the latest answers and cases the 360 lists. */
const HISTORY_LIMIT = 20;

/** Everything an agent needs to know about a customer before contacting them. */
export interface Customer360Dto {
  externalId: string;
  name: string | null;
  email: string;
  locale: string;
  attributes: Record<string, unknown>;
  /** The latest decision per purpose. */
  consents: { purpose: string; action: string; textVersion: number; at: string }[];
  /** How, when and about what they want to be served, per context. */
  preferences: {
    context: string;
    channel: string | null;
    contactTime: string | null;
    interests: string[];
    updatedAt: string;
  }[];
  /** Their identified answers, newest first. */
  responses: { id: string; survey: string; score: number; comment: string | null; at: string }[];
  /** Their cases, newest first. */
  cases: { id: string; status: string; openedAt: string; resolvedAt: string | null }[];
}

/**
 * The customer 360: profile, consents, preferences and history in one read (five queries run
 * together). Reading it is a view of identified data: callers audit it.
 */
@Injectable()
export class Customer360 {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * `scope` is the viewer's `teamScope`: an agent's 360 lists only the cases they may open (the
   * customer is theirs to see through one of them; another team's case stays out of sight).
   */
  async of(customerId: string, scope: string | null = null): Promise<Customer360Dto | null> {
    const q = <T>(sql: string, more: unknown[] = []) =>
      this.dataSource.query<T[]>(sql, [customerId, ...more]);
    const [[customer], consents, preferences, responses, cases] = await Promise.all([
      q<{
        external_id: string;
        name: string | null;
        email: string;
        locale: string;
        attributes: Record<string, unknown>;
      }>('SELECT external_id, name, email, locale, attributes FROM customers WHERE id = $1'),
      q<{ purpose: string; action: string; version: number; occurred_at: Date }>(
        `SELECT DISTINCT ON (e.purpose) e.purpose, e.action, t.version, e.occurred_at
         FROM consent_events e JOIN consent_texts t ON t.id = e.consent_text_id
         WHERE e.customer_id = $1 ORDER BY e.purpose, e.id DESC`,
      ),
      q<{
        context: string;
        channel: string | null;
        contact_time: string | null;
        interests: string[];
        updated_at: Date;
      }>(
        `SELECT context, channel, contact_time, interests, updated_at FROM preference_profiles
         WHERE customer_id = $1 ORDER BY context`,
      ),
      q<{ id: string; survey: string; score: number; comment: string | null; submitted_at: Date }>(
        `SELECT r.id, s.key AS survey, r.score, r.comment, r.submitted_at
         FROM responses r JOIN survey_versions v ON v.id = r.survey_version_id
         JOIN surveys s ON s.id = v.survey_id
         WHERE r.customer_id = $1 ORDER BY r.submitted_at DESC LIMIT ${HISTORY_LIMIT}`,
      ),
      q<{ id: string; status: string; created_at: Date; resolved_at: Date | null }>(
        `SELECT id, status, created_at, resolved_at FROM follow_up_cases
         WHERE customer_id = $1 AND ${caseInScope('$2')}
         ORDER BY created_at DESC LIMIT ${HISTORY_LIMIT}`,
        [scope],
      ),
    ]);
    if (!customer) return null;
    return {
      externalId: customer.external_id,
      name: customer.name,
      email: customer.email,
      locale: customer.locale,
      attributes: customer.attributes,
      consents: consents.map((row) => ({
        purpose: row.purpose,
        action: row.action,
        textVersion: row.version,
        at: row.occurred_at.toISOString(),
      })),
      preferences: preferences.map((row) => ({
        context: row.context,
        channel: row.channel,
        contactTime: row.contact_time,
        interests: row.interests,
        updatedAt: row.updated_at.toISOString(),
      })),
      responses: responses.map((row) => ({
        id: row.id,
        survey: row.survey,
        score: row.score,
        comment: row.comment,
        at: row.submitted_at.toISOString(),
      })),
      cases: cases.map((row) => ({
        id: row.id,
        status: row.status,
        openedAt: row.created_at.toISOString(),
        resolvedAt: row.resolved_at?.toISOString() ?? null,
      })),
    };
  }
}
