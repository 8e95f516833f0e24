import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { deadlineText } from '../../common/i18n/deadline';
import {
  COMPANY_CONFIG,
  type CompanyConfig,
  PUBLIC_URL_CONFIG,
  type PublicUrlConfig,
} from '../../config/config-sections';
import {
  type CaseNoticeFacts,
  caseNoticeFacts,
  unassignedCasesInScope,
} from '../cases/case-notice-sql';
import { CaseSettingsService } from '../cases/rules/case-settings.service';
import type { ComposedEmail } from '../email/email-kinds';
import type { EmailMessage } from '../email/email-message.entity';
import { EmailRenderer } from '../email/email-renderer';
import { EmailSender } from '../email/email-sender';
import { UsersService } from '../users/users.service';
import { type CaseToldKind, noticeWanted } from './notification-kinds';
import { agentScope, DIGEST_OLDEST } from './unassigned-digest';

interface Told {
  email_id: string;
  user_id: string;
  /** The kinds of email this composes (a manager's are ManagerMail's). */
  kind: CaseToldKind | 'unassigned_digest';
  case_id: string | null;
  actor_id: string | null;
}

type Composed = Map<string, ComposedEmail | null>;

/**
 * Composes the notification emails when they are sent, from the case as it is then: one that
 * no longer applies (the case went to someone else; an assignment's case was resolved; the case
 * was withdrawn; the queue emptied) is cancelled, as `noticeWanted` says. The customer's saying
 * it is not resolved goes in the reply's kind of email (`SWITCH_OF`). Times are written in the
 * business calendar's zone. Case links only, no customer.
 */
@Injectable()
export class NotificationMail implements OnModuleInit {
  constructor(
    private readonly sender: EmailSender,
    private readonly renderer: EmailRenderer,
    private readonly users: UsersService,
    private readonly caseSettings: CaseSettingsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMPANY_CONFIG) private readonly company: CompanyConfig,
    @Inject(PUBLIC_URL_CONFIG) private readonly publicUrl: PublicUrlConfig,
  ) {}

  onModuleInit(): void {
    for (const kind of ['case_assigned', 'customer_replied', 'unassigned_digest'] as const) {
      this.sender.registerKind(kind, { compose: (emails) => this.compose(emails) });
    }
  }

  private async compose(emails: EmailMessage[]): Promise<Composed> {
    const manager = this.dataSource.manager;
    const told = await manager.query<Told[]>(
      `SELECT email_id, user_id, kind, case_id, actor_id FROM notifications
       WHERE email_id = ANY($1::uuid[])`,
      [emails.map((email) => email.id)],
    );
    const facts = await caseNoticeFacts(
      manager,
      told.flatMap((row) => (row.case_id ? [row.case_id] : [])),
    );
    const { calendar } = await this.caseSettings.current();
    const at = (date: Date) => deadlineText('en', date, calendar.timeZone);
    const composed: Composed = new Map();
    for (const email of emails) {
      const row = told.find((candidate) => candidate.email_id === email.id);
      const fact = row?.case_id ? facts.get(row.case_id) : undefined;
      if (!row) composed.set(email.id, null);
      else if (row.kind === 'unassigned_digest') {
        composed.set(email.id, await this.digest(manager, row, at));
      } else if (!fact || fact.assigneeId !== row.user_id || !noticeWanted(row.kind, fact)) {
        composed.set(email.id, null);
      } else composed.set(email.id, await this.caseNotice(row, fact, at));
    }
    return composed;
  }

  private async caseNotice(
    row: Told,
    fact: CaseNoticeFacts,
    at: (date: Date) => string,
  ): Promise<ComposedEmail> {
    // A reply may come after the resolve: the case stays so until the agent reopens it.
    const facts =
      fact.status === 'resolved' || fact.status === 'closed'
        ? `The case is still marked ${fact.status}: reopen it to work on it again.`
        : `${
            fact.firstContactedAt
              ? `Its resolution is due ${at(fact.resolutionDueAt)}`
              : `Its first contact is due ${at(fact.firstContactDueAt)}`
          }; its priority is ${fact.priority} (1 is the most urgent).`;
    const common = { companyName: this.company.companyName, caseUrl: this.caseUrl(fact.id) };
    if (row.kind === 'case_assigned') {
      const actor = row.actor_id ? await this.users.findActiveById(row.actor_id) : null;
      return this.renderer.render('case-assigned', {
        ...common,
        subject: 'A follow-up case was assigned to you',
        lines: [`${actor?.name ?? 'A colleague'} assigned a follow-up case to you.`, facts],
        settingsUrl: this.url('/console/settings'),
      });
    }
    if (row.kind === 'case_reopened') {
      return this.renderer.render('customer-replied', {
        ...common,
        subject: 'The customer says it is not resolved',
        lines: [
          'The customer of a case assigned to you says it is not resolved, and the case is open again. Read their answer in the case.',
          facts,
        ],
        settingsUrl: this.url('/console/settings'),
      });
    }
    return this.renderer.render('customer-replied', {
      ...common,
      subject: 'Your customer replied',
      lines: [
        'The customer of a case assigned to you replied by email. Read it in the case and answer from there.',
        facts,
      ],
      settingsUrl: this.url('/console/settings'),
    });
  }

  /** Null when the queue is empty by the time it is sent. */
  private async digest(
    manager: EntityManager,
    row: Told,
    at: (date: Date) => string,
  ): Promise<ComposedEmail | null> {
    const agent = await this.users.findActiveById(row.user_id);
    if (!agent) return null;
    const { count, oldest } = await unassignedCasesInScope(
      manager,
      agentScope(agent.teamId),
      DIGEST_OLDEST,
    );
    if (count === 0) return null;
    const cases = count === 1 ? 'One follow-up case' : `${count} follow-up cases`;
    return this.renderer.render('unassigned-digest', {
      companyName: this.company.companyName,
      subject:
        count === 1
          ? 'One case waits for someone in your queue'
          : `${count} cases wait for someone in your queue`,
      lines: [
        `${cases} in your team's queue ${count === 1 ? 'has' : 'have'} nobody on ${count === 1 ? 'it' : 'them'} yet.`,
        count > oldest.length ? `The oldest ${oldest.length}:` : 'They are:',
      ],
      cases: oldest.map((item) => ({
        text: `Opened ${at(item.openedAt)}, priority ${item.priority}, first contact due ${at(item.firstContactDueAt)}`,
        url: this.caseUrl(item.id),
      })),
      queueUrl: this.url('/console/cases'),
      settingsUrl: this.url('/console/settings'),
    });
  }

  private caseUrl(caseId: string): string {
    return this.url(`/console/cases/${caseId}`);
  }

  private url(path: string): string {
    return `${this.publicUrl.publicBaseUrl}${path}`;
  }
}
