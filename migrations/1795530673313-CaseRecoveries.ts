import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseRecoveries1795530673313 implements MigrationInterface {
  name = 'CaseRecoveries1795530673313';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "case_recoveries" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "token_hash" text NOT NULL, "email_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answered_at" TIMESTAMP WITH TIME ZONE, "score" smallint, "recovered" boolean, "comment" text, "preferences" jsonb, CONSTRAINT "UQ_1f91730bdccd66778128946c1e6" UNIQUE ("token_hash"), CONSTRAINT "PK_3dcd3c4d1127ee5df232710753e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "case_recoveries_case_idx" ON "case_recoveries"  ("case_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "case_recoveries" ADD CONSTRAINT "FK_bdbcd377143355d04e8437d2607" FOREIGN KEY ("case_id") REFERENCES "follow_up_cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_recoveries" ADD CONSTRAINT "FK_1d067789bf108a8a8e714e31a45" FOREIGN KEY ("email_id") REFERENCES "email_messages"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "case_recoveries" DROP CONSTRAINT "FK_1d067789bf108a8a8e714e31a45"`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_recoveries" DROP CONSTRAINT "FK_bdbcd377143355d04e8437d2607"`,
    );
    await queryRunner.query(`DROP INDEX "public"."case_recoveries_case_idx"`);
    await queryRunner.query(`DROP TABLE "case_recoveries"`);
  }
}
