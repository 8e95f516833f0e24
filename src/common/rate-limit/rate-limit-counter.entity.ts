import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Fixed-window counters shared by every replica (login attempts, public form posts). */
@Entity('rate_limit_counters')
export class RateLimitCounter {
  /** `<purpose>:<hashed subject>`, never a raw address or IP. */
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart: Date;

  @Column({ type: 'integer' })
  hits: number;
}
