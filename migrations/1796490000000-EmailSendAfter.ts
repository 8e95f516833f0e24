import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a queued email may go out (a scheduled invitation, a reminder or a recovery survey held
 * for the customer's preferred contact time), so the contact history shows the plan, not only
 * the outcome. Null: as soon as it is queued.
 */
export class EmailSendAfter1796490000000 implements MigrationInterface {
  name = 'EmailSendAfter1796490000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "email_messages" ADD "send_after" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_messages" DROP COLUMN "send_after"`);
  }
}
