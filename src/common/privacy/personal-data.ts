import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The steps of an erasure, in order, all in one transaction with the customer's row locked:
 * - `read`: note what is about to change before any row goes (the reports' days);
 * - `detach`: rows that count for everyone stay without the person (answers and cases kept
 *   de-identified, invitations kept for the response rate);
 * - `delete`: rows about the person go (consents, emails);
 * - `customer`: the customer row itself, which the others reference.
 */
export const ERASURE_STEPS = ['read', 'detach', 'delete', 'customer'] as const;
export type ErasureStep = (typeof ERASURE_STEPS)[number];

/**
 * What a module holds about a customer, registered by that module (the owner of the tables) so
 * that an export shows all of it and an erasure misses none of it.
 */
export interface PersonalData {
  /** Tables with this customer's data that this contributor exports and erases. */
  readonly tables: readonly string[];
  /** Its sections of the export, e.g. `{ consents: [...] }`; none for a contributor that only erases. */
  export?(manager: EntityManager, customerId: string): Promise<Record<string, unknown>>;
  readonly erasureStep: ErasureStep;
  erase(manager: EntityManager, customerId: string): Promise<void>;
}

/** Where modules register their personal data; the privacy module only orchestrates. */
@Injectable()
export class PersonalDataRegistry {
  private readonly contributors: PersonalData[] = [];

  register(contributor: PersonalData): void {
    this.contributors.push(contributor);
  }

  get registered(): readonly PersonalData[] {
    return this.contributors;
  }

  /** Every contributor's sections, read concurrently (`manager` outside a transaction). */
  async exportAll(manager: EntityManager, customerId: string): Promise<Record<string, unknown>> {
    const parts = await Promise.all(
      this.contributors.flatMap((contributor) =>
        contributor.export ? [contributor.export(manager, customerId)] : [],
      ),
    );
    return Object.assign({}, ...parts) as Record<string, unknown>;
  }

  /** Every contributor's erasure, step by step, in the caller's transaction. */
  async eraseAll(manager: EntityManager, customerId: string): Promise<void> {
    for (const step of ERASURE_STEPS) {
      for (const contributor of this.contributors) {
        if (contributor.erasureStep === step) await contributor.erase(manager, customerId);
      }
    }
  }
}

/** What a record kept after an erasure shows where the person's words were. */
export const ERASED_TEXT = '(erased with the customer)';

/** A time as an export shows it (ISO 8601), or null. */
export function exportedTime(value: Date): string;
export function exportedTime(value: Date | null): string | null;
export function exportedTime(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
