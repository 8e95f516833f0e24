import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The domain event log (`src/common/events`): one row per state change of an invitation, a
 * response, a case, a consent or a customer, written in the transaction that made the change.
 * Payloads hold ids only; an erasure deletes the events naming the customer. Rows older than
 * the retention are pruned hourly.
 */
export class DomainEvents1796480000000 implements MigrationInterface {
  name = 'DomainEvents1796480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "domain_events" (
         "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         "type" text NOT NULL,
         "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         "payload" jsonb NOT NULL
       )`,
    );
    await queryRunner.query(
      `CREATE INDEX "domain_events_occurred_idx" ON "domain_events" ("occurred_at")`,
    );
    // An erasure deletes the events that name the customer.
    await queryRunner.query(
      `CREATE INDEX "domain_events_customer_idx" ON "domain_events" (("payload" ->> 'customerId'))
       WHERE "payload" ? 'customerId'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "domain_events"`);
  }
}
