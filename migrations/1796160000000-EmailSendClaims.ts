import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Until when a send holds an outbox row: another run of its job (a retry after a time limit, a
 * second job for the same email) leaves the row alone until then, so two runs never both send it.
 */
export class EmailSendClaims1796160000000 implements MigrationInterface {
  name = 'EmailSendClaims1796160000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "email_messages" ADD "claimed_until" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_messages" DROP COLUMN "claimed_until"`);
  }
}
