import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (issue 17). An endpoint is a receiver's URL with the events it takes; a delivery is
 * one event to one endpoint, written by a trigger on `domain_events` in the statement that logs
 * the event (so a delivery exists if and only if its event committed, whatever path published
 * it). The trigger maps the internal event to its public type (`webhook_public_type`, held equal
 * to the code's catalogue by a test) and writes nothing when no endpoint is enabled. The payload
 * is built at send time from the rows, so an erasure leaves nothing to send.
 *
 * `domain_events.tx` is the writing transaction's id: `GET /api/v1/events` pages by it, because
 * identity values are taken in one order and committed in another; an event whose transaction
 * is older than every one still running can no longer be overtaken.
 */
export class Webhooks1796670000000 implements MigrationInterface {
  name = 'Webhooks1796670000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL DEFAULT 'standard', "url" text NOT NULL, "description" text NOT NULL DEFAULT '', "event_types" text array, "include_anonymous" boolean NOT NULL DEFAULT false, "ordered" boolean NOT NULL DEFAULT false, "headers" jsonb NOT NULL DEFAULT '{}', "enabled" boolean NOT NULL DEFAULT true, "disabled_reason" text, "disabled_at" TIMESTAMP WITH TIME ZONE, "failing_since" TIMESTAMP WITH TIME ZONE, "secret" text NOT NULL, "previous_secret" text, "previous_secret_until" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "version" integer NOT NULL DEFAULT 1, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "webhook_endpoints_kind_check" CHECK (kind IN ('standard', 'slack', 'teams')), CONSTRAINT "PK_webhook_endpoints" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" (
         "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         "endpoint_id" uuid NOT NULL REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE,
         "event_id" bigint REFERENCES "domain_events"("id") ON DELETE CASCADE,
         "type" text NOT NULL,
         "order_key" text,
         "status" text NOT NULL DEFAULT 'pending'
           CONSTRAINT "webhook_deliveries_status_check"
           CHECK (status IN ('pending', 'delivered', 'failed', 'dropped')),
         "attempts" integer NOT NULL DEFAULT 0,
         "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         "locked_until" TIMESTAMP WITH TIME ZONE,
         "retry_from" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         "last_attempt_at" TIMESTAMP WITH TIME ZONE,
         "response_status" integer,
         "response_body" text,
         "latency_ms" integer,
         "error" text,
         "delivered_at" TIMESTAMP WITH TIME ZONE,
         "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
       )`,
    );
    // The senders' claim: what is due, oldest first.
    await queryRunner.query(
      `CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" ("next_attempt_at", "id")
       WHERE status = 'pending'`,
    );
    // An ordered endpoint's check for an earlier delivery of the same case still pending.
    await queryRunner.query(
      `CREATE INDEX "webhook_deliveries_order_idx"
       ON "webhook_deliveries" ("endpoint_id", "order_key", "id") WHERE status = 'pending'`,
    );
    // The delivery log, newest first; and the cascade from a pruned or forgotten event.
    await queryRunner.query(
      `CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" ("endpoint_id", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" ("event_id")`,
    );
    await queryRunner.query(`
      CREATE FUNCTION webhook_public_type(domain_type text) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE domain_type
          WHEN 'response.received' THEN 'response.received'
          WHEN 'response.dissatisfied' THEN 'response.dissatisfied'
          WHEN 'case.created' THEN 'case.opened'
          WHEN 'case.claimed' THEN 'case.assigned'
          WHEN 'case.assigned' THEN 'case.assigned'
          WHEN 'case.message_sent' THEN 'case.message_sent'
          WHEN 'case.reply_received' THEN 'case.reply_received'
          WHEN 'case.resolved' THEN 'case.resolved'
          WHEN 'case.reopened' THEN 'case.reopened'
          WHEN 'case.closed' THEN 'case.closed'
          WHEN 'case.escalated' THEN 'case.overdue'
          WHEN 'preferences.updated' THEN 'preferences.updated'
          WHEN 'consent.granted' THEN 'consent.granted'
          WHEN 'consent.withdrawn' THEN 'consent.withdrawn'
          WHEN 'customer.erased' THEN 'customer.erased'
          WHEN 'invitation.bounced' THEN 'invitation.bounced'
          WHEN 'invitation.unsubscribed' THEN 'customer.unsubscribed'
        END
      $$`);
    // An escalation is public only when it made the case overdue (its step says so); the
    // anonymous variant of an answer only for endpoints that asked for it.
    await queryRunner.query(`
      CREATE FUNCTION webhook_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) THEN RETURN NULL; END IF;
        INSERT INTO webhook_deliveries (endpoint_id, event_id, type, order_key)
        SELECT e.id, n.id, p.type, n.payload ->> 'caseId'
        FROM new_events n
        CROSS JOIN LATERAL (SELECT webhook_public_type(n.type) AS type) p
        JOIN webhook_endpoints e ON e.enabled
          AND (e.event_types IS NULL OR p.type = ANY (e.event_types))
          AND (e.include_anonymous OR n.payload ->> 'identified' IS DISTINCT FROM 'false')
        WHERE p.type IS NOT NULL
          AND (n.type <> 'case.escalated' OR n.payload ->> 'step' LIKE '%overdue')
        ORDER BY n.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER webhook_fan_out AFTER INSERT ON domain_events
      REFERENCING NEW TABLE AS new_events
      FOR EACH STATEMENT EXECUTE FUNCTION webhook_fan_out()`);
    await queryRunner.query(
      `ALTER TABLE "domain_events" ADD "tx" xid8 NOT NULL DEFAULT pg_current_xact_id()`,
    );
    await queryRunner.query(`CREATE INDEX "domain_events_tx_idx" ON "domain_events" ("tx", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "domain_events_tx_idx"`);
    await queryRunner.query(`ALTER TABLE "domain_events" DROP COLUMN "tx"`);
    await queryRunner.query(`DROP TRIGGER webhook_fan_out ON domain_events`);
    await queryRunner.query(`DROP FUNCTION webhook_fan_out()`);
    await queryRunner.query(`DROP FUNCTION webhook_public_type(text)`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
  }
}
