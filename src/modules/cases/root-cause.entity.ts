import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The managed taxonomy a resolved case names its root cause from (delivery, product quality,
 * billing, staff, communication, other to begin with; managers may add more).
 */
@Entity('root_causes')
export class RootCause {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  label: string;
}
