import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportIndexes1796136194009 implements MigrationInterface {
  name = 'ReportIndexes1796136194009';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "invitations_sent_idx" ON "invitations"  ("sent_at") WHERE sent_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "follow_up_cases_opened_idx" ON "follow_up_cases"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "responses_submitted_idx" ON "responses"  ("submitted_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."responses_submitted_idx"`);
    await queryRunner.query(`DROP INDEX "public"."follow_up_cases_opened_idx"`);
    await queryRunner.query(`DROP INDEX "public"."invitations_sent_idx"`);
  }
}
