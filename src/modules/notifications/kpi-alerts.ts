import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ApiKeyPrincipal } from '../../common/auth/principal';
import { returningRows } from '../../common/database/returning-rows';
import { JobQueue } from '../../common/jobs/job-queue';
import { registerRecurring } from '../../common/jobs/recurring-job';
import type { KpiTargetView } from '../reports/kpi-targets.service';
import { KpiTargets } from '../reports/kpi-targets.service';
import { ReportsService, type SummaryDto } from '../reports/reports.service';
import { UsersService } from '../users/users.service';
import type { KpiAlertDetail } from './kpi-alert-words';
import { Notifier } from './notifier';
import { numberReaders } from './number-readers';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** No payload: looks at every target, then schedules its next run. */
    'notifications.kpi_alerts': Record<string, never>;
  }
}

/** How often targets are looked at: a crossing is told within this. */
export const KPI_ALERTS_EVERY_SECONDS = 3600;
/** A KPI is judged over this many days up to today: a day alone is too noisy to alert on. */
export const ALERT_WINDOW_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Resolving a report's filters asks who asks only for `agent=me`, which an alert never uses. */
const CANDOR: ApiKeyPrincipal = { kind: 'apiKey', apiKeyId: 'kpi-alerts' };

/**
 * Tells managers when a KPI with a target crosses it over the last 7 days: it falls short (below
 * it, or above it where lower is better), and when it is back. Each target's last verdict is kept
 * (`kpi_alert_states`); a change of it, under the row's lock, is told once however many workers
 * look at once. A target seen for the first time alerts only when missed. A team's target goes
 * to that team's managers; a company's or a survey's to every manager and admin.
 */
@Injectable()
export class KpiAlerts implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly users: UsersService,
    private readonly targets: KpiTargets,
    private readonly reports: ReportsService,
    private readonly notifier: Notifier,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    registerRecurring(this.jobs, 'notifications.kpi_alerts', KPI_ALERTS_EVERY_SECONDS, () =>
      this.check(),
    );
  }

  /** Looks at every target once: how many people were told now. */
  async check(now = new Date()): Promise<number> {
    const to = new Date((Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS);
    const from = new Date(to.getTime() - ALERT_WINDOW_DAYS * DAY_MS);
    const summaries = new Map<string, Promise<SummaryDto>>();
    let told = 0;
    for (const target of await this.targets.list()) {
      const key = `${target.survey?.key ?? ''}:${target.team?.id ?? ''}`;
      if (!summaries.has(key)) summaries.set(key, this.summary(target, from, to));
      const summary = await summaries.get(key)!;
      const verdict = summary.signals[target.kpi].target;
      if (verdict === null) continue;
      const detail: KpiAlertDetail = {
        targetId: target.id,
        kpi: target.kpi,
        verdict,
        value: summary.kpis[target.kpi],
        target: target.value,
        teamId: target.team?.id ?? null,
        survey: target.survey?.key ?? null,
        from: day(from),
        to: day(to),
      };
      told += await this.dataSource.transaction((manager) => this.note(manager, detail));
    }
    return told;
  }

  private async summary(target: KpiTargetView, from: Date, to: Date): Promise<SummaryDto> {
    const scope = await this.reports.scope(
      {
        survey: target.survey?.key,
        team: target.team?.id,
        from: from.toISOString(),
        to: to.toISOString(),
      },
      CANDOR,
    );
    return this.reports.summary(scope);
  }

  /** Keeps the verdict; a change of it (or a first miss) is told to the target's readers. */
  private async note(manager: EntityManager, detail: KpiAlertDetail): Promise<number> {
    await manager.query(
      `INSERT INTO kpi_alert_states (target_id, verdict, value) VALUES ($1, 'met', NULL)
       ON CONFLICT (target_id) DO NOTHING`,
      [detail.targetId],
    );
    const [kept] = await manager.query<{ verdict: string }[]>(
      `SELECT verdict FROM kpi_alert_states WHERE target_id = $1 FOR UPDATE`,
      [detail.targetId],
    );
    const [changed] = await returningRows<{ changed_at: Date }>(
      manager,
      `UPDATE kpi_alert_states SET verdict = $2, value = $3,
         changed_at = CASE WHEN verdict = $2 THEN changed_at ELSE now() END
       WHERE target_id = $1 RETURNING changed_at`,
      [detail.targetId, detail.verdict, detail.value],
    );
    if (kept.verdict === detail.verdict) return 0;
    let told = 0;
    for (const reader of await numberReaders(this.users, detail.teamId)) {
      const isNew = await this.notifier.notify(manager, {
        userId: reader.id,
        recipient: reader.email,
        kind: 'kpi_alert',
        dedupeKey: `kpi_alert:${detail.targetId}:${changed.changed_at.toISOString()}:${reader.id}`,
        detail: { ...detail },
      });
      if (isNew) told += 1;
    }
    return told;
  }
}

function day(at: Date): string {
  return at.toISOString().slice(0, 10);
}
