import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Customer } from '../customers/customer.entity';

/** The history of `preference_profiles`: every stated preference, append-only. */
@Entity('preference_changes')
@Index('preference_changes_customer_idx', ['customerId', 'context', 'id'])
export class PreferenceChange {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer?: Customer;

  @Column({ type: 'text' })
  context: string;

  @Column({ type: 'text', nullable: true })
  channel: string | null;

  @Column({ name: 'contact_time', type: 'text', nullable: true })
  contactTime: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  interests: string[];

  /** The identified response it came from. */
  @Column({ name: 'response_id', type: 'uuid', nullable: true })
  responseId: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
