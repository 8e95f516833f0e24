import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admins are told when a webhook endpoint is disabled by what it answered (issue 17): 410 Gone, or
 * a day of failures. A notification of its own kind, with its switch in My settings (on unless
 * switched off); what it tells (the endpoint's id, host and description, and why) is its `detail`.
 */
export class WebhookDisabledNotice1796680000000 implements MigrationInterface {
  name = 'WebhookDisabledNotice1796680000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification_settings" ADD "webhook_disabled" boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK (kind IN ('case_assigned', 'customer_replied', 'case_reopened', 'unassigned_digest', 'weekly_digest', 'kpi_alert', 'topic_alert', 'webhook_disabled'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "notifications" WHERE kind = 'webhook_disabled'`);
    await queryRunner.query(
      `ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK (kind IN ('case_assigned', 'customer_replied', 'case_reopened', 'unassigned_digest', 'weekly_digest', 'kpi_alert', 'topic_alert'))`,
    );
    await queryRunner.query(`ALTER TABLE "notification_settings" DROP COLUMN "webhook_disabled"`);
  }
}
