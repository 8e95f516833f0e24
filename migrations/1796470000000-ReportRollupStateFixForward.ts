import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ReportRollups was edited after it had run on some development databases: there,
 * `report_rollup_state` still has `covered_until` and `refreshed_at` instead of `covered_through`.
 * This brings such a database to the current shape; on any other it changes nothing. The rollups
 * are then rebuilt from the start, as on a new database.
 */
export class ReportRollupStateFixForward1796470000000 implements MigrationInterface {
  name = 'ReportRollupStateFixForward1796470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "report_rollup_state"
         ADD COLUMN IF NOT EXISTS "covered_through" TIMESTAMP WITH TIME ZONE NOT NULL
           DEFAULT '1970-01-01T00:00:00Z',
         DROP COLUMN IF EXISTS "covered_until",
         DROP COLUMN IF EXISTS "refreshed_at"`,
    );
  }

  /** Nothing to undo: the columns it drops belong to a version of ReportRollups that is gone. */
  public async down(): Promise<void> {}
}
