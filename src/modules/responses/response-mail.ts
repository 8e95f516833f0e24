import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Customer } from '../customers/customer.entity';
import type { ComposedEmail } from '../email/email-kinds';
import type { EmailMessage } from '../email/email-message.entity';
import { EmailRenderer } from '../email/email-renderer';
import { EmailSender } from '../email/email-sender';
import { invitationToken } from '../invitations/invitation-tokens';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { SurveyResponse } from './response.entity';
import { pageLocale } from './survey-page';

/**
 * The `thank_you` email after an identified, unhappy answer: thanks, and within how many hours a
 * person will be in touch. Composed only while the answer is still identified (a withdrawn
 * consent turns it into an anonymous answer, and the email is then no longer wanted).
 */
@Injectable()
export class ResponseMail implements OnModuleInit {
  private readonly renderer = new EmailRenderer();

  constructor(
    private readonly sender: EmailSender,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.sender.registerKind('thank_you', {
      compose: (emails) => this.compose(emails),
      onSent: async () => {},
      onBounced: async () => {},
    });
  }

  private async compose(emails: EmailMessage[]): Promise<Map<string, ComposedEmail | null>> {
    const ids = emails.flatMap((email) => email.invitationId ?? []);
    const responses = await this.dataSource
      .getRepository(SurveyResponse)
      .findBy({ invitationId: In(ids) });
    const [customers, versions] = await Promise.all([
      this.dataSource
        .getRepository(Customer)
        .findBy({ id: In(responses.map((r) => r.customerId)) }),
      this.dataSource
        .getRepository(SurveyVersion)
        .findBy({ id: In([...new Set(responses.map((r) => r.surveyVersionId))]) }),
    ]);
    const composed = new Map<string, ComposedEmail | null>();
    for (const email of emails) {
      const response = responses.find((r) => r.invitationId === email.invitationId);
      const customer = customers.find((c) => c.id === response?.customerId);
      const version = versions.find((v) => v.id === response?.surveyVersionId);
      if (!response?.dissatisfied || !customer || !version) {
        composed.set(email.id, null);
        continue;
      }
      const token = invitationToken(this.config.tokenSecret, response.invitationId);
      const rendered = this.renderer.render('follow-up-notice', {
        locale: pageLocale(customer.locale),
        companyName: this.config.companyName,
        customerName: customer.name,
        firstContactHours: version.followUp.firstContactHours,
        privacyUrl: `${this.config.publicBaseUrl}/p/${token}`,
        unsubscribeUrl: `${this.config.publicBaseUrl}/u/${token}`,
      });
      composed.set(email.id, rendered);
    }
    return composed;
  }
}
