import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { KpiTarget } from '../reports/kpi-target.entity';

/**
 * A target's verdict when last looked at (KpiAlerts): a crossing is a change of it, told once.
 * No row yet: the target was never looked at; its first verdict is told only when it is a miss.
 */
@Entity('kpi_alert_states')
@Check('kpi_alert_states_verdict_check', `verdict IN ('met', 'missed')`)
export class KpiAlertState {
  @PrimaryColumn({ name: 'target_id', type: 'uuid' })
  targetId: string;

  @ManyToOne(() => KpiTarget, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'target_id' })
  target?: KpiTarget;

  @Column({ type: 'text' })
  verdict: 'met' | 'missed';

  /** The KPI's value that gave the verdict; null when the figure could not be computed. */
  @Column({ type: 'double precision', nullable: true })
  value: number | null;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;
}
