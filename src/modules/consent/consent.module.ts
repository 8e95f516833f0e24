import { ConsentPersonalData } from './consent-personal-data';
import { Global, Module } from '@nestjs/common';
import { ConsentService } from './consent.service';

@Global()
@Module({ providers: [ConsentService, ConsentPersonalData], exports: [ConsentService] })
export class ConsentModule {}
