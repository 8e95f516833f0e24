import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Locale } from '../../common/i18n/locale';
import { Topic } from './topic.entity';

/**
 * One word or phrase of a topic, in one language: a comment is about the topic when any of its
 * rules matches it. `term` is what the admin wrote ("front desk", "room", "aamiai*"); `query` is
 * it as PostgreSQL full text reads it in the language's configuration (`english`, `finnish`),
 * compiled once when saved (`topic-terms.ts`), so "rooms" matches "room" and "huoneessa" matches
 * "huone".
 */
@Entity('topic_rules')
@Index('topic_rules_topic_idx', ['topicId', 'position'])
@Check('topic_rules_locale', `locale IN ('en', 'fi')`)
export class TopicRule {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'topic_id', type: 'uuid' })
  topicId: string;

  @ManyToOne(() => Topic, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'topic_id' })
  topic?: Topic;

  @Column({ type: 'text' })
  locale: Locale;

  @Column({ type: 'text' })
  term: string;

  @Column({ type: 'tsquery' })
  query: string;

  /** The order the admin wrote the rules in, per topic. */
  @Column({ type: 'integer' })
  position: number;
}
