import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { caseTimelineCtes } from '../case-timeline';
import type { DataSource, EntityManager } from 'typeorm';
import { JobQueue } from '../../../common/jobs/job-queue';
import type { JobOutcome } from '../../../common/jobs/job-types';
import {
  COMPANY_CONFIG,
  type CompanyConfig,
  PUBLIC_URL_CONFIG,
  type PublicUrlConfig,
} from '../../../config/config-sections';
import type { ComposedEmail } from '../../email/email-kinds';
import type { EmailMessage } from '../../email/email-message.entity';
import { EmailRenderer } from '../../email/email-renderer';
import { EmailSender } from '../../email/email-sender';
import { Outbox } from '../../email/outbox';
import { activeManagerEmails } from '../../users/user-sql';
import {
  ESCALATION_STEPS,
  type EscalationStep,
  isFirstContactStep,
  isOverdueStep,
} from './escalation-steps';

declare module '../../../common/jobs/job-types' {
  interface JobPayloads {
    'case.escalate': { caseId: string; step: EscalationStep };
  }
}

/** Where each step applies: first-contact steps only until someone has made contact. */
const STEP_APPLIES = `CASE WHEN $2::text LIKE 'first_contact%'
    THEN c.status IN ('open', 'assigned') AND c.first_contacted_at IS NULL
    ELSE c.status IN ('open', 'assigned', 'contacted') END`;

/**
 * One step, exactly once: the guard row's primary key lets one of any number of concurrent runs
 * through; the case must still be where the step applies (never a resolved case). An overdue step
 * raises the priority (1 is the most urgent) and marks the case overdue. $1 case, $2 step.
 * `FOR UPDATE` waits for a change in flight (a resolve, say) and checks the step against the row
 * it committed: without it the update below would raise a case resolved a moment ago.
 */
const ESCALATE = `
  WITH target AS (
    SELECT c.id, c.team_id FROM follow_up_cases c WHERE c.id = $1 AND ${STEP_APPLIES}
    FOR UPDATE OF c
  ),
  guard AS (
    INSERT INTO case_escalations (case_id, step) SELECT id, $2 FROM target
    ON CONFLICT DO NOTHING
    RETURNING case_id
  ),
  raised AS (
    UPDATE follow_up_cases SET priority = GREATEST(priority - 1, 1),
      overdue_at = COALESCE(overdue_at, now()), version = version + 1, updated_at = now()
    WHERE id = (SELECT case_id FROM guard) AND $2 LIKE '%overdue'
    RETURNING priority
  ),
  ${caseTimelineCtes('timeline', "SELECT case_id, 'escalated', NULL::uuid, $2 FROM guard")}
  SELECT t.team_id FROM guard JOIN target t ON t.id = guard.case_id`;

const STEP_WORDS: Record<EscalationStep, { subject: string; sentence: string }> = {
  first_contact_warning: {
    subject: 'Soon due: first contact with an unhappy customer',
    sentence: 'A follow-up case in your queue is nearing its first-contact deadline.',
  },
  first_contact_overdue: {
    subject: 'Overdue: first contact with an unhappy customer',
    sentence: 'A follow-up case in your queue passed its first-contact deadline.',
  },
  resolution_warning: {
    subject: 'Soon due: resolving a follow-up case',
    sentence: 'A follow-up case in your queue is nearing its resolution deadline.',
  },
  resolution_overdue: {
    subject: 'Overdue: resolving a follow-up case',
    sentence: 'A follow-up case in your queue passed its resolution deadline.',
  },
};

/**
 * SLA escalation: when a case opens, one job per step waits for its time (`escalationTimes`);
 * each does its step once, with any number of workers, and never for a case that is resolved,
 * closed or withdrawn by then. The team's managers (all managers for an unrouted case) get an
 * email that says which case and which deadline, and nothing about the customer.
 */
