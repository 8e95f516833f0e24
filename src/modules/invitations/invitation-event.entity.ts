import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Invitation } from './invitation.entity';

export type InvitationEventType =
  | 'queued'
  | 'suppressed'
  | 'throttled'
  | 'sent'
  | 'reminded'
  | 'reminder_skipped'
  | 'bounced'
  | 'unsubscribed'
  | 'expired'
  | 'answered';

/** The append-only timeline of an invitation; its status column is the latest state. */
@Entity('invitation_events')
@Index('invitation_events_invitation_idx', ['invitationId', 'id'])
export class InvitationEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'invitation_id', type: 'uuid' })
  invitationId: string;

  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id' })
  invitation?: Invitation;

  @Column({ type: 'text' })
  type: InvitationEventType;

  /** A short code (why throttled, the SMTP reply class); never personal data. */
  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
