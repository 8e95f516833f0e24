import type { MigrationInterface, QueryRunner } from 'typeorm';

const DEADLINES = '"first_contacted_at", "first_contact_due_at", "resolution_due_at"';

/**
 * The queue at 20 agents (bench:queue). Its indexes gain the case's id (and the status index the
 * opening time), so a view's page is cut from the index alone: without the id each of a view's
 * thousands of rows was read from the table. And a change stamp: a sequence every statement
 * that changes cases moves, so a team's view counts can be kept while it stands still.
 */
export class QueueCountsAndIndexes1796560000000 implements MigrationInterface {
  name = 'QueueCountsAndIndexes1796560000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.indexes(queryRunner, '"id", ');
    await queryRunner.query('CREATE SEQUENCE "follow_up_case_changes"');
    await queryRunner.query(
      `CREATE FUNCTION "note_follow_up_case_change"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN PERFORM nextval('follow_up_case_changes'); RETURN NULL; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "follow_up_cases_changed"
       AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "follow_up_cases"
       FOR EACH STATEMENT EXECUTE FUNCTION "note_follow_up_case_change"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "follow_up_cases_changed" ON "follow_up_cases"');
    await queryRunner.query('DROP FUNCTION "note_follow_up_case_change"()');
    await queryRunner.query('DROP SEQUENCE "follow_up_case_changes"');
    await this.indexes(queryRunner, '');
  }

  /** The three queue indexes (migration AgentQueue's), with `id` (and `created_at`) or without. */
  private async indexes(queryRunner: QueryRunner, id: string): Promise<void> {
    await queryRunner.query(
      'DROP INDEX "follow_up_cases_mine_idx", "follow_up_cases_status_idx", "follow_up_cases_overdue_idx"',
    );
    await queryRunner.query(
      `CREATE INDEX "follow_up_cases_mine_idx" ON "follow_up_cases" ("assignee_id", "status")
       INCLUDE (${id}"team_id", "customer_replied_at", "agent_emailed_at", ${DEADLINES})
       WHERE status IN ('assigned', 'contacted', 'resolved')`,
    );
    await queryRunner.query(
      `CREATE INDEX "follow_up_cases_status_idx" ON "follow_up_cases" ("status", "updated_at")
       INCLUDE (${id ? `${id}"created_at", ` : ''}"team_id", ${DEADLINES})`,
    );
    await queryRunner.query(
      `CREATE INDEX "follow_up_cases_overdue_idx" ON "follow_up_cases" ("team_id")
       INCLUDE (${id}"status", ${DEADLINES})
       WHERE overdue_at IS NOT NULL AND status IN ('open', 'assigned', 'contacted')`,
    );
  }
}
