import { InvitationPersonalData } from './invitation-personal-data';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { EmailModule } from '../email/email.module';
import { SuppressionsModule } from '../suppressions/suppressions.module';
import { SurveysModule } from '../surveys/surveys.module';
import { InvitationLifecycle } from './invitation-lifecycle';
import { InvitationMail } from './invitation-mail';
import { InvitationRecording } from './invitation-recording';
import { InvitationsController } from './invitations.controller';
import { Invitations360 } from './invitation-360';
import { InvitationsService } from './invitations.service';
import { UnsubscribeController } from './unsubscribe.controller';

@Module({
  imports: [CustomersModule, SurveysModule, SuppressionsModule, EmailModule, RateLimitModule],
  controllers: [InvitationsController, UnsubscribeController],
  providers: [
    InvitationsService,
    InvitationRecording,
    InvitationMail,
    InvitationLifecycle,
    InvitationPersonalData,
    Invitations360,
  ],
  exports: [InvitationsService],
})
export class InvitationsModule {}
