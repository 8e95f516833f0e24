import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalData, PersonalDataRegistry } from '../../common/privacy/personal-data';
import { responseIdsOfCustomerSql } from '../responses/comment-sql';

/**
 * What a customer's comments were about goes with their words. An erasure keeps the answer
 * without them (its comment replaced), so its topics go too; at the first step, while the
 * answers still name the customer. Nothing to export: topics are drawn from the comments, which
 * the export holds. (A withdrawal's de-identification deletes the answers, and their topics with
 * them: the anonymous answers they become are tagged when released.)
 */
@Injectable()
export class TopicPersonalData implements PersonalData, OnModuleInit {
  readonly tables = ['comment_topics'];
  readonly erasureStep = 'read';

  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async erase(manager: EntityManager, customerId: string): Promise<void> {
    await manager.query(
      `DELETE FROM comment_topics WHERE response_id IN ${responseIdsOfCustomerSql('$1')}`,
      [customerId],
    );
  }
}
