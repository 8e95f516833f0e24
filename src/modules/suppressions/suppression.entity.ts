import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const SUPPRESSION_REASONS = ['unsubscribed', 'bounced', 'complaint', 'erased'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/**
 * Addresses Candor must not write to. Only a SHA-256 of the normalised address is kept, so the
 * list still works after a person is erased without holding their address.
 */
@Entity('suppressions')
@Check('suppressions_reason_check', `reason IN ('unsubscribed', 'bounced', 'complaint', 'erased')`)
export class Suppression {
  @PrimaryColumn({ name: 'address_hash', type: 'text' })
  addressHash: string;

  @Column({ type: 'text' })
  reason: SuppressionReason;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
