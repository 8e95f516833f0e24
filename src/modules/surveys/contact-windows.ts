/**
 * The local hours a contact time stated on a survey stands for, in the business calendar's time
 * zone: Candor's own emails to a customer who stated one (reminders, the recovery survey) wait
 * for it. A survey's contact time options with other values state a wish that agents read, but
 * no hours Candor can schedule by.
 */
export interface ContactWindow {
  /** Local 'HH:MM', inclusive. */
  from: string;
  /** Local 'HH:MM', exclusive. */
  to: string;
}

export const CONTACT_WINDOWS: Readonly<Record<string, ContactWindow>> = {
  morning: { from: '08:00', to: '12:00' },
  daytime: { from: '09:00', to: '17:00' },
  afternoon: { from: '12:00', to: '17:00' },
  evening: { from: '17:00', to: '21:00' },
};

export function contactWindowOf(contactTime: string | null): ContactWindow | null {
  return contactTime !== null && Object.hasOwn(CONTACT_WINDOWS, contactTime)
    ? CONTACT_WINDOWS[contactTime]
    : null;
}
