import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseEscalations1795530999743 implements MigrationInterface {
  name = 'CaseEscalations1795530999743';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "case_escalations" ("case_id" uuid NOT NULL, "step" text NOT NULL, "email_ids" uuid array NOT NULL DEFAULT '{}', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2401913def58df10bb990d4fc28" PRIMARY KEY ("case_id", "step"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" ADD "overdue_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_escalations" ADD CONSTRAINT "FK_93b3ebedfc57744b638b8626ea9" FOREIGN KEY ("case_id") REFERENCES "follow_up_cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "case_escalations" DROP CONSTRAINT "FK_93b3ebedfc57744b638b8626ea9"`,
    );
    await queryRunner.query(`ALTER TABLE "follow_up_cases" DROP COLUMN "overdue_at"`);
    await queryRunner.query(`DROP TABLE "case_escalations"`);
  }
}
