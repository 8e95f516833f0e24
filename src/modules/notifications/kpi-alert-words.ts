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

/**
 * The dashboard over the days a notice told of (`to` excluded; the dashboard's last day is
 * included), for its survey and team: the figures it shows are the notice's.
 */
export function dashboardPath(told: {
  from: string;
  to: string;
  survey?: string | null;
  teamId?: string | null;
}): string {
  const lastDay = new Date(Date.parse(`${told.to}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  const query = new URLSearchParams({
    from: told.from,
    to: lastDay,
    ...(told.survey ? { survey: told.survey } : {}),
    ...(told.teamId ? { team: told.teamId } : {}),
  });
  return `/console/dashboard?${query.toString()}`;
}
