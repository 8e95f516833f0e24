import { MigrationInterface, QueryRunner } from 'typeorm';

export class ErasableInvitations1795519786920 implements MigrationInterface {
  name = 'ErasableInvitations1795519786920';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "invitations" DROP CONSTRAINT "FK_18d33517acf0794649ce4172bbb"`,
    );
    await queryRunner.query(`DROP INDEX "public"."invitations_customer_created_idx"`);
    await queryRunner.query(`ALTER TABLE "invitations" ALTER COLUMN "customer_id" DROP NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "invitations_customer_created_idx" ON "invitations"  ("customer_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_18d33517acf0794649ce4172bbb" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  /** Fails once a customer was erased (their invitations have no customer): restore a backup. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "invitations" DROP CONSTRAINT "FK_18d33517acf0794649ce4172bbb"`,
    );
    await queryRunner.query(`DROP INDEX "public"."invitations_customer_created_idx"`);
    await queryRunner.query(`ALTER TABLE "invitations" ALTER COLUMN "customer_id" SET NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "invitations_customer_created_idx" ON "invitations" ("customer_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_18d33517acf0794649ce4172bbb" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }
}
