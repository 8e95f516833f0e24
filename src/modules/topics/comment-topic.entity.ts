import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { AnonymousResponse } from '../responses/anonymous-response.entity';
import { SurveyResponse } from '../responses/response.entity';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { Topic } from './topic.entity';

/**
 * A comment is about a topic: the comment of an identified answer (`responseId`) or of an
 * anonymous one (`anonymousResponseId`, and nothing else that could lead to a person). Written by
 * the tagging (`CommentTagging`) when the answer is recorded or released, and again by a retag
 * when rules change; gone with the answer (cascade) or with an erased customer's words.
 *
 * What the topic reports read is copied from the answer, which never changes: when it counts
 * (`countedAt`: an identified answer's time; an anonymous one's month's 16th, where the reports
 * count it), its survey version and score. So comments per topic per period, or per week
 * (`comment_topics_time_topic_idx`), are read from this table alone.
 */
@Entity('comment_topics')
@Unique('comment_topics_response_key', ['responseId', 'topicId'])
@Unique('comment_topics_anonymous_key', ['anonymousResponseId', 'topicId'])
@Index('comment_topics_time_topic_idx', ['countedAt', 'topicId'])
@Check('comment_topics_one_answer', `(response_id IS NULL) <> (anonymous_response_id IS NULL)`)
export class CommentTopic {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'topic_id', type: 'uuid' })
  topicId: string;

  @ManyToOne(() => Topic, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'topic_id' })
  topic?: Topic;

  @Column({ name: 'response_id', type: 'uuid', nullable: true })
  responseId: string | null;

  @ManyToOne(() => SurveyResponse, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'response_id' })
  response?: SurveyResponse;

  @Column({ name: 'anonymous_response_id', type: 'uuid', nullable: true })
  anonymousResponseId: string | null;

  @ManyToOne(() => AnonymousResponse, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'anonymous_response_id' })
  anonymousResponse?: AnonymousResponse;

  @Column({ name: 'counted_at', type: 'timestamptz' })
  countedAt: Date;

  @Column({ name: 'survey_version_id', type: 'uuid' })
  surveyVersionId: string;

  @ManyToOne(() => SurveyVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_version_id' })
  surveyVersion?: SurveyVersion;

  @Column({ type: 'integer' })
  score: number;
}
