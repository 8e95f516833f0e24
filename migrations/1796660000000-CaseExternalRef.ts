import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A CRM can own the case (issue 17): a case carries the CRM's ticket id (`external_ref`, one case
 * per ticket), and a timeline entry records the integration (API key) that acted, as `actor_id`
 * records a person. The timeline's erase-only rule now keeps `api_key_id` unchanged too.
 */
export class CaseExternalRef1796660000000 implements MigrationInterface {
  name = 'CaseExternalRef1796660000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "follow_up_cases" ADD "external_ref" text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "follow_up_cases_external_ref_key" ON "follow_up_cases" ("external_ref") WHERE external_ref IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "case_events" ADD "api_key_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "case_events" ADD CONSTRAINT "FK_5724ffb3e2e6fa40dbf2195beca" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(eraseOnly(['api_key_id']));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(eraseOnly([]));
    await queryRunner.query(
      `ALTER TABLE "case_events" DROP CONSTRAINT "FK_5724ffb3e2e6fa40dbf2195beca"`,
    );
    await queryRunner.query(`ALTER TABLE "case_events" DROP COLUMN "api_key_id"`);
    await queryRunner.query(`DROP INDEX "follow_up_cases_external_ref_key"`);
    await queryRunner.query(`ALTER TABLE "follow_up_cases" DROP COLUMN "external_ref"`);
  }
}

/** The rule of ErasureKeepsHistory: an erasure blanks a detail and changes nothing else. */
function eraseOnly(moreColumns: string[]): string {
  const columns = ['id', 'case_id', 'type', 'actor_id', ...moreColumns, 'at'];
  const of = (row: string) => columns.map((column) => `${row}.${column}`).join(', ');
  return `CREATE OR REPLACE FUNCTION case_events_erase_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.detail IS NULL AND (${of('NEW')}) IS NOT DISTINCT FROM (${of('OLD')}) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'case_events is append-only: rows cannot be changed'
        USING ERRCODE = 'restrict_violation';
    END $$`;
}
