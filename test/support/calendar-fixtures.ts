import type { Client } from 'pg';
import { DEFAULT_CALENDAR } from '../../src/modules/cases/business-hours';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Runs `body` with the business calendar in a fixed-offset time zone whose local time is now
 * between 10:00 and 11:00, so that a preferred evening is hours away whenever the test runs;
 * `localHourToday(17)` is 17:00 of that local day. The earlier calendar is restored after.
 */
export async function withMorningCalendar<T>(
  db: Client,
  body: (localHourToday: (hour: number) => Date) => Promise<T>,
): Promise<T> {
  const offset = ((10 - new Date().getUTCHours() + 36) % 24) - 12;
  // IANA's Etc zones name the offset with the opposite sign (Etc/GMT-3 is UTC+3).
  const timeZone = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  const { rows } = await db.query<{ calendar: object }>(
    'SELECT calendar FROM case_settings WHERE id = 1',
  );
  await db.query(
    `INSERT INTO case_settings (id, calendar, routing, priority_rules) VALUES (1, $1, '[]', '[]')
     ON CONFLICT (id) DO UPDATE SET calendar = EXCLUDED.calendar`,
    [{ ...(rows[0]?.calendar ?? DEFAULT_CALENDAR), timeZone }],
  );
  const localDay = Math.floor((Date.now() + offset * HOUR_MS) / DAY_MS) * DAY_MS;
  try {
    return await body((hour) => new Date(localDay + hour * HOUR_MS - offset * HOUR_MS));
  } finally {
    if (rows[0]) {
      await db.query('UPDATE case_settings SET calendar = $1 WHERE id = 1', [rows[0].calendar]);
    } else {
      await db.query('DELETE FROM case_settings');
    }
  }
}
