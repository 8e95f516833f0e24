import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import { ApiError, type ErrorDetail } from '../../common/errors/api-error';
import { returningRows } from '../../common/database/returning-rows';
import { validationError } from '../../common/validation/validation-error';
import type { KpiTargetDto, KpiTargetScopeDto } from './dto/kpi-target.dto';
import { KpiTargetView } from './dto/kpi-target-view.dto';
import { KPI_CATALOGUE, type KpiNature, teamNarrows } from './kpi-catalogue';
import { applicableTargets, type TargetScope } from './kpi-signals';
import type { KpiName } from './kpis';

export { KpiTargetView };

interface TargetRow {
  id: string;
  kpi: KpiName;
  value: number;
  setAt: Date;
  surveyId: string | null;
  surveyKey: string | null;
  surveyName: string | null;
  teamId: string | null;
  teamName: string | null;
  setById: string | null;
  setByName: string | null;
}

const SELECT_TARGETS = `
  SELECT t.id, t.kpi, t.value, t.set_at AS "setAt", t.survey_id AS "surveyId", s.key AS "surveyKey",
    s.name AS "surveyName", t.team_id AS "teamId", tm.name AS "teamName", t.set_by AS "setById",
    u.name AS "setByName"
  FROM kpi_targets t
  LEFT JOIN surveys s ON s.id = t.survey_id
  LEFT JOIN teams tm ON tm.id = t.team_id
  LEFT JOIN users u ON u.id = t.set_by`;

/** The nil UUID stands for "every survey" or "every team" in the unique index (migration KpiTargets). */
const NIL_IF_NULL = (column: string) =>
  `coalesce(${column}, '00000000-0000-0000-0000-000000000000')`;

/** The target of the KPI `$1` for the survey id `$2` and team `$3` (null: every). */
const SAME_SCOPE = `t.kpi = $1 AND t.survey_id IS NOT DISTINCT FROM $2::uuid
  AND t.team_id IS NOT DISTINCT FROM $3::uuid`;

/**
 * Managers' targets for the KPIs: the company's, a survey's, a team's, or a survey's in one team.
 * A report shows the most specific one matching its filter (`applicableTargets`).
 */
@Injectable()
export class KpiTargets {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every target, by KPI, then the company's first, then by survey and team. */
  async list(): Promise<KpiTargetView[]> {
    const rows = await this.dataSource.query<TargetRow[]>(
      `${SELECT_TARGETS} ORDER BY t.kpi, s.name NULLS FIRST, tm.name NULLS FIRST`,
    );
    return rows.map(toView);
  }

  /** The target each KPI takes under a report's survey and team filter. */
  async applying(filter: TargetScope): Promise<Partial<Record<KpiName, KpiTargetView>>> {
    const rows = await this.dataSource.query<TargetRow[]>(
      `${SELECT_TARGETS}
       WHERE (t.survey_id IS NULL OR t.survey_id = $1) AND (t.team_id IS NULL OR t.team_id = $2)`,
      [filter.surveyId, filter.teamId],
    );
    const chosen = applicableTargets(rows, filter);
    return Object.fromEntries(Object.entries(chosen).map(([kpi, row]) => [kpi, toView(row)]));
  }

