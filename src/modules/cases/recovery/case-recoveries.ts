import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseEventType } from '../case-event.entity';
import { caseTimelineCtes } from '../case-timeline';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { localeFor } from '../../../common/i18n/locale';
import { longDate } from '../../../common/i18n/long-date';
import {
  COMPANY_CONFIG,
  type CompanyConfig,
  RECOVERY_CONFIG,
  type RecoveryConfig,
} from '../../../config/config-sections';
import type { ComposedEmail } from '../../email/email-kinds';
import type { EmailMessage } from '../../email/email-message.entity';
import { EmailRenderer } from '../../email/email-renderer';
import { EmailSender } from '../../email/email-sender';
import { Outbox } from '../../email/outbox';
import { lookupHash, tokenHash } from '../../../common/links/link-tokens';
import { SurveyLinks } from '../../../common/links/survey-links';
import { joinCustomerOf, lockCustomersSql } from '../../customers/customer-sql';
import { mergePreferencesCtes, preferenceParameters } from '../../responses/preference-merge';
import type { ValidSubmission } from '../../responses/survey-submission';
import { SCALE_RANGE } from '../../surveys/survey-definition';
import { estimatedMinutes } from '../../surveys/survey-duration';
import { SurveyVersion } from '../../surveys/survey-version.entity';
import { SuppressionsService } from '../../suppressions/suppressions.service';
import { statusAfterSql } from '../case-states';
import { CaseEscalations } from '../escalation/case-escalations';
import { RecoveryEndings } from './recovery-endings';
import { RECOVERY_TEXTS } from './recovery-texts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** What a recovery link leads to now. */
export type RecoveryLink =
  { state: 'missing' } | ({ state: 'open' | 'answered' | 'closed' } & RecoveryTarget);

export interface RecoveryTarget {
  recoveryId: string;
  caseId: string;
  caseStatus: string;
  customerId: string;
  locale: string;
  /** The invitation the case follows up: its token opens the privacy center. */
  invitationId: string;
  version: SurveyVersion;
  recovered: boolean | null;
}

interface LinkRow {
  id: string;
  case_id: string;
  status: string;
  customer_id: string;
  locale: string;
  invitation_id: string;
  survey_version_id: string;
  answered_at: Date | null;
  recovered: boolean | null;
  open: boolean;
}

/**
 * The recovery survey: offered once per resolution, in the resolve's transaction, and sent after
 * the survey's `recoveryDelayHours` in the customer's preferred contact time (never held by the
 * contact budget: it is the dialogue the customer asked for), answered on
 * `/r/{token}` once. The answer closes the case (recovered or not) or, when it was not made right
 * and RECOVERY_REOPENS is on, gives it back to its agent; it also updates the preference profiles.
 */
