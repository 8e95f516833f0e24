import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { caseInScope, teamScope } from '../../common/auth/team-scope';
import { leftJoinApiKeyOf } from '../api-keys/api-key-sql';
import { AuditLog, type RequestOrigin } from '../audit/audit-log';
import { Customer360, type Customer360Dto } from '../customers/customer-360';
import { leftJoinCustomerOf } from '../customers/customer-sql';
import { responsesByIdSql } from '../responses/response-sql';
import type { ContextPreference } from '../responses/answer-columns';
import { labelledAnswers, type LabelledAnswer } from '../surveys/answer-labels';
import { SCALE_RANGE } from '../surveys/survey-definition';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { leftJoinTeamOf, leftJoinUserOf } from '../users/user-sql';
import { actingApiKeyId, actingUserId, type CaseActor } from './case-actor';
import { CaseMessages, type CaseMessageDto } from './case-messages';
import { CASE_COLUMNS, type CaseDto, type CaseRow, toCaseDto } from './case-rows';
import { caseNotFound } from './cases.errors';
import {
  type PreferredContactDto,
  preferredContactOf,
  preferenceInWords,
} from './preferred-contact';

export interface CaseDetailDto extends Omit<CaseDto, 'customer'> {
  /** The team it is routed to and who owns it, by name; null when none. */
  team: { id: string; name: string } | null;
  assignee: { id: string; name: string } | null;
  /** When someone first reached the customer (an email or a logged contact); null before. */
  firstContactedAt: string | null;
  /**
   * What was last done, with its root cause; null until the case is first resolved (a reopened
   * case keeps it until it is resolved again).
   */
  resolution: {
    rootCause: string;
    rootCauseLabel: string;
    text: string;
    resolvedAt: string;
  } | null;
  /** The customer's answer to the recovery survey, the latest one; null until they answer. */
  recovery: {
    answeredAt: string;
    score: number;
    /** Above the survey's dissatisfied threshold: they said we made it right. */
    recovered: boolean;
    comment: string | null;
    /** How they want to be served next time, as stated in this answer, in the survey's words. */
    preferences: string[];
  } | null;
  /**
   * Oldest first. Who did it: a person (`actorId`), an integration (`apiKeyId`, the API key), or
   * neither (Candor itself, or the customer); `actorName` is the person's or the API key's name.
   */
  timeline: {
    type: string;
    at: string;
    actorId: string | null;
    apiKeyId: string | null;
    actorName: string | null;
    detail: string | null;
  }[];
  /** The email dialogue with the customer, oldest first. */
  messages: CaseMessageDto[];
  /** The customer 360: profile, consents, preferences, answers and cases; null once erased. */
  customer: Customer360Dto | null;
  /**
   * The answer it follows up: as stored (`answers`), and in words (`questions`: every question of
   * the survey with its answer, in English, the console's language) with the score on its scale.
   */
  response: {
    score: number;
    scale: { min: number; max: number };
    answers: unknown;
    questions: LabelledAnswer[];
    comment: string | null;
  } | null;
  /** How they want to be reached, from their latest stated preference; null when none. */
  preferredContact: PreferredContactDto | null;
  /** Each of the customer's preference profiles in the survey's words (`customer.preferences`). */
  preferencesInWords: string[];
}

type DetailRow = CaseRow & {
  customer_id: string | null;
  survey_version_id: string;
  team_name: string | null;
  assignee_name: string | null;
  first_contacted_at: Date | null;
  resolved_at: Date | null;
  root_cause: string | null;
  root_cause_label: string | null;
  resolution: string | null;
};

interface RecoveryRow {
  answered_at: Date;
  score: number;
  recovered: boolean;
  comment: string | null;
  preferences: ContextPreference[] | null;
}

