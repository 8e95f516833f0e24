import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { SurveyVersion } from '../surveys/survey-version.entity';

/** What a customer answered, beyond the score: choices by question id, and their preferences. */
export interface ResponseAnswers {
  questions: Record<string, string | string[]>;
  preferences: ContextPreference[];
}

export interface ContextPreference {
  context: string;
  channel: string | null;
  contactTime: string | null;
  interests: string[];
}

/** What every answer holds, identified or anonymous: the survey version, the score, the rest. */
export abstract class AnswerColumns {
  @Column({ name: 'survey_version_id', type: 'uuid' })
  surveyVersionId: string;

  @ManyToOne(() => SurveyVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'survey_version_id' })
  surveyVersion?: SurveyVersion;

  @Column({ type: 'integer' })
  score: number;

  /** At or below the survey version's threshold when answered. */
  @Column({ type: 'boolean' })
  dissatisfied: boolean;

  @Column({ type: 'jsonb' })
  answers: ResponseAnswers;

  @Column({ type: 'text', nullable: true })
  comment: string | null;
}

/**
 * An anonymous answer's columns: no more than every answer's, the month it came in, and where.
 */
export abstract class AnonymousAnswerColumns extends AnswerColumns {
  /** The first day of the month it was submitted in (UTC). */
  @Column({ name: 'submitted_month', type: 'date' })
  submittedMonth: string;

  /**
   * Where the touchpoint happened and how (its invitation's, docs/privacy.md "Anonymity"): a
   * place and a way of contact many customers share. Never the member of staff who served them.
   */
  @Column({ name: 'touchpoint_location', type: 'text', nullable: true })
  touchpointLocation: string | null;

  @Column({ name: 'touchpoint_channel', type: 'text', nullable: true })
  touchpointChannel: string | null;
}
