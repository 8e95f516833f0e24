import { ConsentPersonalData } from './consent-personal-data';
import { Global, Module } from '@nestjs/common';
import { ConsentService } from './consent.service';
import { CustomersModule } from '../customers/customers.module';
import { Consents360 } from './consent-360';

@Global()
@Module({
  imports: [CustomersModule],
  providers: [ConsentService, ConsentPersonalData, Consents360],
  exports: [ConsentService],
})
export class ConsentModule {}
