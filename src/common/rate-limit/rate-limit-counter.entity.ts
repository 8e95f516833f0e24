import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Counters shared by every replica (sign-in attempts, public form posts). */
@Entity('rate_limit_counters')
export class RateLimitCounter {
  /** `<purpose>:<hashed subject>`, never a raw address or IP. */
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart: Date;

  @Column({ type: 'integer' })
  hits: number;

  /** A slowdown's counter: no attempt before this time (null: the next may come at once). */
  @Column({ name: 'retry_at', type: 'timestamptz', nullable: true })
  retryAt: Date | null;
}
