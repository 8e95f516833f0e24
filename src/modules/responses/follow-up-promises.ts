import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { deadlineText } from '../../common/i18n/deadline';
import type { Locale } from '../../common/i18n/locale';

/** When a person will be in touch about an unhappy answer, and the time zone to say it in. */
export interface FollowUpPromise {
  by: Date;
  timeZone: string;
}

export type FollowUpPromiseOf = (
  manager: EntityManager,
  responseId: string,
) => Promise<FollowUpPromise | null>;

/**
 * What the thank-you page and email promise an unhappy customer: the first-contact due time of
 * the case their answer opens. The cases module, which opens it from the same answer with the
 * same business-hours arithmetic, tells it (it sits above the answers), so the promise and the
 * deadline an agent works to are one instant.
 */
@Injectable()
export class FollowUpPromises {
  private promiseOf?: FollowUpPromiseOf;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  usePromises(promiseOf: FollowUpPromiseOf): void {
    this.promiseOf = promiseOf;
  }

  /** Null when the answer opens no case (withdrawn meanwhile, or gone). */
  async promiseFor(
    responseId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FollowUpPromise | null> {
    if (!this.promiseOf) throw new Error('No module tells when a follow-up contact is due');
    return this.promiseOf(manager, responseId);
  }

  /** The promise as the customer reads it ("Wednesday 9 December, 16:00"); null as above. */
  async promiseTextFor(responseId: string, locale: Locale): Promise<string | null> {
    const promise = await this.promiseFor(responseId);
    return promise && deadlineText(locale, promise.by, promise.timeZone);
  }
}
