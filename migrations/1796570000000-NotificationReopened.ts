import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notification may tell that the customer says their resolved case is not resolved (a recovery
 * answer that reopens it): `case_reopened`, under the reply's switch and in the reply's kind of
 * email, so only the kind check changes.
 */
export class NotificationReopened1796570000000 implements MigrationInterface {
  name = 'NotificationReopened1796570000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK (kind IN ('case_assigned', 'customer_replied', 'case_reopened', 'unassigned_digest'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "notifications" WHERE kind = 'case_reopened'`);
    await queryRunner.query(
      `ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK (kind IN ('case_assigned', 'customer_replied', 'unassigned_digest'))`,
    );
  }
}
