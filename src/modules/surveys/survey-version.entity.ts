import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type {
  ContactPolicy,
  FollowUpPolicy,
  PreferenceOptions,
  Question,
  Scale,
  SurveyTexts,
} from './survey-definition';
import { Survey } from './survey.entity';

/** One immutable version of a survey; responses and invitations point at the version they used. */
@Entity('survey_versions')
@Index('survey_versions_survey_version_key', ['surveyId', 'version'], { unique: true })
@Check('survey_versions_scale_check', `scale IN ('csat5', 'nps', 'ces7')`)
export class SurveyVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: Survey;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  scale: Scale;

  @Column({ type: 'jsonb' })
  questions: Question[];

  @Column({ type: 'jsonb' })
  preferences: PreferenceOptions;

  @Column({ name: 'dissatisfied_at_or_below', type: 'integer' })
  dissatisfiedAtOrBelow: number;

  @Column({ name: 'follow_up', type: 'jsonb' })
  followUp: FollowUpPolicy;

  @Column({ name: 'contact_policy', type: 'jsonb' })
  contactPolicy: ContactPolicy;

  /** Texts per locale; `en` is always present. */
  @Column({ type: 'jsonb' })
  texts: Record<string, SurveyTexts>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
