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

/** The promises of the answers that open a case, by answer id (the others are left out). */
export type FollowUpPromisesOf = (
  manager: EntityManager,
  responseIds: string[],
) => Promise<Map<string, FollowUpPromise>>;

/**
 * What the thank-you page and email promise an unhappy customer: the first-contact due time of
 * the case their answer opens. The cases module, which opens it from the same answer with the
 * same business-hours arithmetic, tells it (it sits above the answers), so the promise and the
 * deadline an agent works to are one instant.
 */
@Injectable()
export class FollowUpPromises {
  private promisesOf?: FollowUpPromisesOf;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  usePromises(promisesOf: FollowUpPromisesOf): void {
    this.promisesOf = promisesOf;
  }

  /**
   * The promises of many answers as their customers read them ("Wednesday 9 December, 16:00"),
   * each in its `locale`; an answer that opens no case (withdrawn meanwhile, or gone) has none.
   */
  async promiseTextsFor(
    answers: { responseId: string; locale: Locale }[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    if (!this.promisesOf) throw new Error('No module tells when a follow-up contact is due');
    if (answers.length === 0) return new Map();
    const promises = await this.promisesOf(
      manager,
      answers.map((answer) => answer.responseId),
    );
    return new Map(
      answers.flatMap(({ responseId, locale }) => {
        const promise = promises.get(responseId);
        return promise ? [[responseId, deadlineText(locale, promise.by, promise.timeZone)]] : [];
      }),
    );
  }

  /** One answer's promise, as above; null when it opens no case. */
  async promiseTextFor(responseId: string, locale: Locale): Promise<string | null> {
    return (await this.promiseTextsFor([{ responseId, locale }])).get(responseId) ?? null;
  }
}
