import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  COMPANY_CONFIG,
  type CompanyConfig,
  PUBLIC_URL_CONFIG,
  type PublicUrlConfig,
} from '../../config/config-sections';
import { format, signalWords } from '../console/dashboard.views';
import { KPI_WORDS } from '../console/dashboard-words';
import type { ComposedEmail } from '../email/email-kinds';
import type { EmailMessage } from '../email/email-message.entity';
import { EmailRenderer } from '../email/email-renderer';
import { EmailSender } from '../email/email-sender';
import { KPI_CATALOGUE } from '../reports/kpi-catalogue';
import type { KpiName } from '../reports/kpis';
import { NotableComments } from '../reports/notable-comments';
import { type TopicMovement, TopicMovements } from '../reports/topic-movements';
import type { ReportScope } from '../reports/report-sql';
import { ReportsService } from '../reports/reports.service';
import { leftJoinTeamOf } from '../users/user-sql';
import { dashboardPath, type KpiAlertDetail, kpiAlertSentence } from './kpi-alert-words';
import { type TopicAlertDetail, topicAlertPath, topicAlertSentence } from './topic-alerts';
import type { WeeklyDigestDetail } from './weekly-digest';
import { weekWords } from './weekly-schedule';

/** What the weekly digest tells, in this order: the loop from the answer to the recovery. */
export const DIGEST_KPIS: readonly KpiName[] = [
  'responses',
  'csatSatisfiedPct',
  'nps',
  'dissatisfied',
  'casesOpened',
  'resolutionRate',
  'closeTheLoopRate',
  'medianHoursToFirstContact',
  'recoveryRate',
];

interface Told {
  email_id: string;
  kind: 'weekly_digest' | 'kpi_alert' | 'topic_alert';
  detail: Record<string, unknown>;
  team_name: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Composes the managers' emails when they are sent: the weekly digest from the reports as they
 * are then (the same figures the summary API gives for the week and team), and the alerts from
 * what their notification kept. The console's English words; figures written as the dashboard
 * writes them. Quotes only what NotableComments allows; links to the console, nothing else.
 */
@Injectable()
export class ManagerMail implements OnModuleInit {
  constructor(
    private readonly sender: EmailSender,
    private readonly renderer: EmailRenderer,
    private readonly reports: ReportsService,
    private readonly comments: NotableComments,
    private readonly topics: TopicMovements,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMPANY_CONFIG) private readonly company: CompanyConfig,
    @Inject(PUBLIC_URL_CONFIG) private readonly publicUrl: PublicUrlConfig,
  ) {}

  onModuleInit(): void {
    for (const kind of ['weekly_digest', 'kpi_alerts', 'topic_alerts'] as const) {
      this.sender.registerKind(kind, { compose: (emails) => this.compose(emails) });
    }
  }

  private async compose(emails: EmailMessage[]): Promise<Map<string, ComposedEmail | null>> {
    const told = await this.dataSource.query<Told[]>(
      `SELECT n.email_id, n.kind, n.detail, t.name AS team_name FROM notifications n
       ${leftJoinTeamOf("(n.detail->>'teamId')::uuid", 't')}
       WHERE n.email_id = ANY($1::uuid[])`,
      [emails.map((email) => email.id)],
    );
    const composed = new Map<string, ComposedEmail | null>();
    for (const email of emails) {
      const row = told.find((candidate) => candidate.email_id === email.id);
      if (!row) composed.set(email.id, null);
      else if (row.kind === 'weekly_digest') composed.set(email.id, await this.digest(row));
      else if (row.kind === 'kpi_alert') composed.set(email.id, this.kpiAlert(row));
      else composed.set(email.id, this.topicAlert(row));
    }
    return composed;
  }

