import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Managers are told about their numbers (issue 16): the weekly digest, a KPI crossing its target
 * and a topic's spike become notifications (each with its switch in My settings, on unless
 * switched off), a notification may carry what it tells in `detail` (staff data: figures and ids,
 * never a customer's), and each target's last verdict is kept so that a crossing is told once.
 */
export class ManagerInsightMail1796650000000 implements MigrationInterface {
  name = 'ManagerInsightMail1796650000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification_settings" ADD "weekly_digest" boolean NOT NULL DEFAULT true, ADD "kpi_alerts" boolean NOT NULL DEFAULT true, ADD "topic_alerts" boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" ADD "detail" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK (kind IN ('case_assigned', 'customer_replied', 'case_reopened', 'unassigned_digest', 'weekly_digest', 'kpi_alert', 'topic_alert'))`,
    );
    await queryRunner.query(
      `CREATE TABLE "kpi_alert_states" ("target_id" uuid NOT NULL, "verdict" text NOT NULL, "value" double precision, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "kpi_alert_states_verdict_check" CHECK (verdict IN ('met', 'missed')), CONSTRAINT "PK_kpi_alert_states" PRIMARY KEY ("target_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "kpi_alert_states" ADD CONSTRAINT "FK_7e8ac4f87a5f46e1f2abac5849a" FOREIGN KEY ("target_id") REFERENCES "kpi_targets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "kpi_alert_states"`);
    await queryRunner.query(
      `DELETE FROM "notifications" WHERE kind IN ('weekly_digest', 'kpi_alert', 'topic_alert')`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK (kind IN ('case_assigned', 'customer_replied', 'case_reopened', 'unassigned_digest'))`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "detail"`);
    await queryRunner.query(
      `ALTER TABLE "notification_settings" DROP COLUMN "topic_alerts", DROP COLUMN "kpi_alerts", DROP COLUMN "weekly_digest"`,
    );
  }
}
