import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../users/user.entity';

/** A person's switches in "My settings"; no row means everything is on. */
@Entity('notification_settings')
export class NotificationSettingsRow {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ name: 'case_assigned', type: 'boolean', default: true })
  caseAssigned: boolean;

  @Column({ name: 'customer_replied', type: 'boolean', default: true })
  customerReplied: boolean;

  @Column({ name: 'unassigned_digest', type: 'boolean', default: true })
  unassignedDigest: boolean;

  @Column({ name: 'weekly_digest', type: 'boolean', default: true })
  weeklyDigest: boolean;

  @Column({ name: 'kpi_alerts', type: 'boolean', default: true })
  kpiAlerts: boolean;

  @Column({ name: 'topic_alerts', type: 'boolean', default: true })
  topicAlerts: boolean;

  @Column({ name: 'webhook_disabled', type: 'boolean', default: true })
  webhookDisabled: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
