import { MigrationInterface, QueryRunner } from 'typeorm';

export class AnonymousResponseInbox1795521642856 implements MigrationInterface {
  name = 'AnonymousResponseInbox1795521642856';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "anonymous_response_inbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_version_id" uuid NOT NULL, "score" integer NOT NULL, "dissatisfied" boolean NOT NULL, "answers" jsonb NOT NULL, "comment" text, "submitted_month" date NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_34e7ccd6f387925924c976d1bc9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "anonymous_response_inbox" ADD CONSTRAINT "FK_7d97a0574c2dfa2abfe0e5894ff" FOREIGN KEY ("survey_version_id") REFERENCES "survey_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "anonymous_response_inbox" DROP CONSTRAINT "FK_7d97a0574c2dfa2abfe0e5894ff"`,
    );
    await queryRunner.query(`DROP TABLE "anonymous_response_inbox"`);
  }
}
