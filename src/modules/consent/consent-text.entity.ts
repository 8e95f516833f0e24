import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const CONSENT_PURPOSES = ['identified_feedback', 'future_contact'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/**
 * The exact words a customer agreed to, one row per purpose × version × locale. Rows are written
 * from the texts in code at start and never changed: a changed text must get a new version.
 */
@Entity('consent_texts')
@Unique('consent_texts_purpose_version_locale_key', ['purpose', 'version', 'locale'])
@Check('consent_texts_purpose_check', `purpose IN ('identified_feedback', 'future_contact')`)
export class ConsentText {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  purpose: ConsentPurpose;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  locale: string;

  @Column({ type: 'text' })
  body: string;

  /** SHA-256 of `body`, hex: proves which words were shown. */
  @Column({ type: 'text' })
  sha256: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
