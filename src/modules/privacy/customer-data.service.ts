import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '../../common/privacy/personal-data';
import type { CaseExport } from '../cases/case-personal-data';
import type { ConsentExport } from '../consent/consent-personal-data';
import type { ConsentPurpose } from '../consent/consent-text.entity';
import type { ConsentSource } from '../consent/consent-event.entity';
import { ConsentService } from '../consent/consent.service';
import { lockCustomer } from '../customers/customer-personal-data';
import type { CustomerDto } from '../customers/dto/customer.dto';
import type { EmailExport } from '../email/email-personal-data';
import type { EmailKind } from '../email/email-message.entity';
import { Outbox } from '../email/outbox';
import type { InvitationExport } from '../invitations/invitation-personal-data';
import {
  type PreferencesExport,
  type ResponseExport,
  ResponsePersonalData,
} from '../responses/response-personal-data';
import { CustomerReportDays } from '../reports/customer-report-days';
import { SuppressionsService } from '../suppressions/suppressions.service';

/** The emails each consent allows: withdrawn, those still waiting are cancelled. */
const EMAILS_ALLOWED_BY: Record<ConsentPurpose, EmailKind[]> = {
  identified_feedback: ['thank_you', 'case_message', 'recovery'],
  future_contact: ['case_message'],
};

/** Everything held about a customer, as they would read it: each section from its owner. */
export interface CustomerExport {
  exportedAt: string;
  note: string;
  customer: CustomerDto;
  consents: ConsentExport[];
  invitations: InvitationExport[];
  responses: ResponseExport[];
  preferences: PreferencesExport;
  emails: EmailExport[];
  cases: CaseExport[];
}

/**
 * A customer's rights over what Candor holds about them: see it all (export), withdraw a consent
 * (identified use stops, answers are kept only without their name), and be erased.
 */
@Injectable()
export class CustomerDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consent: ConsentService,
    private readonly suppressions: SuppressionsService,
    private readonly personalData: PersonalDataRegistry,
    private readonly responses: ResponsePersonalData,
    private readonly outbox: Outbox,
    private readonly reportDays: CustomerReportDays,
  ) {}

  /**
   * Withdraws a granted consent, as easily as it was given. For identified feedback the customer's
   * identified answers become anonymous ones (moved, with the month only, so totals stay right),
   * their preference profiles go, and follow-up emails still waiting are cancelled; the follow-up
   * module hears of it to close open cases. Idempotent: withdrawing twice records nothing more.
   */
  async withdraw(
    customerId: string,
    purpose: ConsentPurpose,
    source: ConsentSource,
    invitationId?: string,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await lockCustomer(manager, customerId);
      const current = (await this.consent.currentConsents(customerId, manager)).find(
        (event) => event.purpose === purpose,
      );
      if (!current || current.action !== 'granted') return false;
      await this.consent.record(manager, {
        customerId,
        purpose,
        action: 'withdrawn',
        consentTextId: current.consentTextId,
        source,
        invitationId,
      });
      if (purpose === 'identified_feedback') {
        // The rollups counted these answers as identified: their days are rebuilt.
        await this.reportDays.markStale(manager, customerId);
        await this.responses.deidentify(manager, customerId);
      }
      await this.outbox.cancelForWithdrawnConsent(manager, customerId, EMAILS_ALLOWED_BY[purpose]);
      return true;
    });
  }

  /** Everything held about the customer, as they would read it. */
  async exportData(customerId: string): Promise<CustomerExport> {
    const sections = await this.personalData.exportAll(this.dataSource.manager, customerId);
    return {
      exportedAt: new Date().toISOString(),
      note: 'Everything we hold about you. Answers you gave anonymously are not here: nothing links them to you.',
      ...(sections as Omit<CustomerExport, 'exportedAt' | 'note'>),
    };
  }

  /**
   * Erases the customer: their identified answers and their cases stay without them (no customer,
   * consent or words of theirs, so every figure stays right), their invitations stay for the
   * response rate but lose everything that pointed to them (customer, CRM reference and key,
   * touchpoint time, link token), and every other row about them goes — consents, preferences,
   * emails and their pending jobs, the customer row itself.
   * Only a hash of the address stays, as a suppression, so they are not emailed again by a later
   * import. Each module erases its own tables (see PersonalDataRegistry).
   */
  async erase(customerId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const customer = await lockCustomer(manager, customerId);
      if (!customer) return;
      await this.suppressions.suppress(customer.email, 'erased', manager);
      await this.personalData.eraseAll(manager, customerId);
    });
  }
}
