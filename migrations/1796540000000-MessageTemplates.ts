import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message templates move from code to a table admins manage: a label, a subject and body per
 * language (jsonb keyed by locale), retired rather than deleted. The three templates that were in
 * code are written at start into an empty table (`DEFAULT_MESSAGE_TEMPLATES`), as root causes are.
 */
export class MessageTemplates1796540000000 implements MigrationInterface {
  name = 'MessageTemplates1796540000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "message_templates" ("key" text NOT NULL, "label" text NOT NULL, "texts" jsonb NOT NULL, "retired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "message_templates_texts" CHECK (jsonb_typeof(texts) = 'object'), CONSTRAINT "message_templates_key" CHECK (key ~ '^[a-z][a-z0-9_]{0,59}$'), CONSTRAINT "PK_message_templates" PRIMARY KEY ("key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "message_templates"`);
  }
}
