/** "2026-11-24 14:05 UTC" (seconds too on request): exact, sortable, the same for every reader. */
export function when(at: string | Date, { seconds = false } = {}): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC`;
}