@Injectable()
export class CaseEscalations implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly outbox: Outbox,
    private readonly sender: EmailSender,
    private readonly renderer: EmailRenderer,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMPANY_CONFIG) private readonly company: CompanyConfig,
    @Inject(PUBLIC_URL_CONFIG) private readonly publicUrl: PublicUrlConfig,
  ) {}

  onModuleInit(): void {
    // Deadlines bunch up (a morning's cases fall due together): take them by the batch.
    this.jobs.register('case.escalate', ({ caseId, step }) => this.escalate(caseId, step), {
      batchSize: 20,
    });
    this.sender.registerKind('case_escalation', {
      compose: (emails) => this.compose(emails),
    });
  }

  /** Schedules new cases' steps (in one statement), in the transaction that opens them. */
  async schedule(
    manager: EntityManager,
    cases: { caseId: string; times: Record<EscalationStep, Date> }[],
  ): Promise<void> {
    if (cases.length === 0) return;
    await this.jobs.enqueueMany(
      cases.flatMap(({ caseId, times }) =>
        ESCALATION_STEPS.map((step) => ({
          name: 'case.escalate' as const,
          payload: { caseId, step },
          startAfter: times[step],
        })),
      ),
      manager,
    );
  }

  /**
   * A reopened case is worked again: its resolution deadline escalates if it passes (at once if
   * it has), unless that step already happened. The warning is not repeated.
   */
  async watchReopened(manager: EntityManager, caseId: string): Promise<void> {
    const [row] = await manager.query<{ resolution_due_at: Date }[]>(
      'SELECT resolution_due_at FROM follow_up_cases WHERE id = $1',
      [caseId],
    );
    if (!row) return;
    await this.jobs.enqueueMany(
      [
        {
          name: 'case.escalate',
          payload: { caseId, step: 'resolution_overdue' },
          startAfter: row.resolution_due_at,
        },
      ],
      manager,
    );
  }

  async escalate(caseId: string, step: EscalationStep): Promise<JobOutcome> {
    if (!(ESCALATION_STEPS as readonly string[]).includes(step)) {
      return { status: 'skipped', reason: 'unknown_step' };
    }
    return this.dataSource.transaction(async (manager) => {
      const [won] = await manager.query<{ team_id: string | null }[]>(ESCALATE, [caseId, step]);
      if (!won) return { status: 'skipped', reason: 'not_applicable' };
      const managers = await activeManagerEmails(manager, won.team_id);
      const emailIds = await this.outbox.queueEmails(
        manager,
        managers.map((email) => ({ kind: 'case_escalation', recipient: email })),
      );
      await manager.query(
        `UPDATE case_escalations SET email_ids = $3 WHERE case_id = $1 AND step = $2`,
        [caseId, step, emailIds],
      );
      return { status: 'success' };
    });
  }

  private async compose(emails: EmailMessage[]): Promise<Map<string, ComposedEmail | null>> {
    const rows = await this.dataSource.query<
      {
        email_ids: string[];
        case_id: string;
        step: EscalationStep;
        status: string;
        priority: number;
        first_contact_due_at: Date;
        resolution_due_at: Date;
      }[]
    >(
      `SELECT e.email_ids, e.case_id, e.step, c.status, c.priority, c.first_contact_due_at,
         c.resolution_due_at
       FROM case_escalations e JOIN follow_up_cases c ON c.id = e.case_id
       WHERE e.email_ids && $1::uuid[]`,
      [emails.map((email) => email.id)],
    );
    const composed = new Map<string, ComposedEmail | null>();
    for (const email of emails) {
      const row = rows.find((candidate) => candidate.email_ids.includes(email.id));
      // Resolved (or withdrawn) since: nobody needs the alarm any more.
      if (!row || !['open', 'assigned', 'contacted'].includes(row.status)) {
        composed.set(email.id, null);
        continue;
      }
      const words = STEP_WORDS[row.step];
      const due = isFirstContactStep(row.step) ? row.first_contact_due_at : row.resolution_due_at;
      const rendered = this.renderer.render('case-escalation', {
        companyName: this.company.companyName,
        subject: words.subject,
        lines: [
          words.sentence,
          `The deadline is ${due.toISOString().slice(0, 16).replace('T', ' ')} UTC; the case is ${row.status}, priority ${row.priority}${isOverdueStep(row.step) ? ' (raised)' : ''}.`,
        ],
        caseUrl: `${this.publicUrl.publicBaseUrl}/console/cases/${row.case_id}`,
      });
      composed.set(email.id, rendered);
    }
    return composed;
  }
}
