import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { SurveyVersion } from '../surveys/survey-version.entity';
import type { ResponseAnswers } from './response.entity';

/**
 * An anonymous answer. By design this table has no customer, invitation, token, address or
 * precise time: only the survey version and the month, so that counts stay right and nothing can
 * join a row back to the person who wrote it.
 */
@Entity('anonymous_responses')
@Index('anonymous_responses_version_month_idx', ['surveyVersionId', 'submittedMonth'])
@Check('anonymous_responses_month_check', `extract(day FROM submitted_month) = 1`)
export class AnonymousResponse {
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

  /** The first day of the month it was submitted in (UTC). */
  @Column({ name: 'submitted_month', type: 'date' })
  submittedMonth: string;
}
