import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily rollup of answers to a survey's own questions (issue 16, per-question results; kept by
 * `ReportRollups` with the other rollups, raw SQL only): per day, survey version, touchpoint type,
 * identified or anonymous (anonymous ones on the 16th of their month), question and value, how
 * many answers. `value` is a choice or a rating, or '' for "answered the question" (a multiple
 * choice counts its respondents there, each choice under its own value); free text keeps only ''.
 * The rollups are then rebuilt from the start, as after a restore: this one is empty until the
 * next run, and until then the reports read the tables.
 */
export class QuestionRollups1796640000000 implements MigrationInterface {
  name = 'QuestionRollups1796640000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "report_question_days" ("day" date NOT NULL, "survey_version_id" uuid NOT NULL,
        "touchpoint_type" text NOT NULL, "identified" boolean NOT NULL, "question_id" text NOT NULL,
        "value" text NOT NULL, "answers" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_question_days_day_idx" ON "report_question_days" ("day")`,
    );
    await queryRunner.query(
      `UPDATE "report_rollup_state" SET "covered_through" = '1970-01-01T00:00:00Z'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_question_days"`);
  }
}
