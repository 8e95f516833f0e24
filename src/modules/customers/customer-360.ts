import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Customer360Dto } from './dto/customer-360.dto';

/** How many of the latest answers and cases the 360 lists. */
export const CUSTOMER_360_HISTORY_LIMIT = 20;

export { Customer360Dto };

/** The sections of the 360 about what other modules hold, in the order the 360 shows them. */
export const CUSTOMER_360_SECTIONS = [
  'consents',
  'preferences',
  'invitations',
  'responses',
  'cases',
  'contacts',
] as const;
export type Customer360Section = (typeof CUSTOMER_360_SECTIONS)[number];

/**
 * Reads one section of a customer's 360 from its owner's tables, in one query. `scope` is the
 * viewer's `teamScope` (null for everyone): an agent's 360 lists only the cases they may open.
 */
export type Customer360SectionReader<K extends Customer360Section> = (
  customerId: string,
  scope: string | null,
) => Promise<Customer360Dto[K]>;

/**
 * The customer 360: profile, consents, preferences and history in one read (seven queries run
 * together). The customer's row is read here; each other section by the module that owns its
 * tables, which adds its reader at start (`addSection`), so imports keep pointing down. Reading it
 * is a view of identified data: callers audit it.
 */
@Injectable()
export class Customer360 {
  private readonly readers = new Map<Customer360Section, unknown>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Registers the reader of a section, by the module that owns what it shows. */
  addSection<K extends Customer360Section>(section: K, reader: Customer360SectionReader<K>): void {
    this.readers.set(section, reader);
  }

  /**
   * `scope` is the viewer's `teamScope`: an agent's 360 lists only the cases they may open (the
   * customer is theirs to see through one of them; another team's case stays out of sight).
   */
  async of(customerId: string, scope: string | null = null): Promise<Customer360Dto | null> {
    const [[customer], consents, preferences, invitations, responses, cases, contacts] =
      await Promise.all([
        this.dataSource.query<
          {
            external_id: string;
            name: string | null;
            email: string;
            locale: string;
            attributes: Record<string, unknown>;
          }[]
        >('SELECT external_id, name, email, locale, attributes FROM customers WHERE id = $1', [
          customerId,
        ]),
        this.section('consents', customerId, scope),
        this.section('preferences', customerId, scope),
        this.section('invitations', customerId, scope),
        this.section('responses', customerId, scope),
        this.section('cases', customerId, scope),
        this.section('contacts', customerId, scope),
      ]);
    if (!customer) return null;
    return {
      externalId: customer.external_id,
      name: customer.name,
      email: customer.email,
      locale: customer.locale,
      attributes: customer.attributes,
      consents,
      preferences,
      invitations,
      responses,
      cases,
      contacts,
    };
  }

  private section<K extends Customer360Section>(
    section: K,
    customerId: string,
    scope: string | null,
  ): Promise<Customer360Dto[K]> {
    const reader = this.readers.get(section) as Customer360SectionReader<K> | undefined;
    if (!reader) throw new Error(`No module reads the customer 360's ${section}`);
    return reader(customerId, scope);
  }
}
