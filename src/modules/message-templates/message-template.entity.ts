import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Locale } from '../../common/i18n/locale';

/** A template's words in one language. */
export interface MessageTemplateText {
  subject: string;
  body: string;
}

/**
 * A starting point for an agent's email to a customer, managed by admins: a label agents pick it
 * by, and a subject and body in every language customers read (the composer takes the customer's),
 * with placeholders (`message-placeholders.ts`). Retired, not deleted: no longer offered.
 */
@Entity('message_templates')
@Check('message_templates_key', `key ~ '^[a-z][a-z0-9_]{0,59}$'`)
@Check('message_templates_texts', `jsonb_typeof(texts) = 'object'`)
export class MessageTemplate {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'jsonb' })
  texts: Record<Locale, MessageTemplateText>;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
