import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Targets per KPI (issue 16): the company's, or one survey's, one team's, or both, with who set
 * each and when. One per KPI and scope: the unique index reads a missing survey or team as the
 * nil UUID, so that two company-wide targets for one KPI cannot both exist (NULLs are distinct
 * in a plain unique constraint).
 */
export class KpiTargets1796610000000 implements MigrationInterface {
  name = 'KpiTargets1796610000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "kpi_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kpi" text NOT NULL, "survey_id" uuid, "team_id" uuid, "value" double precision NOT NULL, "set_by" uuid, "set_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_88ef409223cd8f63665ca1cc0c4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "kpi_targets_scope_key" ON "kpi_targets" ("kpi", coalesce("survey_id", '00000000-0000-0000-0000-000000000000'), coalesce("team_id", '00000000-0000-0000-0000-000000000000'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "kpi_targets" ADD CONSTRAINT "FK_563a12901c380937ed9f89382fe" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "kpi_targets" ADD CONSTRAINT "FK_9a247d6b99581635405338aabdd" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "kpi_targets" ADD CONSTRAINT "FK_3af6ee3deebdd9c8426c85aae53" FOREIGN KEY ("set_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "kpi_targets"`);
  }
}
