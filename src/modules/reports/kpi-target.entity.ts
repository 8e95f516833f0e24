import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Survey } from '../surveys/survey.entity';
import { Team } from '../users/team.entity';
import { User } from '../users/user.entity';
import type { KpiName } from './kpis';

/**
 * A manager's target for one KPI: the company's (no survey, no team), or one survey's, one team's,
 * or both. A report takes the most specific one matching its filter (`applicableTargets`). One
 * target per KPI and scope: the unique index reads a missing survey or team as a value
 * (migration KpiTargets), which TypeORM cannot declare.
 */
@Entity('kpi_targets')
@Index('kpi_targets_scope_key', { synchronize: false })
export class KpiTarget {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kpi: KpiName;

  /** Null: every survey. */
  @Column({ name: 'survey_id', type: 'uuid', nullable: true })
  surveyId: string | null;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: Survey;

  /** Null: every team. */
  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => Team, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id' })
  team?: Team;

  /** In the KPI's own unit: a rate as a fraction, a percentage as 0–100, hours. */
  @Column({ type: 'double precision' })
  value: number;

  /** Who set it last; null once that person is deleted. */
  @Column({ name: 'set_by', type: 'uuid', nullable: true })
  setBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'set_by' })
  setter?: User;

  @Column({ name: 'set_at', type: 'timestamptz', default: () => 'now()' })
  setAt: Date;
}
