import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../../common/auth/principal';
import type { ErrorDetail } from '../../../common/errors/api-error';
import { validationError } from '../../../common/validation/validation-error';
import { knownTeamIdsSql } from '../../users/user-sql';
import { knownSurveyKeysSql } from '../../surveys/survey-sql';
import { DEFAULT_CALENDAR, validateCalendar } from '../business-hours';
import type { CaseSettings } from './case-rules';

const DEFAULTS: CaseSettings = { calendar: DEFAULT_CALENDAR, routing: [], priorityRules: [] };

/** The case settings: read at every opening, replaced whole by managers. */
@Injectable()
export class CaseSettingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async current(manager: EntityManager = this.dataSource.manager): Promise<CaseSettings> {
    const [row] = await manager.query<
      {
        calendar: CaseSettings['calendar'];
        routing: CaseSettings['routing'];
        priority_rules: CaseSettings['priorityRules'];
      }[]
    >('SELECT calendar, routing, priority_rules FROM case_settings WHERE id = 1');
    return row
      ? { calendar: row.calendar, routing: row.routing, priorityRules: row.priority_rules }
      : DEFAULTS;
  }

  /**
   * Replaces the settings after checking what the DTO cannot: a calendar that works (a real time
   * zone, closing after opening, at least one open day), teams and surveys that exist. 400 with
   * the reasons, and nothing changed, otherwise.
   */
  async replace(by: UserPrincipal, settings: CaseSettings): Promise<CaseSettings> {
    const problems: ErrorDetail[] = [];
    try {
      validateCalendar(settings.calendar);
    } catch (error) {
      problems.push({ field: 'calendar', message: (error as Error).message });
    }
    const [known] = await this.dataSource.query<{ teams: string[]; surveys: string[] }[]>(
      `SELECT
         ${knownTeamIdsSql('$1')} AS teams,
         ${knownSurveyKeysSql('$2')} AS surveys`,
      [
        settings.routing.map((rule) => rule.teamId),
        settings.routing.flatMap((rule) => rule.survey ?? []),
      ],
    );
    settings.routing.forEach((rule, i) => {
      if (!known.teams.includes(rule.teamId)) {
        problems.push({ field: `routing.${i}.teamId`, message: 'must be the id of a team' });
      }
      if (rule.survey !== undefined && !known.surveys.includes(rule.survey)) {
        problems.push({ field: `routing.${i}.survey`, message: "must be a survey's key" });
      }
    });
    if (problems.length > 0) throw validationError(problems);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO case_settings (id, calendar, routing, priority_rules, updated_by)
         VALUES (1, $1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET calendar = EXCLUDED.calendar, routing = EXCLUDED.routing,
           priority_rules = EXCLUDED.priority_rules, updated_by = EXCLUDED.updated_by,
           updated_at = now()`,
        [
          JSON.stringify(settings.calendar),
          JSON.stringify(settings.routing),
          JSON.stringify(settings.priorityRules),
          by.userId,
        ],
      );
    });
    return this.current();
  }
}
