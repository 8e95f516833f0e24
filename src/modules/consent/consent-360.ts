import { Injectable, OnModuleInit } from '@nestjs/common';
import { Customer360 } from '../customers/customer-360';
import { ConsentService } from './consent.service';

/** The customer 360's consents: the latest decision per purpose, with its text's version. */
@Injectable()
export class Consents360 implements OnModuleInit {
  constructor(
    private readonly customer360: Customer360,
    private readonly consent: ConsentService,
  ) {}

  onModuleInit(): void {
    this.customer360.addSection('consents', async (customerId) =>
      (await this.consent.currentConsents(customerId)).map((consent) => ({
        purpose: consent.purpose,
        action: consent.action,
        textVersion: consent.textVersion,
        at: consent.occurredAt.toISOString(),
      })),
    );
  }
}
