import { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomersAndSurveys1795513908102 implements MigrationInterface {
  name = 'CustomersAndSurveys1795513908102';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "customers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" text NOT NULL, "email" text NOT NULL, "name" text, "locale" text NOT NULL DEFAULT 'en', "attributes" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e43cbaa500c383dc7f07915daa6" UNIQUE ("external_id"), CONSTRAINT "PK_133ec679a801fab5e070f73d3ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "surveys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "name" text NOT NULL, "current_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_0f8ffd21dc4203ebb2142d14087" UNIQUE ("key"), CONSTRAINT "PK_1b5e3d4aaeb2321ffa98498c971" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "version" integer NOT NULL, "name" text NOT NULL, "scale" text NOT NULL, "questions" jsonb NOT NULL, "preferences" jsonb NOT NULL, "dissatisfied_at_or_below" integer NOT NULL, "follow_up" jsonb NOT NULL, "contact_policy" jsonb NOT NULL, "texts" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "survey_versions_scale_check" CHECK (scale IN ('csat5', 'nps', 'ces7')), CONSTRAINT "PK_0e16b8f1e8c4bd46feb3b789b57" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "survey_versions_survey_version_key" ON "survey_versions"  ("survey_id", "version") `,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_versions" ADD CONSTRAINT "FK_81ecfec8c0187ca21962a58fa9b" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "survey_versions" DROP CONSTRAINT "FK_81ecfec8c0187ca21962a58fa9b"`,
    );
    await queryRunner.query(`DROP INDEX "public"."survey_versions_survey_version_key"`);
    await queryRunner.query(`DROP TABLE "survey_versions"`);
    await queryRunner.query(`DROP TABLE "surveys"`);
    await queryRunner.query(`DROP TABLE "customers"`);
  }
}
