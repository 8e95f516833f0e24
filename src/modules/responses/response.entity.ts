import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ConsentEvent } from '../consent/consent-event.entity';
import { Customer } from '../customers/customer.entity';
import { Invitation } from '../invitations/invitation.entity';
import { AnswerColumns } from './answer-columns';

/**
 * An identified response: the customer agreed (`consentEventId`) to answer as themselves, so it
 * carries them and their invitation. One per invitation. Anonymous answers live in
 * `anonymous_responses`, which has no column that could point back to a person. An erasure keeps
 * the answer without the person (`erasedAt`: no customer, consent or words of theirs), so the
 * figures it counts in do not change after the fact.
 */
@Entity('responses')
@Index('responses_customer_idx', ['customerId'])
@Index('responses_consent_event_idx', ['consentEventId'])
@Index('responses_version_submitted_idx', ['surveyVersionId', 'submittedAt'])
/** Reports window answers by when they were given. */
@Index('responses_submitted_idx', ['submittedAt'])
/** The explorer's search over comments, in English and Finnish (migration CommentSearch). */
@Index('responses_comment_words_idx', { synchronize: false })
@Check(
  'responses_erased_check',
  `("customer_id" IS NULL OR "consent_event_id" IS NULL) = ("erased_at" IS NOT NULL)`,
)
export class SurveyResponse extends AnswerColumns {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** One identified response per invitation. */
  @Column({ name: 'invitation_id', type: 'uuid', unique: true })
  invitationId: string;

  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id' })
  invitation?: Invitation;

  /** Null once the customer is erased. */
  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  @ManyToOne(() => Customer, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'customer_id' })
  customer?: Customer;

  /** Null once the customer is erased (their consents go with them). */
  @Column({ name: 'consent_event_id', type: 'bigint', nullable: true })
  consentEventId: string | null;

  @ManyToOne(() => ConsentEvent, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'consent_event_id' })
  consentEvent?: ConsentEvent;

  @Column({ name: 'submitted_at', type: 'timestamptz', default: () => 'now()' })
  submittedAt: Date;

  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null;
}
