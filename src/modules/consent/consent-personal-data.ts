import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  exportedTime,
  PersonalData,
  PersonalDataRegistry,
} from '../../common/privacy/personal-data';
import { COMPANY_CONFIG, type CompanyConfig } from '../../config/config-sections';
import { consentWording } from './consent-texts';

export interface ConsentExport {
  purpose: string;
  action: string;
  source: string;
  occurredAt: string;
  invitationId: string | null;
  /**
   * The text they agreed to or withdrew from, word for word as they read it (the company's name
   * filled in); `sha256` is that of the stored version, which has `{company}` in its place.
   */
  text: { version: number; locale: string; sha256: string; body: string };
}

/** A customer's consent trail: shown in their export, deleted with them. */
@Injectable()
export class ConsentPersonalData implements PersonalData, OnModuleInit {
  readonly tables = ['consent_events'];
  // After the answers given under these consents were made anonymous (they reference them).
  readonly erasureStep = 'delete';

  constructor(
    private readonly registry: PersonalDataRegistry,
    @Inject(COMPANY_CONFIG) private readonly company: CompanyConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(manager: EntityManager, customerId: string): Promise<{ consents: ConsentExport[] }> {
    const rows = await manager.query<
      {
        purpose: string;
        action: string;
        source: string;
        occurred_at: Date;
        invitation_id: string | null;
        version: number;
        locale: string;
        sha256: string;
        body: string;
      }[]
    >(
      `SELECT e.purpose, e.action, e.source, e.occurred_at, e.invitation_id,
              t.version, t.locale, t.sha256, t.body
       FROM consent_events e JOIN consent_texts t ON t.id = e.consent_text_id
       WHERE e.customer_id = $1 ORDER BY e.id`,
      [customerId],
    );
    return {
      consents: rows.map((row) => ({
        purpose: row.purpose,
        action: row.action,
        source: row.source,
        occurredAt: exportedTime(row.occurred_at),
        invitationId: row.invitation_id,
        text: {
          version: row.version,
          locale: row.locale,
          sha256: row.sha256,
          body: consentWording(row.body, this.company.companyName),
        },
      })),
    };
  }

  async erase(manager: EntityManager, customerId: string): Promise<void> {
    await manager.query('DELETE FROM consent_events WHERE customer_id = $1', [customerId]);
  }
}
