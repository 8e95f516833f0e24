import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ConsentEvent } from '../consent/consent-event.entity';
import { Customer } from '../customers/customer.entity';
import { Invitation } from '../invitations/invitation.entity';
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

/**
 * An identified response: the customer agreed (`consentEventId`) to answer as themselves, so it
 * carries them and their invitation. One per invitation. Anonymous answers live in
 * `anonymous_responses`, which has no column that could point back to a person.
 */
@Entity('responses')
@Index('responses_customer_idx', ['customerId'])
@Index('responses_consent_event_idx', ['consentEventId'])
@Index('responses_version_submitted_idx', ['surveyVersionId', 'submittedAt'])
export class SurveyResponse {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'survey_version_id', type: 'uuid' })
  surveyVersionId: string;

  @ManyToOne(() => SurveyVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'survey_version_id' })
  surveyVersion?: SurveyVersion;

  /** One identified response per invitation. */
  @Column({ name: 'invitation_id', type: 'uuid', unique: true })
  invitationId: string;

  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id' })
  invitation?: Invitation;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer?: Customer;

  @Column({ name: 'consent_event_id', type: 'bigint' })
  consentEventId: string;

  @ManyToOne(() => ConsentEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consent_event_id' })
  consentEvent?: ConsentEvent;

  @Column({ type: 'integer' })
  score: number;

  /** At or below the survey version's threshold when answered. */
  @Column({ type: 'boolean' })
  dissatisfied: boolean;

  @Column({ type: 'jsonb' })
  answers: ResponseAnswers;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', default: () => 'now()' })
  submittedAt: Date;
}
