import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ConsentEvent } from '../consent/consent-event.entity';
import { Customer } from '../customers/customer.entity';
import { Invitation } from '../invitations/invitation.entity';
import { AnswerColumns } from './answer-columns';

/**
 * An identified response: the customer agreed (`consentEventId`) to answer as themselves, so it
 * carries them and their invitation. One per invitation. Anonymous answers live in
 * `anonymous_responses`, which has no column that could point back to a person.
 */
@Entity('responses')
@Index('responses_customer_idx', ['customerId'])
@Index('responses_consent_event_idx', ['consentEventId'])
@Index('responses_version_submitted_idx', ['surveyVersionId', 'submittedAt'])
/** Reports window answers by when they were given. */
@Index('responses_submitted_idx', ['submittedAt'])
export class SurveyResponse extends AnswerColumns {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

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

  @Column({ name: 'submitted_at', type: 'timestamptz', default: () => 'now()' })
  submittedAt: Date;
}