/** The case view: one case with everything an agent needs to work it, within their team scope. */
@Injectable()
export class CaseDetails {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messages: CaseMessages,
    private readonly customer360: Customer360,
    private readonly audit: AuditLog,
  ) {}

  private readonly versions = new Map<string, Promise<SurveyVersion | null>>();

  /**
   * The case with its timeline, its dialogue, the answer it follows up, what was done, the
   * recovery answer and the customer 360. A view of identified data: audited (who, from where)
   * before anything is returned.
   */
  async get(viewer: CaseActor, id: string, origin: RequestOrigin): Promise<CaseDetailDto> {
    // The case with its answer and latest recovery answer in one statement (a round trip each
    // was a wait each, with 20 agents at once).
    const [row] = await this.dataSource.query<(DetailRow & AnswerColumns)[]>(
      `SELECT ${CASE_COLUMNS}, c.customer_id, c.survey_version_id, c.first_contacted_at,
         c.resolved_at, c.root_cause, rc.label AS root_cause_label, c.resolution,
         t.name AS team_name, a.name AS assignee_name, r.id IS NOT NULL AS answered,
         r.score AS answer_score, r.answers AS answer_answers, r.comment AS answer_comment,
         rec.answered_at AS recovery_answered_at, rec.score AS recovery_score,
         rec.recovered AS recovery_recovered, rec.comment AS recovery_comment,
         rec.preferences AS recovery_preferences
       FROM follow_up_cases c ${leftJoinCustomerOf('c.customer_id', 'cu')}
         LEFT JOIN root_causes rc ON rc.key = c.root_cause
         ${leftJoinTeamOf('c.team_id', 't')} ${leftJoinUserOf('c.assignee_id', 'a')}
         LEFT JOIN LATERAL ${responsesByIdSql('ARRAY[c.response_id]')} r ON true
         LEFT JOIN LATERAL (SELECT answered_at, score, recovered, comment, preferences
           FROM case_recoveries WHERE case_id = c.id AND answered_at IS NOT NULL
           ORDER BY answered_at DESC LIMIT 1) rec ON true
       WHERE c.id = $1 AND ${caseInScope('$2', 'c')}`,
      [id, teamScope(viewer)],
    );
    // Another team's case reads as unknown: its existence is not the agent's business.
    if (!row) throw caseNotFound();
    // Recorded alongside the reads (one wait, not two), and before anything is returned.
    const audited = this.audit.record({
      actorUserId: actingUserId(viewer),
      actorApiKeyId: actingApiKeyId(viewer),
      action: 'case.viewed',
      subjectType: 'case',
      subjectId: id,
      customerId: row.customer_id,
      origin,
    });
    const [, timeline, messages, customer, version] = await Promise.all([
      audited,
      this.timelineOf(id),
      this.messages.dialogue(id),
      row.customer_id ? this.customer360.of(row.customer_id, teamScope(viewer)) : null,
      this.versionOf(row.survey_version_id),
    ]);
    const responses = row.answered
      ? [{ score: row.answer_score!, answers: row.answer_answers, comment: row.answer_comment }]
      : [];
    const recovery = recoveryOf(row);
    // Erased between the two reads: read the kept case again.
    if (row.customer_id && !customer) return this.get(viewer, id, origin);
    return {
      ...toCaseDto(row),
      team: row.team_id && row.team_name ? { id: row.team_id, name: row.team_name } : null,
      assignee:
        row.assignee_id && row.assignee_name
          ? { id: row.assignee_id, name: row.assignee_name }
          : null,
      firstContactedAt: row.first_contacted_at?.toISOString() ?? null,
      resolution: resolutionOf(row, timeline),
      recovery: recovery && {
        answeredAt: recovery.answered_at.toISOString(),
        score: recovery.score,
        recovered: recovery.recovered,
        comment: recovery.comment,
        preferences: (recovery.preferences ?? []).map((profile) =>
          preferenceInWords(profile, version?.preferences ?? null),
        ),
      },
      customer,
      response: responses[0]
        ? {
            ...responses[0],
            scale: version ? SCALE_RANGE[version.scale] : { min: 0, max: 10 },
            questions: labelledAnswers(
              version?.questions ?? [],
              (responses[0].answers as { questions?: Record<string, string | string[]> } | null)
                ?.questions,
              'en',
            ),
          }
        : null,
      preferredContact: customer
        ? preferredContactOf(customer.preferences, version?.preferences ?? null)
        : null,
      preferencesInWords: (customer?.preferences ?? []).map((profile) =>
        preferenceInWords(profile, version?.preferences ?? null),
      ),
      messages,
      timeline,
    };
  }

  private async timelineOf(id: string): Promise<CaseDetailDto['timeline']> {
    const events = await this.dataSource.query<
      {
        type: string;
        at: Date;
        actor_id: string | null;
        api_key_id: string | null;
        actor_name: string | null;
        detail: string | null;
      }[]
    >(
      `SELECT e.type, e.at, e.actor_id, e.api_key_id, COALESCE(u.name, k.name) AS actor_name,
         e.detail
       FROM case_events e ${leftJoinUserOf('e.actor_id', 'u')}
         ${leftJoinApiKeyOf('e.api_key_id', 'k')}
       WHERE e.case_id = $1 ORDER BY e.id`,
      [id],
    );
    return events.map((event) => ({
      type: event.type,
      at: event.at.toISOString(),
      actorId: event.actor_id,
      apiKeyId: event.api_key_id,
      actorName: event.actor_name,
      detail: event.detail,
    }));
  }

  /** A survey version, read once: versions never change (an edit makes a new one). */
  private versionOf(id: string): Promise<SurveyVersion | null> {
    let version = this.versions.get(id);
    if (!version) {
      version = this.dataSource.getRepository(SurveyVersion).findOneBy({ id });
      this.versions.set(id, version);
      // Only a version found is kept.
      version.then(
        (found) => found ?? this.versions.delete(id),
        () => this.versions.delete(id),
      );
    }
    return version;
  }
}

/** The answer and the latest recovery answer, read with the case. */
interface AnswerColumns {
  answered: boolean;
  answer_score: number | null;
  answer_answers: unknown;
  answer_comment: string | null;
  recovery_answered_at: Date | null;
  recovery_score: number | null;
  recovery_recovered: boolean | null;
  recovery_comment: string | null;
  recovery_preferences: ContextPreference[] | null;
}

function recoveryOf(row: AnswerColumns): RecoveryRow | null {
  if (!row.recovery_answered_at) return null;
  return {
    answered_at: row.recovery_answered_at,
    score: row.recovery_score!,
    recovered: row.recovery_recovered!,
    comment: row.recovery_comment,
    preferences: row.recovery_preferences,
  };
}

function resolutionOf(
  row: DetailRow,
  timeline: CaseDetailDto['timeline'],
): CaseDetailDto['resolution'] {
  if (!row.root_cause) return null;
  const resolved =
    row.resolved_at?.toISOString() ??
    timeline.filter((event) => event.type === 'resolved').at(-1)?.at;
  if (!resolved) return null;
  return {
    rootCause: row.root_cause,
    rootCauseLabel: row.root_cause_label ?? row.root_cause,
    text: row.resolution ?? '',
    resolvedAt: resolved,
  };
}
