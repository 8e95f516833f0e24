import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An erasure keeps the history, not the person: a case and the answer it follows stay,
 * de-identified (no customer, no words of theirs), so that reports and the agents' case lists do
 * not change after the fact. `erased_at` says when; a row loses its customer only with it.
 */
export class ErasureKeepsHistory1796500000000 implements MigrationInterface {
  name = 'ErasureKeepsHistory1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The timeline stays append-only, with one exception: an erasure blanks what a detail said
    // (a subject, a note) and changes nothing else.
    await queryRunner.query(
      `CREATE FUNCTION case_events_erase_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.detail IS NULL AND (NEW.id, NEW.case_id, NEW.type, NEW.actor_id, NEW.at)
             IS NOT DISTINCT FROM (OLD.id, OLD.case_id, OLD.type, OLD.actor_id, OLD.at) THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'case_events is append-only: rows cannot be changed'
           USING ERRCODE = 'restrict_violation';
       END $$`,
    );
    await queryRunner.query(`DROP TRIGGER case_events_append_only ON "case_events"`);
    await queryRunner.query(
      `CREATE TRIGGER case_events_append_only BEFORE UPDATE ON "case_events" FOR EACH ROW EXECUTE FUNCTION case_events_erase_only()`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" ADD "erased_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" ALTER COLUMN "customer_id" DROP NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" DROP CONSTRAINT "FK_bc0a03462e9ccdc837e3a13afb6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" ADD CONSTRAINT "FK_bc0a03462e9ccdc837e3a13afb6" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" ADD CONSTRAINT "follow_up_cases_erased_check"
       CHECK (("customer_id" IS NULL) = ("erased_at" IS NOT NULL))`,
    );

    await queryRunner.query(`ALTER TABLE "responses" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "responses" ALTER COLUMN "customer_id" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "responses" ALTER COLUMN "consent_event_id" DROP NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "responses" DROP CONSTRAINT "FK_6ce9677367b7966531c392dc154"`,
    );
    await queryRunner.query(
      `ALTER TABLE "responses" ADD CONSTRAINT "FK_6ce9677367b7966531c392dc154" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "responses" DROP CONSTRAINT "FK_5170be0c327c8a4c567c38546f2"`,
    );
    await queryRunner.query(
      `ALTER TABLE "responses" ADD CONSTRAINT "FK_5170be0c327c8a4c567c38546f2" FOREIGN KEY ("consent_event_id") REFERENCES "consent_events"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "responses" ADD CONSTRAINT "responses_erased_check"
       CHECK (("customer_id" IS NULL OR "consent_event_id" IS NULL) = ("erased_at" IS NOT NULL))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Erased rows have no customer to go back to: they go, as an erasure used to take them.
    await queryRunner.query(`DELETE FROM "responses" WHERE "erased_at" IS NOT NULL`);
    await queryRunner.query(`DELETE FROM "follow_up_cases" WHERE "erased_at" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "responses" DROP CONSTRAINT "responses_erased_check"`);
    await queryRunner.query(
      `ALTER TABLE "responses" DROP CONSTRAINT "FK_5170be0c327c8a4c567c38546f2"`,
    );
    await queryRunner.query(
      `ALTER TABLE "responses" ADD CONSTRAINT "FK_5170be0c327c8a4c567c38546f2" FOREIGN KEY ("consent_event_id") REFERENCES "consent_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "responses" DROP CONSTRAINT "FK_6ce9677367b7966531c392dc154"`,
    );
    await queryRunner.query(
      `ALTER TABLE "responses" ADD CONSTRAINT "FK_6ce9677367b7966531c392dc154" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "responses" ALTER COLUMN "consent_event_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "responses" ALTER COLUMN "customer_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "responses" DROP COLUMN "erased_at"`);
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" DROP CONSTRAINT "follow_up_cases_erased_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" DROP CONSTRAINT "FK_bc0a03462e9ccdc837e3a13afb6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" ADD CONSTRAINT "FK_bc0a03462e9ccdc837e3a13afb6" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_cases" ALTER COLUMN "customer_id" SET NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "follow_up_cases" DROP COLUMN "erased_at"`);
    await queryRunner.query(`DROP TRIGGER case_events_append_only ON "case_events"`);
    await queryRunner.query(
      `CREATE TRIGGER case_events_append_only BEFORE UPDATE ON "case_events" FOR EACH ROW EXECUTE FUNCTION refuse_update()`,
    );
    await queryRunner.query(`DROP FUNCTION case_events_erase_only()`);
  }
}
