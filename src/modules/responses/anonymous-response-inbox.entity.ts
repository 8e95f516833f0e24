import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SurveyVersion } from '../surveys/survey-version.entity';
import type { ResponseAnswers } from './response.entity';

/**
 * Anonymous answers waiting to join `anonymous_responses`. A row written in the transaction that
 * marks its invitation answered shares that transaction's id (`xmin`) with the invitation's
 * timeline, and a row's place in the heap tells when it came: so answers wait here and move in
 * batches, in random order, in a transaction of their own (`AnonymousResponseRelease`), after
 * which nothing joins them back. Counts include these rows, so totals stay right meanwhile.
 */
@Entity('anonymous_response_inbox')
export class AnonymousResponseInbox {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'survey_version_id', type: 'uuid' })
  surveyVersionId: string;

  @ManyToOne(() => SurveyVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'survey_version_id' })
  surveyVersion?: SurveyVersion;

  @Column({ type: 'integer' })
  score: number;

  @Column({ type: 'boolean' })
  dissatisfied: boolean;

  @Column({ type: 'jsonb' })
  answers: ResponseAnswers;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'submitted_month', type: 'date' })
  submittedMonth: string;

  /** For the release rule only (the longest an answer waits); gone with the row. */
  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
