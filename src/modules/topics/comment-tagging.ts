import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import type { DomainEventPayloads } from '../../common/events/domain-event-types';
import { anonymousCommentsSql, identifiedCommentsSql } from '../responses/comment-sql';
import { commentWordsColumnsSql, ruleMatchesSql } from './topic-terms';

import '../responses/response-events';

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** Delivered to the topics (the answer's comment is tagged). */
    'response.received': DomainEventPayloads['response.received'];
  }
}

/** Which answers a comment comes from. */
export type CommentKind = 'identified' | 'anonymous';

const SOURCES: Record<CommentKind, { column: string; comments: (where: string) => string }> = {
  identified: { column: 'response_id', comments: identifiedCommentsSql },
  anonymous: { column: 'anonymous_response_id', comments: anonymousCommentsSql },
};

/**
 * Tagging and rule changes take this lock: a change of rules exclusively, every tagging shared.
 * A tagging that began before a change then commits before it, and the change's retag reads its
 * comments again; one that begins after reads the new rules.
 */
export const RULES_LOCK = `hashtext('topics.rules')`;

/**
 * Which topics each comment is about: every active topic one of whose rules matches it. A comment
 * is tagged when its answer is recorded (identified) or released from the anonymous inbox
 * (`response.received`, delivered to this module by a job written in the answer's own statement,
 * so nothing is lost to a killed worker), and again by every retag (`TopicRetag`).
 */
@Injectable()
export class CommentTagging implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // The responses module publishes it from its SQL; its one subscriber here declares it, so the
    // publication also queues its delivery (as the notifications do for the case events).
    this.events.declare('response.received');
    this.events.subscribeBatch('response.received', 'topics', async (events) => {
      await this.tagAnswers(events);
    });
  }

  /** Tags the comments of these answers (ids of either kind), in one transaction. */
  async tagAnswers(answers: { responseId: string; identified: boolean }[]): Promise<void> {
    const ids = (identified: boolean) =>
      answers.filter((a) => a.identified === identified).map((a) => a.responseId);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock_shared(${RULES_LOCK})`);
      await this.tag(manager, 'identified', ids(true));
      await this.tag(manager, 'anonymous', ids(false));
    });
  }

  /**
   * Tags the comments of the answers `ids` of one kind, in the caller's transaction (which holds
   * `RULES_LOCK` shared): their topics become the ones their rules match now, nothing else (an
   * answer without a comment, or whose words were erased, keeps none).
   */
  async tag(manager: EntityManager, kind: CommentKind, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const { column, comments } = SOURCES[kind];
    await manager.query(
      `WITH c AS (
         SELECT id, score, survey_version_id, counted_at, ${commentWordsColumnsSql('comment')}
         FROM ${comments('id = ANY($1::uuid[])')} x
       ),
       matched AS (
         SELECT DISTINCT c.id, r.topic_id, c.counted_at, c.survey_version_id, c.score
         FROM c JOIN topic_rules r ON ${ruleMatchesSql('r', 'c')}
           JOIN topics t ON t.id = r.topic_id AND t.active
       ),
       cleared AS (
         DELETE FROM comment_topics ct WHERE ct.${column} = ANY($1::uuid[])
           AND NOT EXISTS (SELECT 1 FROM matched m WHERE m.id = ct.${column} AND m.topic_id = ct.topic_id)
       )
       INSERT INTO comment_topics (topic_id, ${column}, counted_at, survey_version_id, score)
       SELECT topic_id, id, counted_at, survey_version_id, score FROM matched
       ON CONFLICT (${column}, topic_id) DO NOTHING`,
      [ids],
    );
  }
}
