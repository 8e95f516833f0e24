import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in attempts slow down instead of locking an account: a counter can hold the time before
 * which its next attempt is refused.
 */
export class SignInSlowdown1796459119458 implements MigrationInterface {
  name = 'SignInSlowdown1796459119458';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "rate_limit_counters" ADD "retry_at" TIMESTAMP WITH TIME ZONE`,
    );
    // The per-account lockout's counters: nothing reads them any more.
    await queryRunner.query(`DELETE FROM "rate_limit_counters" WHERE "key" LIKE 'login-account:%'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rate_limit_counters" DROP COLUMN "retry_at"`);
  }
}
