import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Outbox } from '../email/outbox';
import { preferredContactTimeOf } from '../responses/preference-profiles';
import { contactWindowOf } from '../surveys/contact-windows';
import { addBusinessHours } from './business-hours';
import { CaseSettingsService } from './rules/case-settings.service';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/**
 * Holds Candor's own emails to a customer (reminders, the recovery survey) for the contact time
 * they stated, read in the business calendar's time zone. Registered with the outbox, which sits
 * below the modules that know the preferences and the calendar.
 */
@Injectable()
export class PreferredContactTimes implements OnModuleInit {
  constructor(
    private readonly outbox: Outbox,
    private readonly settings: CaseSettingsService,
  ) {}

  onModuleInit(): void {
    this.outbox.usePreferredTimes((manager, customerId, notBefore) =>
      this.firstMomentFor(manager, customerId, notBefore),
    );
  }

  /** The first moment at or after `notBefore` in the customer's preferred contact time. */
  async firstMomentFor(manager: EntityManager, customerId: string, notBefore: Date): Promise<Date> {
    const window = contactWindowOf(await preferredContactTimeOf(manager, customerId));
    if (!window) return notBefore;
    const { calendar } = await this.settings.current(manager);
    // The window as a calendar open every day: zero hours from `notBefore` is its next opening.
    return addBusinessHours(notBefore, 0, {
      timeZone: calendar.timeZone,
      weekdays: EVERY_DAY,
      opensAt: window.from,
      closesAt: window.to,
      holidays: [],
    });
  }
}
