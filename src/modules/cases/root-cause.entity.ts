import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The managed taxonomy a resolved case names its root cause from (delivery, product quality,
 * billing, staff, communication, other to begin with; managers may add, rename and retire).
 * Retired, not deleted: resolved cases keep pointing at the key they were resolved with.
 */
@Entity('root_causes')
export class RootCause {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  label: string;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;
}
