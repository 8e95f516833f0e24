import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case the customer's withdrawn consent ended is public as `case.closed` (its entry `withdrawn`):
 * a CRM mirroring the case learns that it ended, where before only `consent.withdrawn` told, and
 * its ticket stayed open. The mapping is the code's catalogue (`webhook-catalogue.ts`).
 */
export class WebhookWithdrawnCases1796690000000 implements MigrationInterface {
  name = 'WebhookWithdrawnCases1796690000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION webhook_public_type(domain_type text) RETURNS text
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
          WHEN 'case.withdrawn' THEN 'case.closed'
          WHEN 'case.escalated' THEN 'case.overdue'
          WHEN 'preferences.updated' THEN 'preferences.updated'
          WHEN 'consent.granted' THEN 'consent.granted'
          WHEN 'consent.withdrawn' THEN 'consent.withdrawn'
          WHEN 'customer.erased' THEN 'customer.erased'
          WHEN 'invitation.bounced' THEN 'invitation.bounced'
          WHEN 'invitation.unsubscribed' THEN 'customer.unsubscribed'
        END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION webhook_public_type(domain_type text) RETURNS text
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
  }
}
