import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditActors1795534590908 implements MigrationInterface {
  name = 'AuditActors1795534590908';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "actor_api_key_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "audit_events_actor_idx" ON "audit_events"  ("actor_user_id", "at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."audit_events_actor_idx"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "actor_api_key_id"`);
  }
}
