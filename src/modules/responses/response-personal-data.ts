import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ERASED_TEXT,
  exportedTime,
  PersonalData,
  PersonalDataRegistry,
} from '../../common/privacy/personal-data';
import { joinSurveyVersionOf } from '../surveys/survey-sql';
import { joinInvitationOf } from '../invitations/invitation-sql';
import { AnonymousResponseRelease } from './anonymous-response-release';
import type { ResponseAnswers } from './answer-columns';
import {
  preferenceProfilesOf,
  type PreferenceProfileView,
  type StatedPreferences,
} from './preference-profiles';

export interface ResponseExport {
  invitationId: string;
  score: number;
  answers: unknown;
  comment: string | null;
  submittedAt: string;
}

export interface PreferencesExport {
  profiles: PreferenceProfileView[];
  /** What they stated with each identified answer, oldest first. */
  history: (StatedPreferences & { recordedAt: string })[];
}

/**
 * A customer's identified answers and the preferences drawn from them: exported; on a withdrawn
 * consent the answers become anonymous ones, so every total stays right; on erasure they stay
 * where they are without the person (no customer, consent, comment, free text or preferences),
 * so every figure stays right, to the day, and the case they opened keeps its score.
 */
@Injectable()
export class ResponsePersonalData implements PersonalData, OnModuleInit {
  readonly tables = ['responses', 'preference_profiles'];
  readonly erasureStep = 'detach';

  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly release: AnonymousResponseRelease,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(
    manager: EntityManager,
    customerId: string,
  ): Promise<{ responses: ResponseExport[]; preferences: PreferencesExport }> {
    const [responses, profiles, history] = await Promise.all([
      manager.query<
        {
          invitation_id: string;
          score: number;
          answers: unknown;
          comment: string | null;
          submitted_at: Date;
        }[]
      >(
        `SELECT invitation_id, score, answers, comment, submitted_at FROM responses
         WHERE customer_id = $1 ORDER BY submitted_at`,
        [customerId],
      ),
      preferenceProfilesOf(manager, customerId),
      manager.query<
        {
          context: string;
          channel: string | null;
          contactTime: string | null;
          interests: string[] | null;
          submitted_at: Date;
        }[]
      >(
        `SELECT p.*, r.submitted_at FROM responses r,
             jsonb_to_recordset(r.answers->'preferences')
               AS p(context text, channel text, "contactTime" text, interests text[])
         WHERE r.customer_id = $1 ORDER BY r.submitted_at`,
        [customerId],
      ),
    ]);
    return {
      responses: responses.map((row) => ({
        invitationId: row.invitation_id,
        score: row.score,
        answers: row.answers,
        comment: row.comment,
        submittedAt: exportedTime(row.submitted_at),
      })),
      preferences: {
        profiles,
        history: history.map((row) => ({
          context: row.context,
          channel: row.channel,
          contactTime: row.contactTime,
          interests: row.interests ?? [],
          recordedAt: exportedTime(row.submitted_at),
        })),
      },
    };
  }

  async erase(manager: EntityManager, customerId: string): Promise<void> {
    const rows = await manager.query<
      { id: string; answers: ResponseAnswers; questions: { id: string; type: string }[] }[]
    >(
      `SELECT r.id, r.answers, v.questions FROM responses r
       ${joinSurveyVersionOf('r.survey_version_id', { version: 'v', survey: 's' })}
       WHERE r.customer_id = $1`,
      [customerId],
    );
    if (rows.length > 0) {
      // The choices they ticked stay (they are what the per-question figures count); the words
      // they wrote and the preferences they stated go.
      const kept = rows.map((row) => {
        const freeText = new Set(
          row.questions.filter((q) => q.type === 'free_text').map((q) => q.id),
        );
        const questions = Object.fromEntries(
          Object.entries(row.answers.questions ?? {}).filter(([id]) => !freeText.has(id)),
        );
        return JSON.stringify({ questions, preferences: [] });
      });
      await manager.query(
        `UPDATE responses r SET customer_id = NULL, consent_event_id = NULL, erased_at = now(),
           answers = t.answers,
           comment = CASE WHEN coalesce(r.comment, '') = '' THEN r.comment ELSE $3 END
         FROM unnest($1::uuid[], $2::jsonb[]) AS t(id, answers)
         WHERE r.id = t.id`,
        [rows.map((row) => row.id), kept, ERASED_TEXT],
      );
    }
    await manager.query('DELETE FROM preference_profiles WHERE customer_id = $1', [customerId]);
  }

  /**
   * Identified answers become anonymous ones: the same survey version, score, answers and comment
   * with the month only (and the touchpoint's location and channel, as any anonymous answer's;
   * not the member of staff), through the anonymous inbox (so they are released among others, not
   * recognisable as this transaction's); the identified rows and the preferences drawn from them
   * go.
   */
  async deidentify(manager: EntityManager, customerId: string): Promise<void> {
    const [moved] = await manager.query<{ n: number }[]>(
      `WITH moved AS (DELETE FROM responses WHERE customer_id = $1
         RETURNING survey_version_id, score, dissatisfied, answers, comment, submitted_at, invitation_id),
       inboxed AS (
         INSERT INTO anonymous_response_inbox (survey_version_id, score, dissatisfied, answers, comment,
           submitted_month, touchpoint_location, touchpoint_channel)
         SELECT m.survey_version_id, m.score, m.dissatisfied, m.answers, m.comment,
                date_trunc('month', m.submitted_at AT TIME ZONE 'UTC')::date,
                i.touchpoint_location, i.touchpoint_channel
         FROM moved m ${joinInvitationOf('m.invitation_id', 'i')}
       )
       SELECT count(*)::int AS n FROM moved`,
      [customerId],
    );
    if (moved.n > 0) await this.release.scheduleRelease(manager);
    await manager.query('DELETE FROM preference_profiles WHERE customer_id = $1', [customerId]);
  }
}
