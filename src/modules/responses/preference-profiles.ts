import type { EntityManager } from 'typeorm';

/** What a customer stated for one context. */
export interface StatedPreferences {
  context: string;
  channel: string | null;
  contactTime: string | null;
  interests: string[];
}

/** A customer's preference profile for one context, as the 360 and the export show it. */
export type PreferenceProfileView = StatedPreferences & { updatedAt: string };

/** The customer's preference profiles, one per context, in context order. */
export async function preferenceProfilesOf(
  manager: EntityManager,
  customerId: string,
): Promise<PreferenceProfileView[]> {
  const rows = await manager.query<
    {
      context: string;
      channel: string | null;
      contact_time: string | null;
      interests: string[];
      updated_at: Date;
    }[]
  >(
    `SELECT context, channel, contact_time, interests, updated_at FROM preference_profiles
     WHERE customer_id = $1 ORDER BY context`,
    [customerId],
  );
  return rows.map((row) => ({
    context: row.context,
    channel: row.channel,
    contactTime: row.contact_time,
    interests: row.interests,
    updatedAt: row.updated_at.toISOString(),
  }));
}

/** The contact time the customer stated last, in any context; null when they stated none. */
export async function preferredContactTimeOf(
  manager: EntityManager,
  customerId: string,
): Promise<string | null> {
  const [row] = await manager.query<{ contact_time: string }[]>(
    `SELECT contact_time FROM preference_profiles
     WHERE customer_id = $1 AND contact_time IS NOT NULL
     ORDER BY updated_at DESC, context LIMIT 1`,
    [customerId],
  );
  return row?.contact_time ?? null;
}
