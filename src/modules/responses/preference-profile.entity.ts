import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Customer } from '../customers/customer.entity';

/**
 * How a customer wants to be served in one context or role (e.g. `family_travel`): the latest.
 * The history is what each identified response stated (`responses.answers.preferences`).
 */
@Entity('preference_profiles')
export class PreferenceProfile {
  @PrimaryColumn({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer?: Customer;

  @PrimaryColumn({ type: 'text' })
  context: string;

  @Column({ type: 'text', nullable: true })
  channel: string | null;

  @Column({ name: 'contact_time', type: 'text', nullable: true })
  contactTime: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  interests: string[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
