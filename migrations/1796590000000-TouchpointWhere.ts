import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rollups' columns before their counts: the plain rollups' plus where it happened. */
const WHERE = `"day" date NOT NULL, "survey_version_id" uuid NOT NULL, "touchpoint_type" text NOT NULL,
  "location" text NOT NULL, "channel" text NOT NULL, "staff_id" text NOT NULL`;

/**
 * Where a touchpoint happened: its location, channel and the member of staff who served the
 * customer (their id in the company's systems and their name), on the invitation. Anonymous
 * answers keep the location and channel (a place and a way of contact, shared by many customers),
 * never the member of staff (docs/privacy.md "Anonymity"). The reports break down by them from
 * rollups of their own (`report_*_touchpoint_days`), so the plain rollups, which every report
 * without such a filter reads, keep their size; the next rollup run fills them from every day
 * (`covered_through` starts over, and until then the reports read the tables).
 */
export class TouchpointWhere1796590000000 implements MigrationInterface {
  name = 'TouchpointWhere1796590000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD "touchpoint_location" text, ADD "touchpoint_channel" text,
         ADD "touchpoint_staff_id" text, ADD "touchpoint_staff_name" text,
         ADD CONSTRAINT "invitations_touchpoint_staff_check"
           CHECK ((touchpoint_staff_id IS NULL) = (touchpoint_staff_name IS NULL))`,
    );
    // A member of staff's name as the latest invitation gives it, read from the index alone.
    await queryRunner.query(
      `CREATE INDEX "invitations_staff_idx" ON "invitations" ("touchpoint_staff_id", "created_at" DESC)
       INCLUDE ("touchpoint_staff_name") WHERE touchpoint_staff_id IS NOT NULL`,
    );
    for (const table of ['anonymous_response_inbox', 'anonymous_responses']) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD "touchpoint_location" text, ADD "touchpoint_channel" text`,
      );
    }
    await queryRunner.query(
      `CREATE TABLE "report_invitation_touchpoint_days" (${WHERE},
        "sent" integer NOT NULL, "answered" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_answer_touchpoint_days" (${WHERE}, "identified" boolean NOT NULL,
        "score" integer NOT NULL, "responses" integer NOT NULL, "commented" integer NOT NULL,
        "dissatisfied" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_case_touchpoint_days" (${WHERE}, "team_id" uuid, "assignee_id" uuid,
        "opened" integer NOT NULL, "resolved" integer NOT NULL, "contacted_in_time" integer NOT NULL,
        "first_contact_decided" integer NOT NULL, "resolved_in_time" integer NOT NULL,
        "resolution_decided" integer NOT NULL,
        "first_contact_hours" double precision[] NOT NULL, "resolution_hours" double precision[] NOT NULL,
        "recovery_answers" integer NOT NULL, "recovered" integer NOT NULL)`,
    );
    for (const kind of ['invitation', 'answer', 'case']) {
      await queryRunner.query(
        `CREATE INDEX "report_${kind}_touchpoint_days_day_idx" ON "report_${kind}_touchpoint_days" ("day")`,
      );
    }
    // Every day again at the next run: the new rollups start empty.
    await queryRunner.query(
      `UPDATE "report_rollup_state" SET "covered_through" = '1970-01-01T00:00:00Z'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const kind of ['case', 'answer', 'invitation']) {
      await queryRunner.query(`DROP TABLE "report_${kind}_touchpoint_days"`);
    }
    for (const table of ['anonymous_responses', 'anonymous_response_inbox']) {
      await queryRunner.query(
        `ALTER TABLE "${table}" DROP COLUMN "touchpoint_location", DROP COLUMN "touchpoint_channel"`,
      );
    }
    await queryRunner.query(`DROP INDEX "invitations_staff_idx"`);
    await queryRunner.query(
      `ALTER TABLE "invitations" DROP CONSTRAINT "invitations_touchpoint_staff_check",
         DROP COLUMN "touchpoint_location", DROP COLUMN "touchpoint_channel",
         DROP COLUMN "touchpoint_staff_id", DROP COLUMN "touchpoint_staff_name"`,
    );
  }
}
