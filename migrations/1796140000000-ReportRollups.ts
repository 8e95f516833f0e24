import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily rollups for the reports (`ReportRollups` keeps them; no entities, raw SQL only):
 * invitations by the day they were sent, answers by the day they were given (anonymous ones on the
 * 16th of their month), cases by the day they were opened, as they were at `covered_through`.
 * Rebuilt per day, so no keys to upsert.
 */
export class ReportRollups1796140000000 implements MigrationInterface {
  name = 'ReportRollups1796140000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "report_invitation_days" ("day" date NOT NULL, "survey_version_id" uuid NOT NULL,
        "touchpoint_type" text NOT NULL, "sent" integer NOT NULL, "answered" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_invitation_days_day_idx" ON "report_invitation_days" ("day")`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_answer_days" ("day" date NOT NULL, "survey_version_id" uuid NOT NULL,
        "touchpoint_type" text NOT NULL, "identified" boolean NOT NULL, "score" integer NOT NULL,
        "responses" integer NOT NULL, "commented" integer NOT NULL, "dissatisfied" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_answer_days_day_idx" ON "report_answer_days" ("day")`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_case_days" ("day" date NOT NULL, "survey_version_id" uuid NOT NULL,
        "touchpoint_type" text NOT NULL, "team_id" uuid, "assignee_id" uuid,
        "opened" integer NOT NULL, "resolved" integer NOT NULL, "contacted_in_time" integer NOT NULL,
        "first_contact_decided" integer NOT NULL, "resolved_in_time" integer NOT NULL,
        "resolution_decided" integer NOT NULL,
        "first_contact_hours" double precision[] NOT NULL, "resolution_hours" double precision[] NOT NULL,
        "recovery_answers" integer NOT NULL, "recovered" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_case_days_day_idx" ON "report_case_days" ("day")`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_rollup_state" ("id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
        "covered_through" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT '1970-01-01T00:00:00Z',
        "stale_days" date[] NOT NULL DEFAULT '{}')`,
    );
    await queryRunner.query(`INSERT INTO "report_rollup_state" DEFAULT VALUES`);
    await queryRunner.query(
      `CREATE INDEX "follow_up_cases_updated_idx" ON "follow_up_cases" ("updated_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."follow_up_cases_updated_idx"`);
    await queryRunner.query(`DROP TABLE "report_rollup_state"`);
    await queryRunner.query(`DROP TABLE "report_case_days"`);
    await queryRunner.query(`DROP TABLE "report_answer_days"`);
    await queryRunner.query(`DROP TABLE "report_invitation_days"`);
  }
}
