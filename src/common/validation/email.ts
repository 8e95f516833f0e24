/**
 * Email addresses as Candor stores them: trimmed and lower-cased. The check is deliberately
 * strict about what can reach an SMTP envelope or a header: no spaces, quotes, angle brackets,
 * commas, semicolons or control characters, one @, a dotted domain.
 */
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export function isDeliverableAddress(email: string): boolean {
  return email.length <= 254 && ADDRESS.test(email) && !email.includes('..');
}
