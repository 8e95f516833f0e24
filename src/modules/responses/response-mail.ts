import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { COMPANY_CONFIG, type CompanyConfig } from '../../config/config-sections';
import { Customer } from '../customers/customer.entity';
import { joinCustomerOf, lockCustomersSql } from '../customers/customer-sql';
import type { ComposedEmail } from '../email/email-kinds';
import type { EmailMessage } from '../email/email-message.entity';
import { EmailRenderer } from '../email/email-renderer';
import { EmailSender } from '../email/email-sender';
import { Outbox } from '../email/outbox';
import { emailQueuedForInvitationSql } from '../email/outbox-sql';
import { DomainEvents } from '../../common/events/domain-events';
import { localeFor } from '../../common/i18n/locale';
import { SurveyLinks } from '../../common/links/survey-links';
import { FollowUpPromises } from './follow-up-promises';
import { SurveyResponse } from './response.entity';

/**
 * The `thank_you` email after an identified, unhappy answer (queued on `response.dissatisfied`):
 * thanks, and within how many hours a person will be in touch. Composed only while the answer is still identified (a withdrawn
 * consent turns it into an anonymous answer, and the email is then no longer wanted).
 */
@Injectable()
export class ResponseMail implements OnModuleInit {
  constructor(
    private readonly sender: EmailSender,
    private readonly renderer: EmailRenderer,
    private readonly outbox: Outbox,
    private readonly events: DomainEvents,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMPANY_CONFIG) private readonly config: CompanyConfig,
    private readonly links: SurveyLinks,
    private readonly promises: FollowUpPromises,
  ) {}

  onModuleInit(): void {
    this.events.subscribeBatch('response.dissatisfied', 'thank-you-email', (events) =>
      this.queueThankYous(events.map((event) => event.responseId)),
    );
    this.sender.registerKind('thank_you', {
      compose: (emails) => this.compose(emails),
    });
  }

  /**
   * Queues the thank-you emails for unhappy, identified answers, once each: deliveries of the
   * event may repeat, so the customers' rows are locked and an existing email wins. A response
   * gone since (consent withdrawn, customer erased) gets none.
   */
  private async queueThankYous(responseIds: string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // The customers' rows first, as every writer about them (in id order: two batches never
      // wait on each other crosswise); then the answers read again under the locks.
      await manager.query(
        lockCustomersSql(
          'id IN (SELECT customer_id FROM responses WHERE id = ANY($1::uuid[]))',
          'UPDATE',
        ),
        [responseIds],
      );
      const owed = await manager.query<
        { customer_id: string; invitation_id: string; email: string }[]
      >(
        `SELECT DISTINCT ON (r.invitation_id) r.customer_id, r.invitation_id, c.email
         FROM responses r ${joinCustomerOf('r.customer_id', 'c')}
         WHERE r.id = ANY($1::uuid[])
           AND NOT ${emailQueuedForInvitationSql('thank_you', 'r.invitation_id')}`,
        [responseIds],
      );
      await this.outbox.queueEmails(
        manager,
        owed.map((row) => ({
          kind: 'thank_you',
          recipient: row.email,
          customerId: row.customer_id,
          invitationId: row.invitation_id,
        })),
      );
    });
  }

  private async compose(emails: EmailMessage[]): Promise<Map<string, ComposedEmail | null>> {
    const ids = emails.flatMap((email) => email.invitationId ?? []);
    const responses = await this.dataSource
      .getRepository(SurveyResponse)
      .findBy({ invitationId: In(ids) });
    const customers = await this.dataSource
      .getRepository(Customer)
      .findBy({ id: In(responses.map((r) => r.customerId)) });
    const localeOf = (response: SurveyResponse) =>
      localeFor(customers.find((c) => c.id === response.customerId)?.locale ?? 'en');
    // When each case is due its first contact, for all of them in one query.
    const promises = await this.promises.promiseTextsFor(
      responses.map((response) => ({ responseId: response.id, locale: localeOf(response) })),
    );
    const composed = new Map<string, ComposedEmail | null>();
    for (const email of emails) {
      const response = responses.find((r) => r.invitationId === email.invitationId);
      const customer = customers.find((c) => c.id === response?.customerId);
      const locale = localeFor(customer?.locale ?? 'en');
      const contactBy = response && promises.get(response.id);
      if (!contactBy || !customer) {
        composed.set(email.id, null);
        continue;
      }
      const rendered = this.renderer.render('thank-you', {
        locale,
        companyName: this.config.companyName,
        customerName: customer.name,
        contactBy,
        ...this.links.customerEmailLinks(response.invitationId),
      });
      composed.set(email.id, rendered);
    }
    return composed;
  }
}
