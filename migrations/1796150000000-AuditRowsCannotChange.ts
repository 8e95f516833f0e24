import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The role that runs the migrations is the application's, and owns every table. It keeps INSERT
 * and SELECT on the audit trail and gives up UPDATE, DELETE and TRUNCATE (a trigger already
 * refuses UPDATE and DELETE for every role): to change the trail it would have to grant itself
 * those back first. A superuser bypasses privileges, so production should not run as one.
 */
export class AuditRowsCannotChange1796150000000 implements MigrationInterface {
  name = 'AuditRowsCannotChange1796150000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM PUBLIC, CURRENT_USER`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`GRANT UPDATE, DELETE, TRUNCATE ON "audit_events" TO CURRENT_USER`);
  }
}
