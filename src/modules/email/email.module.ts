import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { SuppressionsModule } from '../suppressions/suppressions.module';
import { ContactHistory } from './contact-history';
import { EmailRenderer } from './email-renderer';
import { EmailPersonalData } from './email-personal-data';
import { EmailSender } from './email-sender';
import { Outbox } from './outbox';

/** The outbox and the `email.send` job. Modules that own a kind of email register it with EmailSender. */
@Module({
  imports: [SuppressionsModule, CustomersModule],
  providers: [
    Outbox,
    EmailSender,
    EmailPersonalData,
    ContactHistory,
    // Compiles every email template once, at start, for all the modules that compose emails.
    { provide: EmailRenderer, useFactory: () => new EmailRenderer() },
  ],
  exports: [Outbox, EmailSender, EmailRenderer],
})
export class EmailModule {}
