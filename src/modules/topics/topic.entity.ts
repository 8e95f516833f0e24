import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Locale } from '../../common/i18n/locale';

/**
 * What customers' comments are about ("Room cleanliness", "Breakfast"), as admins define it: a
 * name in every language the console speaks, and rules per language (`topic_rules`). A topic
 * switched off (`active` false) keeps its rules but tags no comment.
 */
@Entity('topics')
@Check('topics_names', `jsonb_typeof(names) = 'object'`)
export class Topic {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'jsonb' })
  names: Record<Locale, string>;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