  /** Sets (or replaces) the target of a KPI for its scope; `created` when there was none. */
  async set(
    by: UserPrincipal,
    asked: KpiTargetDto,
  ): Promise<{ target: KpiTargetView; created: boolean }> {
    const scope = await this.resolve(asked, [...refusalsFor(asked)]);
    // One target per KPI and scope: the unique index (the nil UUID for "every") decides.
    const [row] = await this.dataSource.query<{ id: string; created: boolean }[]>(
      `INSERT INTO kpi_targets (kpi, survey_id, team_id, value, set_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kpi, ${NIL_IF_NULL('survey_id')}, ${NIL_IF_NULL('team_id')})
       DO UPDATE SET value = EXCLUDED.value, set_by = EXCLUDED.set_by, set_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [asked.kpi, scope.surveyId, scope.teamId, asked.value, by.userId],
    );
    const [target] = await this.dataSource.query<TargetRow[]>(`${SELECT_TARGETS} WHERE t.id = $1`, [
      row.id,
    ]);
    return { target: toView(target), created: row.created };
  }

  /** Removes the target of a KPI for its scope; 404 when there is none. */
  async remove(asked: KpiTargetScopeDto): Promise<void> {
    const scope = await this.resolve(asked, []);
    const removed = await returningRows<{ id: string }>(
      this.dataSource.manager,
      `DELETE FROM kpi_targets t WHERE ${SAME_SCOPE} RETURNING t.id`,
      [asked.kpi, scope.surveyId, scope.teamId],
    );
    if (removed.length === 0) {
      throw new ApiError(
        'not_found',
        `No target for ${asked.kpi} is set ${scopeWords(asked)}: there is nothing to remove.`,
      );
    }
  }

  /** The survey key and team as ids, or a 400 naming each that is unknown (and the refusals). */
  private async resolve(asked: KpiTargetScopeDto, details: ErrorDetail[]): Promise<TargetScope> {
    const [known] = await this.dataSource.query<{ surveyId: string | null; teamKnown: boolean }[]>(
      `SELECT (SELECT id FROM surveys WHERE key = $1) AS "surveyId",
         EXISTS (SELECT 1 FROM teams WHERE id = $2) AS "teamKnown"`,
      [asked.survey || null, asked.team || null],
    );
    if (asked.survey && !known.surveyId) {
      details.push({ field: 'survey', message: 'is no survey key here' });
    }
    if (asked.team && !known.teamKnown) details.push({ field: 'team', message: 'is no team here' });
    if (details.length > 0) throw validationError(details);
    return { surveyId: known.surveyId, teamId: asked.team || null };
  }
}

/** Why a target cannot be set, in sentences: no direction, out of range, a team it has none of. */
export function refusalsFor(asked: Pick<KpiTargetDto, 'kpi' | 'team' | 'value'>): ErrorDetail[] {
  const nature = KPI_CATALOGUE[asked.kpi];
  if (nature.direction === 'none') {
    return [
      {
        field: 'kpi',
        message: `${asked.kpi} counts how many, not how well: no direction is better, so it takes no target`,
      },
    ];
  }
  const details: ErrorDetail[] = [];
  const { value } = asked;
  const whole = nature.unit !== 'count' || Number.isInteger(value);
  if (value < nature.min || value > nature.max || !whole) {
    details.push({ field: 'value', message: `must be ${rangeWords(nature)} for ${asked.kpi}` });
  }
  if (asked.team && !teamNarrows(asked.kpi)) {
    details.push({
      field: 'team',
      message: `must be left out for ${asked.kpi}: answers belong to no team, so a team has no figure of its own to hold to a target`,
    });
  }
  return details;
}

function rangeWords(nature: KpiNature): string {
  switch (nature.unit) {
    case 'rate':
      return 'a fraction from 0 to 1 (0.8 is 80 %)';
    case 'percent':
      return 'a percentage from 0 to 100';
    case 'mean':
      return `a mean score from ${nature.min} to ${nature.max}`;
    case 'score':
      return `a score from ${nature.min} to ${nature.max}`;
    case 'hours':
      return `a number of hours from ${nature.min} to ${nature.max}`;
    default:
      return `a whole number from ${nature.min} to ${nature.max}`;
  }
}

function scopeWords(asked: KpiTargetScopeDto): string {
  if (asked.survey && asked.team) return `for survey ${asked.survey} and that team`;
  if (asked.survey) return `for survey ${asked.survey} (every team)`;
  if (asked.team) return 'for that team (every survey)';
  return 'for the whole company';
}

function toView(row: TargetRow): KpiTargetView {
  return {
    id: row.id,
    kpi: row.kpi,
    survey:
      row.surveyId && row.surveyKey ? { key: row.surveyKey, name: row.surveyName ?? '' } : null,
    team: row.teamId ? { id: row.teamId, name: row.teamName ?? '' } : null,
    value: row.value,
    setBy: row.setById ? { id: row.setById, name: row.setByName ?? '' } : null,
    setAt: new Date(row.setAt).toISOString(),
  };
}
