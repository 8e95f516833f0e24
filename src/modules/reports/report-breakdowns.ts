import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { REPORTS_CONFIG, type ReportsConfig } from '../../config/config-sections';
import type { BreakdownBy, LeaderboardBy } from './dto/breakdown-query.dto';
import type { BreakdownDto, BreakdownRowDto, LeaderboardDto } from './dto/breakdown-result.dto';
import { computeKpis } from './kpis';
import { rankByCsat } from './leaderboard';
import { ReportFacts } from './report-facts';
import type { ReportScope } from './report-sql';

/**
 * Where it happened (issue 16): the summary's KPIs per location, channel or member of staff, and
 * the leaderboard of locations and staff by CSAT. The figures are the summary's own (`ReportFacts`
 * from the rollups kept per touchpoint), so a row equals the summary filtered to its key.
 */
@Injectable()
export class ReportBreakdowns {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly facts: ReportFacts,
    @Inject(REPORTS_CONFIG) private readonly config: ReportsConfig,
  ) {}

  async breakdown(scope: ReportScope, by: BreakdownBy): Promise<BreakdownDto> {
    const groups = await this.facts.byTouchpoint(scope, by);
    const labels = await this.labels(by, [...groups.keys()]);
    const rows: BreakdownRowDto[] = [...groups].map(([key, facts]) => ({
      key: key || null,
      label: key ? (labels.get(key) ?? key) : null,
      kpis: computeKpis(facts),
    }));
    rows.sort(
      (a, b) =>
        Number(a.key === null) - Number(b.key === null) ||
        (b.kpis.responses ?? 0) - (a.kpis.responses ?? 0) ||
        (a.label ?? '').localeCompare(b.label ?? ''),
    );
    return { by, period: period(scope), rows };
  }

  /** Ranked by CSAT; a group needs `minAnswers` CSAT answers (default: the configured number). */
  async leaderboard(
    scope: ReportScope,
    by: LeaderboardBy,
    minAnswers = this.config.leaderboardMinAnswers,
  ): Promise<LeaderboardDto> {
    const groups = await this.facts.byTouchpoint(scope, by);
    groups.delete(''); // No place, nobody: nothing to recognise.
    const labels = await this.labels(by, [...groups.keys()]);
    const rows = rankByCsat(
      [...groups].map(([key, facts]) => ({ key, label: labels.get(key) ?? key, facts })),
      minAnswers,
    );
    return { by, period: period(scope), minAnswers, rows };
  }

  /**
   * What to call each key: a location or a channel is its own name; a member of staff goes by the
   * name their latest invitation gave (one index lookup each, `invitations_staff_idx`).
   */
  private async labels(by: BreakdownBy, keys: string[]): Promise<Map<string, string>> {
    const ids = keys.filter(Boolean);
    if (by !== 'staff' || ids.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; name: string | null }[]>(
      `SELECT s.id, (SELECT i.touchpoint_staff_name FROM invitations i
         WHERE i.touchpoint_staff_id = s.id ORDER BY i.created_at DESC LIMIT 1) AS name
       FROM unnest($1::text[]) AS s(id)`,
      [ids],
    );
    return new Map(rows.flatMap((row) => (row.name ? [[row.id, row.name]] : [])));
  }
}

function period(scope: ReportScope): { from: string; to: string } {
  return { from: scope.from.toISOString(), to: scope.to.toISOString() };
}
