import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseMessages1795529001190 implements MigrationInterface {
  name = 'CaseMessages1795529001190';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "case_messages" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "direction" text NOT NULL, "author_id" uuid, "subject" text NOT NULL, "body" text NOT NULL, "email_id" uuid, "message_id" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "case_messages_case_message_id_key" UNIQUE ("case_id", "message_id"), CONSTRAINT "case_messages_direction_check" CHECK (direction IN ('outbound', 'inbound')), CONSTRAINT "PK_abd10cae638adbb2365d2446d10" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "case_messages_case_idx" ON "case_messages"  ("case_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "case_messages" ADD CONSTRAINT "FK_5b3b267efe4cfecbd9fa66a8449" FOREIGN KEY ("case_id") REFERENCES "follow_up_cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_messages" ADD CONSTRAINT "FK_cca1930efa4d2bd4bd29173234f" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_messages" ADD CONSTRAINT "FK_06622a00cdb3a8a2d1676442c8e" FOREIGN KEY ("email_id") REFERENCES "email_messages"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "case_messages" DROP CONSTRAINT "FK_06622a00cdb3a8a2d1676442c8e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_messages" DROP CONSTRAINT "FK_cca1930efa4d2bd4bd29173234f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_messages" DROP CONSTRAINT "FK_5b3b267efe4cfecbd9fa66a8449"`,
    );
    await queryRunner.query(`DROP INDEX "public"."case_messages_case_idx"`);
    await queryRunner.query(`DROP TABLE "case_messages"`);
  }
}
