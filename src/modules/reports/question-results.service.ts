import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { validationError } from '../../common/validation/validation-error';
import type { Interval } from './dto/report-filter.dto';
import { QUESTION_COUNTS, type QuestionCountRow } from './question-results-sql';
import {
  questionResults,
  type QuestionResultsDto,
  type SurveyVersionQuestions,
} from './question-results';
import { ReportRollups } from './report-rollups';
import { bind, filtersWhere, type ReportScope, scopeValues } from './report-sql';
import { bucketStarts } from './reports.service';
import { rollupWindows, tablesOnly } from './rollup-windows';

/** As the timeseries: beyond this a trend is unreadable; a wider period wants a wider interval. */
const MAX_POINTS = 400;

/**
 * Per-question results (issue 16): for each question of a survey, what was answered in a period
 * and its trend, read from the question rollup (`report_question_days`) for the days it holds, so
 * the cost grows with the period's days, not with its answers.
 */
@Injectable()
export class QuestionResults {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rollups: ReportRollups,
  ) {}

  async of(scope: ReportScope, interval: Interval): Promise<QuestionResultsDto> {
    if (!scope.surveyId || !scope.surveyKey) {
      throw validationError([
        {
          field: 'survey',
          message: 'is required: the results are of one survey’s questions (name it by its key)',
        },
      ]);
    }
    const starts = bucketStarts(scope.from, scope.to, interval);
    if (starts.length > MAX_POINTS) {
      throw validationError([
        {
          field: 'interval',
          message: `gives ${starts.length} points over this period, more than ${MAX_POINTS}: choose a longer interval or a shorter period`,
        },
      ]);
    }
    const [versions, rows] = await Promise.all([
      this.versions(scope.surveyId),
      this.counts(scope, interval),
    ]);
    return {
      period: { from: scope.from.toISOString(), to: scope.to.toISOString() },
      survey: { key: scope.surveyKey, name: versions[0]?.name ?? scope.surveyKey },
      interval,
      questions: questionResults(versions, rows, starts),
    };
  }

  /**
   * The touchpoint types of identified answers to the survey's questions, for a filter's list
   * (from the rollup: a type first seen in the last minute is listed after the next run).
   */
  async touchpointTypes(surveyId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ type: string }[]>(
      `SELECT DISTINCT d.touchpoint_type AS type FROM report_question_days d
       WHERE d.touchpoint_type <> ''
         AND d.survey_version_id IN (SELECT id FROM survey_versions WHERE survey_id = $1)
       ORDER BY 1 LIMIT 200`,
      [surveyId],
    );
    return rows.map((row) => row.type);
  }

  /** The survey's versions, newest first. */
  private versions(surveyId: string): Promise<(SurveyVersionQuestions & { name: string })[]> {
    return this.dataSource.query(
      `SELECT version, name, questions FROM survey_versions WHERE survey_id = $1 ORDER BY version DESC`,
      [surveyId],
    );
  }

  /**
   * The counts, split where the rollups end; read again should a rollup run commit between
   * reading that end and the query's snapshot (that minute would count twice), as the summary.
   * The question rollup is kept by touchpoint type only: a location, channel or staff filter reads
   * the identified answers from the tables (their cost then grows with the period's answers), and
   * leaves anonymous answers out, as a touchpoint type does (docs/privacy.md says why).
   */
  private async counts(scope: ReportScope, interval: Interval): Promise<QuestionCountRow[]> {
    for (let attempt = 1; ; attempt += 1) {
      const { coveredThrough } = await this.rollups.state();
      const [text, parameters] = bind(QUESTION_COUNTS, {
        ...scopeValues(scope),
        ...(filtersWhere(scope) ? tablesOnly(scope) : rollupWindows(scope, coveredThrough)),
        unit: interval,
      });
      const rows = await this.dataSource.query<QuestionCountRow[]>(text, parameters);
      const moved = rows.some(
        (row) => new Date(row.coveredThrough).getTime() !== coveredThrough.getTime(),
      );
      if (!moved || attempt === 3) return rows;
    }
  }
}
