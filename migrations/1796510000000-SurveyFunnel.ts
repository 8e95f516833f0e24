import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The survey's funnel: when a person first opened the survey page (its stylesheet loaded, which a
 * link scanner fetching the HTML never does) and first chose how to answer (a posted consent
 * choice, valid or not). Sent and answered were already recorded.
 */
export class SurveyFunnel1796510000000 implements MigrationInterface {
  name = 'SurveyFunnel1796510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitations" ADD "opened_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD "consent_chosen_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitations" DROP COLUMN "consent_chosen_at"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP COLUMN "opened_at"`);
  }
}
