import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CustomersModule } from '../customers/customers.module';
import { EmailModule } from '../email/email.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { ReportsModule } from '../reports/reports.module';
import { ResponsesModule } from '../responses/responses.module';
import { SuppressionsModule } from '../suppressions/suppressions.module';
import { CustomerDataService } from './customer-data.service';
import { CustomerPrivacyController } from './customer-privacy.controller';
import { PrivacyCenterController } from './privacy-center.controller';

/** Customers' rights and view: "Your feedback" (the privacy center), export, withdrawal, erasure. */
@Module({
  imports: [
    CasesModule,
    CustomersModule,
    SuppressionsModule,
    EmailModule,
    ResponsesModule,
    InvitationsModule,
    ReportsModule,
    RateLimitModule,
  ],
  controllers: [PrivacyCenterController, CustomerPrivacyController],
  providers: [CustomerDataService],
})
export class PrivacyModule {}
