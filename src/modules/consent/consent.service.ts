import { Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import type { DomainEventPayloads } from '../../common/events/domain-event-types';
import { DEFAULT_LOCALE } from '../../common/i18n/locale';
import { COMPANY_CONFIG, type CompanyConfig } from '../../config/config-sections';
import type { ConsentAction, ConsentSource } from './consent-event.entity';
import { ConsentPurpose, ConsentText } from './consent-text.entity';
import { CONSENT_TEXTS, consentWording } from './consent-texts';

export interface ShownConsentText {
  id: string;
  purpose: ConsentPurpose;
  version: number;
  locale: string;
  /** With the company's name filled in, split into paragraphs. */
  paragraphs: string[];
}

export interface CurrentConsent {
  purpose: ConsentPurpose;
  action: ConsentAction;
  consentTextId: string;
  textVersion: number;
  occurredAt: Date;
}

export interface RecordedConsent {
  customerId: string;
  purpose: ConsentPurpose;
  action: ConsentAction;
  consentTextId: string;
  source: ConsentSource;
  invitationId?: string;
}

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** Delivered to the cases, which end the live cases the consent allowed. */
    'consent.withdrawn': DomainEventPayloads['consent.withdrawn'];
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The versioned consent texts (written from `CONSENT_TEXTS` at start, refused if a published
 * version's words changed) and the append-only consent events.
 */
@Injectable()
export class ConsentService implements OnModuleInit, OnApplicationBootstrap {
  /** Latest version per purpose and locale, by `${purpose}/${locale}`. */
  private readonly current = new Map<string, ConsentText>();
  private readonly byId = new Map<string, ConsentText>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMPANY_CONFIG) private readonly config: CompanyConfig,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.declare('consent.withdrawn');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO consent_texts (purpose, version, locale, body, sha256)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])
       ON CONFLICT (purpose, version, locale) DO NOTHING`,
      [
        CONSENT_TEXTS.map((text) => text.purpose),
        CONSENT_TEXTS.map((text) => text.version),
        CONSENT_TEXTS.map((text) => text.locale),
        CONSENT_TEXTS.map((text) => text.body),
        CONSENT_TEXTS.map((text) => sha256(text.body)),
      ],
    );
    const stored = await this.dataSource.getRepository(ConsentText).find();
    for (const text of CONSENT_TEXTS) {
      const row = stored.find(
        (s) => s.purpose === text.purpose && s.version === text.version && s.locale === text.locale,
      );
      if (row && row.sha256 !== sha256(text.body)) {
        throw new Error(
          `The ${text.locale} consent text "${text.purpose}" version ${text.version} differs from the one ` +
            'customers already saw. Published consent texts are immutable: add a new version instead.',
        );
      }
    }
    for (const row of stored) {
      this.byId.set(row.id, row);
      const key = `${row.purpose}/${row.locale}`;
      const latest = this.current.get(key);
      if (!latest || row.version > latest.version) this.current.set(key, row);
    }
  }

  /** The text to show now for a purpose, in the locale (the default locale's when there is none). */
  currentText(purpose: ConsentPurpose, locale: string): ShownConsentText {
    const row =
      this.current.get(`${purpose}/${locale}`) ?? this.current.get(`${purpose}/${DEFAULT_LOCALE}`);
    if (!row) throw new Error(`No consent text for ${purpose}`);
    return this.shown(row);
  }

  /** A text by id, when it is one customers may still agree to (the current one for its purpose). */
  acceptableText(id: string, purpose: ConsentPurpose): ConsentText | null {
    const row = this.byId.get(id);
    if (!row || row.purpose !== purpose) return null;
    return this.current.get(`${purpose}/${row.locale}`)?.id === id ? row : null;
  }

  /** Appends a consent event and publishes it (`consent.granted` or `consent.withdrawn`). */
  async record(manager: EntityManager, consent: RecordedConsent): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO consent_events (customer_id, purpose, action, consent_text_id, source, invitation_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        consent.customerId,
        consent.purpose,
        consent.action,
        consent.consentTextId,
        consent.source,
        consent.invitationId ?? null,
      ],
    );
    await this.events.publish(manager, `consent.${consent.action}`, {
      consentEventId: row.id,
      customerId: consent.customerId,
      purpose: consent.purpose,
    });
    return row.id;
  }

  /** Latest event per purpose: the customer's current consents. */
  async currentConsents(
    customerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CurrentConsent[]> {
    const rows = await manager.query<
      {
        purpose: ConsentPurpose;
        action: ConsentAction;
        consent_text_id: string;
        version: number;
        occurred_at: Date;
      }[]
    >(
      `SELECT DISTINCT ON (e.purpose) e.purpose, e.action, e.consent_text_id, t.version, e.occurred_at
       FROM consent_events e JOIN consent_texts t ON t.id = e.consent_text_id
       WHERE e.customer_id = $1 ORDER BY e.purpose, e.id DESC`,
      [customerId],
    );
    return rows.map((row) => ({
      purpose: row.purpose,
      action: row.action,
      consentTextId: row.consent_text_id,
      textVersion: row.version,
      occurredAt: row.occurred_at,
    }));
  }

  private shown(row: ConsentText): ShownConsentText {
    return {
      id: row.id,
      purpose: row.purpose,
      version: row.version,
      locale: row.locale,
      paragraphs: consentWording(row.body, this.config.companyName).split('\n\n'),
    };
  }
}
