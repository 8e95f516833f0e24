import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** How an endpoint is spoken to: signed JSON, or a chat's incoming webhook (human messages). */
export const WEBHOOK_KINDS = ['standard', 'slack', 'teams'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/**
 * A receiver of webhooks. Its signing secret is kept as it is (signing needs it, unlike an API
 * key's) and shown once; a rotated-out secret keeps signing beside the new one until
 * `previousSecretUntil`.
 */
@Entity('webhook_endpoints')
@Check('webhook_endpoints_kind_check', `kind IN ('standard', 'slack', 'teams')`)
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', default: 'standard' })
  kind: WebhookKind;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** The public event types it takes; null for all of them, present and future. */
  @Column({ name: 'event_types', type: 'text', array: true, nullable: true })
  eventTypes: string[] | null;

  /** Whether it also gets anonymous answers (`response.received` without any identity). */
  @Column({ name: 'include_anonymous', type: 'boolean', default: false })
  includeAnonymous: boolean;

  /** A case's events are delivered one after another, each once the one before succeeded. */
  @Column({ type: 'boolean', default: false })
  ordered: boolean;

  /** Static headers sent with every delivery (an auth token the receiver expects, say). */
  @Column({ type: 'jsonb', default: {} })
  headers: Record<string, string>;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Why it stopped: `gone` (answered 410), `failing` (24 h of failures) or `admin`. */
  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** Since when every attempt has failed; null after a success. */
  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  @Column({ type: 'text' })
  secret: string;

  @Column({ name: 'previous_secret', type: 'text', nullable: true })
  previousSecret: string | null;

  @Column({ name: 'previous_secret_until', type: 'timestamptz', nullable: true })
  previousSecretUntil: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
