import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseRules1795531766739 implements MigrationInterface {
  name = 'CaseRules1795531766739';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "case_settings" ("id" smallint NOT NULL DEFAULT '1', "calendar" jsonb NOT NULL, "routing" jsonb NOT NULL, "priority_rules" jsonb NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "case_settings_single_row" CHECK (id = 1), CONSTRAINT "PK_e9d91fd8ffcf0edbbf19a6d2a61" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "root_causes" ADD "retired_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "root_causes" DROP COLUMN "retired_at"`);
    await queryRunner.query(`DROP TABLE "case_settings"`);
  }
}