@Injectable()
export class CaseRecoveries implements OnModuleInit {
  constructor(
    private readonly outbox: Outbox,
    private readonly sender: EmailSender,
    private readonly renderer: EmailRenderer,
    private readonly suppressions: SuppressionsService,
    private readonly escalations: CaseEscalations,
    private readonly endings: RecoveryEndings,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMPANY_CONFIG) private readonly company: CompanyConfig,
    @Inject(RECOVERY_CONFIG) private readonly recovery: RecoveryConfig,
    private readonly links: SurveyLinks,
  ) {}

  onModuleInit(): void {
    this.sender.registerKind('recovery', {
      compose: (emails) => this.compose(emails),
    });
  }

  /**
   * Queues the recovery survey of a case just resolved, in the resolve's transaction (whose
   * caller holds the customer's row). An unsubscribed address gets none, and the timeline says so.
   */
  async offer(
    manager: EntityManager,
    target: { caseId: string; invitationId: string; customerId: string; email: string },
  ): Promise<void> {
    const [{ survey_version_id: versionId }] = await manager.query<{ survey_version_id: string }[]>(
      'SELECT survey_version_id FROM follow_up_cases WHERE id = $1',
      [target.caseId],
    );
    const version = await manager.findOneByOrFail(SurveyVersion, { id: versionId });
    const suppressed = await this.suppressions.suppressionsFor([target.email], manager);
    if (suppressed.size > 0) {
      await this.timeline(manager, target.caseId, 'recovery_skipped', 'unsubscribed');
      // Nothing more will come from the customer: the case ends now, not resolved for ever.
      await this.endings.closeIfEnded(manager, target.caseId);
      return;
    }
    // The dialogue the customer asked for: never held by the contact budget, only by the
    // survey's delay and the customer's preferred contact time (null: now).
    const delayHours = version.followUp.recoveryDelayHours ?? 0;
    const sendAt = await this.outbox.preferredSendAt(
      manager,
      target.customerId,
      new Date(Date.now() + delayHours * HOUR_MS),
    );
    const id = randomUUID();
    const emailId = await this.outbox.queueEmail(manager, {
      kind: 'recovery',
      recipient: target.email,
      customerId: target.customerId,
      invitationId: target.invitationId,
      sendAt: sendAt ?? undefined,
    });
    const expiresAt = new Date(
      (sendAt ?? new Date()).getTime() + version.contactPolicy.expiryDays * DAY_MS,
    );
    await manager.query(
      `INSERT INTO case_recoveries (id, case_id, token_hash, email_id, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [id, target.caseId, tokenHash(this.links.recoveryToken(id)), emailId, expiresAt],
    );
    await this.timeline(
      manager,
      target.caseId,
      'recovery_requested',
      sendAt ? `scheduled for ${sendAt.toISOString()}` : null,
    );
  }

  /** The recovery behind a link, and whether it can still be answered. */
  async findLink(token: string): Promise<RecoveryLink> {
    const [row] = await this.dataSource.query<LinkRow[]>(
      `SELECT r.id, r.case_id, c.status, c.customer_id, cu.locale, c.invitation_id,
         c.survey_version_id, r.answered_at, r.recovered,
         (c.status = 'resolved' AND r.expires_at > now() AND r.id = (
           SELECT latest.id FROM case_recoveries latest WHERE latest.case_id = r.case_id
           ORDER BY latest.created_at DESC, latest.id DESC LIMIT 1)) AS open
       FROM case_recoveries r
       JOIN follow_up_cases c ON c.id = r.case_id
       ${joinCustomerOf('c.customer_id', 'cu')}
       WHERE r.token_hash = $1`,
      [lookupHash(token)],
    );
    if (!row) return { state: 'missing' };
    const version = await this.dataSource
      .getRepository(SurveyVersion)
      .findOneByOrFail({ id: row.survey_version_id });
    const state = row.answered_at ? 'answered' : row.open ? 'open' : 'closed';
    return {
      state,
      recoveryId: row.id,
      caseId: row.case_id,
      caseStatus: row.status,
      customerId: row.customer_id,
      locale: row.locale,
      invitationId: row.invitation_id,
      version,
      recovered: row.recovered,
    };
  }

  /**
   * Records the answer once (of concurrent submits, one wins; the rest answer false), with the
   * preference profiles and the case's move, in one statement after the customer's row lock.
   */
  async answer(link: RecoveryTarget, submission: ValidSubmission): Promise<boolean> {
    const recovered = !submission.dissatisfied;
    const reopen = !recovered && this.recovery.reopens;
    const preferences = submission.answers.preferences;
    return this.dataSource.transaction(async (manager) => {
      await manager.query(lockCustomersSql('id = $1', 'KEY SHARE'), [link.customerId]);
      const [{ answered, reopened }] = await manager.query<
        { answered: number; reopened: number }[]
      >(ANSWER, [
        link.recoveryId,
        submission.score,
        recovered,
        submission.comment,
        JSON.stringify(preferences),
        reopen,
        ...preferenceParameters(preferences),
      ]);
      if (reopened === 1) await this.escalations.watchReopened(manager, link.caseId);
      return answered === 1;
    });
  }

  private async compose(emails: EmailMessage[]): Promise<Map<string, ComposedEmail | null>> {
    const rows = await this.dataSource.query<
      (LinkRow & { email_id: string; name: string | null; expires_at: Date })[]
    >(
      `SELECT r.id, r.email_id, r.expires_at, r.answered_at, c.invitation_id, c.survey_version_id,
         cu.locale, cu.name,
         (c.status = 'resolved' AND r.id = (
           SELECT latest.id FROM case_recoveries latest WHERE latest.case_id = r.case_id
           ORDER BY latest.created_at DESC, latest.id DESC LIMIT 1)) AS open
       FROM case_recoveries r
       JOIN follow_up_cases c ON c.id = r.case_id
       ${joinCustomerOf('c.customer_id', 'cu')}
       WHERE r.email_id = ANY($1::uuid[])`,
      [emails.map((email) => email.id)],
    );
    const versions = await this.dataSource
      .getRepository(SurveyVersion)
      .findBy(rows.map((row) => ({ id: row.survey_version_id })));
    const composed = new Map<string, ComposedEmail | null>();
    for (const email of emails) {
      const row = rows.find((candidate) => candidate.email_id === email.id);
      const version = versions.find((candidate) => candidate.id === row?.survey_version_id);
      // Reopened, resolved again (a newer survey), answered or withdrawn meanwhile: not wanted.
      const wanted = row && version && row.open && !row.answered_at;
      composed.set(email.id, wanted ? this.render(row, version) : null);
    }
    return composed;
  }

  private render(
    row: LinkRow & { name: string | null; expires_at: Date },
    version: SurveyVersion,
  ): ComposedEmail {
    const locale = localeFor(row.locale);
    const texts = RECOVERY_TEXTS[locale];
    const token = this.links.recoveryToken(row.id);
    const range = SCALE_RANGE[version.scale];
    // The invitation's layout, with the recovery's words: the same one-click score buttons.
    const rendered = this.renderer.render('recovery', {
      locale,
      companyName: this.company.companyName,
      customerName: row.name,
      subject: texts.emailSubject,
      intro: texts.emailIntro(this.company.companyName),
      scoreQuestion: texts.question,
      scoreLinks: this.links.scoreLinks('recovery', token, range),
      scaleLabels: texts.scaleLabels,
      surveyUrl: this.links.url('recovery', token),
      ...this.links.customerEmailLinks(row.invitation_id),
      expiresOn: longDate(locale, row.expires_at),
      reason: texts.emailReason(this.company.companyName),
      choice: texts.emailChoice,
      // The recovery page asks the score, a comment and the preferences: no consent, no questions.
      minutes: estimatedMinutes(
        { questions: [], preferences: version.preferences },
        { asksConsent: false },
      ),
    });
    return { subject: rendered.subject, html: rendered.html, text: rendered.text };
  }

  private async timeline(
    manager: EntityManager,
    caseId: string,
    type: CaseEventType,
    detail: string | null,
  ): Promise<void> {
    await manager.query(
      `WITH ${caseTimelineCtes('timeline', 'SELECT $1::uuid, $2::text, NULL::uuid, $3::text')}
       SELECT 1`,
      [caseId, type, detail],
    );
  }
}

/**
 * The answer, gated on the recovery being open (unanswered, unexpired, the case's latest, the
 * case resolved); then the profiles, the case's move through the state machine and its timeline.
 * $1 recovery, $2 score, $3 recovered, $4 comment, $5 preferences (jsonb), $6 reopen, then the
 * preferences as columns: $7 context, $8 channel, $9 contact time, $10 interests (jsonb texts).
 */
const ANSWER = `
  WITH answered AS (
    UPDATE case_recoveries r SET answered_at = now(), score = $2, recovered = $3, comment = $4,
      preferences = $5::jsonb
    WHERE r.id = $1 AND r.answered_at IS NULL AND r.expires_at > now()
      AND r.id = (SELECT latest.id FROM case_recoveries latest WHERE latest.case_id = r.case_id
                  ORDER BY latest.created_at DESC, latest.id DESC LIMIT 1)
      AND EXISTS (SELECT 1 FROM follow_up_cases c WHERE c.id = r.case_id AND c.status = 'resolved')
    RETURNING r.case_id
  ),
  moved AS (
    UPDATE follow_up_cases c SET
      status = CASE WHEN $6::boolean THEN ${statusAfterSql('reopen')} ELSE ${statusAfterSql('close')} END,
      resolved_at = CASE WHEN $6::boolean THEN NULL ELSE c.resolved_at END,
      version = c.version + 1, updated_at = now()
    WHERE c.id = (SELECT case_id FROM answered) AND c.status = 'resolved'
    RETURNING c.id, c.customer_id
  ),
  ${caseTimelineCtes(
    'timeline',
    `SELECT id, 'recovery_answered', NULL::uuid,
       CASE WHEN $3::boolean THEN 'recovered' ELSE 'not_recovered' END
     FROM moved
     UNION ALL
     SELECT id, 'reopened', NULL::uuid, 'not_recovered' FROM moved WHERE $6::boolean
     UNION ALL
     SELECT id, 'closed', NULL::uuid,
       CASE WHEN $3::boolean THEN 'recovered' ELSE 'not_recovered' END
     FROM moved WHERE NOT $6::boolean`,
  )},
  ${mergePreferencesCtes('profiles', 'moved', 7)}
  SELECT (SELECT count(*)::int FROM answered) AS answered,
    (SELECT count(*)::int FROM moved WHERE $6::boolean) AS reopened`;
