import { Module } from '@nestjs/common';
import { SuppressionsModule } from '../suppressions/suppressions.module';
import { EmailSender } from './email-sender';
import { Outbox } from './outbox';

/** The outbox and the `email.send` job. Modules that own a kind of email register it with EmailSender. */
@Module({
  imports: [SuppressionsModule],
  providers: [Outbox, EmailSender],
  exports: [Outbox, EmailSender],
})
export class EmailModule {}