  /** The week's figures, against the week before and the targets, and what to read. */
  async digestView(detail: WeeklyDigestDetail, teamName: string | null) {
    const scope: ReportScope = {
      from: new Date(`${detail.from}T00:00:00Z`),
      to: new Date(`${detail.to}T00:00:00Z`),
      surveyId: null,
      surveyKey: null,
      teamId: detail.teamId,
      agentId: null,
      touchpointType: null,
    };
    const [summary, causes, overdue, comments, topics] = await Promise.all([
      this.reports.summary(scope),
      this.reports.rootCauses(scope),
      this.reports.overdueNow(scope),
      this.comments.of(scope),
      this.topics.of(scope),
    ]);
    const whose = teamName ? `${teamName}'s` : `${this.company.companyName}'s`;
    return {
      title: `${whose} week, ${weekWords(detail)}`,
      kpis: DIGEST_KPIS.map((kpi) => ({
        name: KPI_WORDS.en[kpi],
        value: format(summary.kpis[kpi], KPI_CATALOGUE[kpi].unit),
        before: format(summary.previous[kpi], KPI_CATALOGUE[kpi].unit),
        said: signalWords(kpi, summary.signals[kpi], summary.targets[kpi]?.value ?? null)
          .map((words) => words.text)
          .join('; '),
      })),
      topics: topics.map((topic) => ({
        text: topicWords(topic),
        url: this.url(explorerPath(topic, detail.from, detail.to)),
      })),
      rootCauses: causes.items.slice(0, 3).map((cause) => `${cause.label}: ${cause.cases}`),
      overdue:
        overdue === 0
          ? 'No case is overdue now.'
          : `${overdue === 1 ? 'One case is' : `${overdue} cases are`} overdue now.`,
      comments: comments.map((comment) => ({
        text: `“${comment.comment}”`,
        about: comment.anonymousMonth
          ? `Score ${comment.score} of ${comment.scaleMax}, anonymous, ${comment.anonymousMonth}`
          : `Score ${comment.score} of ${comment.scaleMax}`,
        url: comment.caseId ? this.url(`/console/cases/${comment.caseId}`) : null,
      })),
      dashboardUrl: this.url(dashboardPath(detail)),
    };
  }

  private async digest(row: Told): Promise<ComposedEmail> {
    const view = await this.digestView(row.detail as unknown as WeeklyDigestDetail, row.team_name);
    return this.renderer.render('weekly-digest', {
      companyName: this.company.companyName,
      subject: view.title,
      ...view,
      settingsUrl: this.url('/console/settings'),
    });
  }

  private kpiAlert(row: Told): ComposedEmail {
    const detail = row.detail as unknown as KpiAlertDetail;
    const sentence = kpiAlertSentence(detail, row.team_name);
    return this.renderer.render('manager-alert', {
      companyName: this.company.companyName,
      subject: sentence,
      lines: [sentence],
      linkUrl: this.url(dashboardPath(detail)),
      linkText: 'Open the dashboard',
      settingsUrl: this.url('/console/settings'),
    });
  }

  private topicAlert(row: Told): ComposedEmail {
    const detail = row.detail as unknown as TopicAlertDetail;
    return this.renderer.render('manager-alert', {
      companyName: this.company.companyName,
      subject: `Customers write about ${detail.topicName} far more than usual`,
      lines: [topicAlertSentence(detail)],
      linkUrl: this.url(topicAlertPath(detail)),
      linkText: 'Read the comments',
      settingsUrl: this.url('/console/settings'),
    });
  }

  private url(path: string): string {
    return `${this.publicUrl.publicBaseUrl}${path}`;
  }
}

/** "Room cleanliness: 8 comments, 3 the week before; at the Airport hotel 6, 2 the week before." */
function topicWords(topic: TopicMovement): string {
  const counted = (n: number) => (n === 1 ? 'one comment' : `${n} comments`);
  const place = topic.grewMostAt
    ? `; at ${topic.grewMostAt.location} ${topic.grewMostAt.comments}, ${topic.grewMostAt.previousComments} the week before`
    : '';
  return `${topic.name}: ${counted(topic.comments)}, ${topic.previousComments} the week before${place}`;
}

/** The topic's comments of the week in the explorer, at the place where they grew if one did. */
function explorerPath(topic: TopicMovement, from: string, to: string): string {
  const lastDay = new Date(Date.parse(`${to}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  const query = new URLSearchParams({ topic: topic.topicId, from, to: lastDay });
  if (topic.grewMostAt) query.set('location', topic.grewMostAt.location);
  return `/console/responses?${query.toString()}`;
}
