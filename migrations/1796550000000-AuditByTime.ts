import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail reads newest first by time (then id), unfiltered too: an index in that order. */
export class AuditByTime1796550000000 implements MigrationInterface {
  name = 'AuditByTime1796550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX IF NOT EXISTS audit_events_at_idx ON audit_events (at DESC, id DESC)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS audit_events_at_idx');
  }
}
