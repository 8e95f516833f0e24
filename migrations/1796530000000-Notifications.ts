import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications at the console (issue 15): what each person was told, once per assignment,
 * reply or digest day (`dedupe_key`), with the email that told them and whether they have seen
 * it (the badge counts the unseen, hence the partial index); and each person's switches.
 */
export class Notifications1796530000000 implements MigrationInterface {
  name = 'Notifications1796530000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "kind" text NOT NULL, "case_id" uuid, "actor_id" uuid, "waiting" integer, "dedupe_key" text NOT NULL, "email_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "seen_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_1ce34a3c9fd97cd56bcb734ca9e" UNIQUE ("dedupe_key"), CONSTRAINT "UQ_c93e8b37977cd4fe1aecef092c8" UNIQUE ("email_id"), CONSTRAINT "notifications_kind_check" CHECK (kind IN ('case_assigned', 'customer_replied', 'unassigned_digest')), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_user_created_idx" ON "notifications" ("user_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_unseen_idx" ON "notifications" ("user_id") WHERE seen_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_settings" ("user_id" uuid NOT NULL, "case_assigned" boolean NOT NULL DEFAULT true, "customer_replied" boolean NOT NULL DEFAULT true, "unassigned_digest" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_91a7ffebe8b406c4470845d4781" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_9a8a82462cab47c73d25f49261f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_63e5f2b81ae561b30d23c1ab6e6" FOREIGN KEY ("case_id") REFERENCES "follow_up_cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_settings" ADD CONSTRAINT "FK_91a7ffebe8b406c4470845d4781" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_20f8b51fd9655c0b69feed5efc6" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_settings"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
