import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseResolution1795523561123 implements MigrationInterface {
  name = 'CaseResolution1795523561123';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "root_causes" ("key" text NOT NULL, "label" text NOT NULL, CONSTRAINT "PK_2ab03942fe85d33c6c6f586e309" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" ADD "first_contacted_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" ADD "resolved_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "follow_up_cases" ADD "root_cause" text`);
    await queryRunner.query(`ALTER TABLE "follow_up_cases" ADD "resolution" text`);
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" ADD CONSTRAINT "FK_ed17f9e08800049c64dc1a5e687" FOREIGN KEY ("root_cause") REFERENCES "root_causes"("key") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" DROP CONSTRAINT "FK_ed17f9e08800049c64dc1a5e687"`,
    );
    await queryRunner.query(`ALTER TABLE "follow_up_cases" DROP COLUMN "resolution"`);
    await queryRunner.query(`ALTER TABLE "follow_up_cases" DROP COLUMN "root_cause"`);
    await queryRunner.query(`ALTER TABLE "follow_up_cases" DROP COLUMN "resolved_at"`);
    await queryRunner.query(`ALTER TABLE "follow_up_cases" DROP COLUMN "first_contacted_at"`);
    await queryRunner.query(`DROP TABLE "root_causes"`);
  }
}
