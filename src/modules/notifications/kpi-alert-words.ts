import { format } from '../console/dashboard.views';
import { KPI_WORDS } from '../console/dashboard-words';
import { KPI_CATALOGUE } from '../reports/kpi-catalogue';
import type { KpiName } from '../reports/kpis';

/** What a KPI alert keeps (`notifications.detail`): the target crossed and the figure that did. */
export interface KpiAlertDetail {
  targetId: string;
  kpi: KpiName;
  /** The verdict now: `missed` when it fell short, `met` when it is back. */
  verdict: 'met' | 'missed';
  value: number | null;
  target: number;
  teamId: string | null;
  /** The survey's key; null for every survey. */
  survey: string | null;
  /** The days looked at ('YYYY-MM-DD'; `to` excluded). */
  from: string;
  to: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * "CSAT satisfied of Customer Care fell below its target of 80.0 %: 72.3 % over the 7 days to
 * 6 December." The words follow the KPI's direction: a time to first contact rises above its
 * target. The survey is not named (the alert links to the dashboard that does).
 */
export function kpiAlertSentence(detail: KpiAlertDetail, teamName: string | null): string {
  const { direction, unit } = KPI_CATALOGUE[detail.kpi];
  const name = `${KPI_WORDS.en[detail.kpi]}${teamName ? ` of ${teamName}` : ''}`;
  const target = format(detail.target, unit);
  const value = format(detail.value, unit);
  const lastDay = new Date(Date.parse(`${detail.to}T00:00:00Z`) - DAY_MS);
  const until = lastDay.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
  const over = `over the 7 days to ${until}`;
  if (detail.verdict === 'met') return `${name} is back on target (${target}): ${value} ${over}.`;
  const crossed = direction === 'lower' ? 'rose above' : 'fell below';
  return `${name} ${crossed} its target of ${target}: ${value} ${over}.`;
}

/** The dashboard for the target's survey and team. */
export function kpiAlertPath(detail: Pick<KpiAlertDetail, 'survey' | 'teamId'>): string {
  const query = new URLSearchParams({
    ...(detail.survey ? { survey: detail.survey } : {}),
    ...(detail.teamId ? { team: detail.teamId } : {}),
  });
  return `/console/dashboard?${query.toString()}`;
}
