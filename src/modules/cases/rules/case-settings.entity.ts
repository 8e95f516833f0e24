import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { BusinessCalendar } from '../business-hours';
import type { PriorityRule, RoutingRule } from './case-rules';

/**
 * How new cases are routed, prioritised and timed: one row, replaced whole by managers. Until
 * the first save, the built-in defaults apply (DEFAULT_CALENDAR, no rules).
 */
@Entity('case_settings')
@Check('case_settings_single_row', 'id = 1')
export class CaseSettingsRow {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ type: 'jsonb' })
  calendar: BusinessCalendar;

  @Column({ type: 'jsonb' })
  routing: RoutingRule[];

  @Column({ name: 'priority_rules', type: 'jsonb' })
  priorityRules: PriorityRule[];

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
