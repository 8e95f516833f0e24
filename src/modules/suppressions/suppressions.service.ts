import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { normaliseEmail } from '../../common/validation/email';
import { Suppression, SuppressionReason } from './suppression.entity';

export const addressHash = (email: string): string =>
  createHash('sha256').update(normaliseEmail(email)).digest('hex');

@Injectable()
export class SuppressionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async suppressionFor(
    email: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Suppression | null> {
    return manager.findOneBy(Suppression, { addressHash: addressHash(email) });
  }

  /** The suppressions among many addresses, keyed by the address as given. */
  async suppressionsFor(
    emails: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, Suppression>> {
    const hashes = new Map(emails.map((email) => [addressHash(email), email]));
    const found = await manager.findBy(Suppression, { addressHash: In([...hashes.keys()]) });
    return new Map(found.map((row) => [hashes.get(row.addressHash)!, row]));
  }

  /** Idempotent: the first reason recorded for an address stays. */
  async suppress(
    email: string,
    reason: SuppressionReason,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(Suppression)
      .values({ addressHash: addressHash(email), reason })
      .orIgnore()
      .execute();
  }
}
