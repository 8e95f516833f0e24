import { MigrationInterface, QueryRunner } from 'typeorm';

export class AnswerIndexes1795521572945 implements MigrationInterface {
  name = 'AnswerIndexes1795521572945';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "consent_events_invitation_idx" ON "consent_events"  ("invitation_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "responses_consent_event_idx" ON "responses"  ("consent_event_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."responses_consent_event_idx"`);
    await queryRunner.query(`DROP INDEX "public"."consent_events_invitation_idx"`);
  }
}
