import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agents' queue (issue 15): whose turn it is on a case, and search.
 *
 * Whose turn: `customer_replied_at` (the customer wrote and no one has answered yet) and
 * `agent_emailed_at` (we emailed and they have not answered yet). Both follow from the case's
 * timeline, so a trigger on `case_events` keeps them, whoever writes the entry (an email reply, a
 * message from "Your feedback", an agent's email, call or resolve): one rule, not one per writer.
 * It is an AFTER trigger, a command of its own after the statement that wrote the entry, because
 * that statement often updates the same case row in a CTE, and a row updated twice in one
 * statement keeps only one of the changes. Only four entry types fire it (the WHEN clause is
 * checked without calling the function), so opening a case or an escalation costs nothing more.
 *
 * Search: full-text indexes ('simple' configuration: no stemming, the same for English and
 * Finnish; prefixes match) over what an agent looks a case up by: the customer's name, email and
 * external id, the answer's comment, the dialogue and the notes and logged contacts. The
 * expressions are repeated in the owners' search fragments (customer-search-sql.ts,
 * response-search-sql.ts, case-search-sql.ts): a query must use the very expression to use the
 * index. Comments are indexed only on unhappy answers (the ones cases follow), so a happy answer,
 * the bulk of the answer path, writes no search entry.
 */
export class AgentQueue1796520000000 implements MigrationInterface {
  name = 'AgentQueue1796520000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" ADD "customer_replied_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" ADD "agent_emailed_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE FUNCTION case_events_turn() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE follow_up_cases SET
           customer_replied_at = CASE WHEN NEW.type = 'reply_received' THEN NEW.at END,
           agent_emailed_at = CASE NEW.type
             WHEN 'message_sent' THEN NEW.at
             WHEN 'reply_received' THEN NULL
             WHEN 'contact_logged' THEN NULL
             ELSE agent_emailed_at END
         WHERE id = NEW.case_id;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER case_events_turn AFTER INSERT ON "case_events" FOR EACH ROW
       WHEN (NEW.type IN ('reply_received', 'message_sent', 'contact_logged', 'resolved'))
       EXECUTE FUNCTION case_events_turn()`,
    );
    // Cases already open: the same rule over their timelines so far.
    await queryRunner.query(
      `UPDATE follow_up_cases c SET
         customer_replied_at = CASE WHEN last.type = 'reply_received' THEN last.at END,
         agent_emailed_at = CASE WHEN last.type = 'message_sent' THEN last.at END
       FROM (
         SELECT DISTINCT ON (case_id) case_id, type, at FROM case_events
         WHERE type IN ('reply_received', 'message_sent', 'contact_logged', 'resolved')
         ORDER BY case_id, id DESC
       ) last
       WHERE last.case_id = c.id AND c.status IN ('open', 'assigned', 'contacted', 'resolved')`,
    );

    // The queue's views, counted and paged from indexes alone (index-only scans): each holds the
    // columns its views filter by and the deadlines the "next due" order is computed from.
    const deadlines = '"first_contacted_at", "first_contact_due_at", "resolution_due_at"';
    await queryRunner.query(
      `CREATE INDEX "follow_up_cases_mine_idx" ON "follow_up_cases" ("assignee_id", "status")
       INCLUDE ("team_id", "customer_replied_at", "agent_emailed_at", ${deadlines})
       WHERE status IN ('assigned', 'contacted', 'resolved')`,
    );
    await queryRunner.query(
      `CREATE INDEX "follow_up_cases_status_idx" ON "follow_up_cases" ("status", "updated_at")
       INCLUDE ("team_id", ${deadlines})`,
    );
    await queryRunner.query(
      `CREATE INDEX "follow_up_cases_overdue_idx" ON "follow_up_cases" ("team_id")
       INCLUDE ("status", ${deadlines})
       WHERE overdue_at IS NOT NULL AND status IN ('open', 'assigned', 'contacted')`,
    );

    await queryRunner.query(
      `CREATE INDEX "customers_search_idx" ON "customers" USING gin
       (to_tsvector('simple', coalesce(name, '') || ' ' || email || ' ' || external_id))`,
    );
    await queryRunner.query(
      `CREATE INDEX "responses_comment_search_idx" ON "responses" USING gin
       (to_tsvector('simple', comment)) WHERE comment IS NOT NULL AND dissatisfied`,
    );
    await queryRunner.query(
      `CREATE INDEX "case_messages_search_idx" ON "case_messages" USING gin
       (to_tsvector('simple', subject || ' ' || body))`,
    );
    await queryRunner.query(
      `CREATE INDEX "case_events_search_idx" ON "case_events" USING gin
       (to_tsvector('simple', detail)) WHERE type IN ('note', 'contact_logged')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "case_events_search_idx"`);
    await queryRunner.query(`DROP INDEX "case_messages_search_idx"`);
    await queryRunner.query(`DROP INDEX "responses_comment_search_idx"`);
    await queryRunner.query(`DROP INDEX "customers_search_idx"`);
    await queryRunner.query(`DROP INDEX "follow_up_cases_overdue_idx"`);
    await queryRunner.query(`DROP INDEX "follow_up_cases_mine_idx"`);
    await queryRunner.query(`DROP INDEX "follow_up_cases_status_idx"`);
    await queryRunner.query(`DROP TRIGGER case_events_turn ON "case_events"`);
    await queryRunner.query(`DROP FUNCTION case_events_turn()`);
    await queryRunner.query(`ALTER TABLE "follow_up_cases" DROP COLUMN "agent_emailed_at"`);
    await queryRunner.query(`ALTER TABLE "follow_up_cases" DROP COLUMN "customer_replied_at"`);
  }
}
