import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Customer } from '../customers/customer.entity';
import { Invitation } from '../invitations/invitation.entity';
import { ConsentText, type ConsentPurpose } from './consent-text.entity';

export type ConsentAction = 'granted' | 'withdrawn';
export type ConsentSource = 'survey_page' | 'privacy_center' | 'api';

/**
 * Append-only (a trigger refuses UPDATE): a customer granted or withdrew a purpose, having seen
 * a given text, somewhere. Their current consent per purpose is the latest event.
 */
@Entity('consent_events')
@Index('consent_events_customer_idx', ['customerId', 'purpose', 'id'])
@Index('consent_events_invitation_idx', ['invitationId'])
@Check('consent_events_action_check', `action IN ('granted', 'withdrawn')`)
@Check('consent_events_source_check', `source IN ('survey_page', 'privacy_center', 'api')`)
export class ConsentEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer?: Customer;

  @Column({ type: 'text' })
  purpose: ConsentPurpose;

  @Column({ type: 'text' })
  action: ConsentAction;

  @Column({ name: 'consent_text_id', type: 'uuid' })
  consentTextId: string;

  @ManyToOne(() => ConsentText, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'consent_text_id' })
  consentText?: ConsentText;

  @Column({ type: 'text' })
  source: ConsentSource;

  @Column({ name: 'invitation_id', type: 'uuid', nullable: true })
  invitationId: string | null;

  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id' })
  invitation?: Invitation;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
