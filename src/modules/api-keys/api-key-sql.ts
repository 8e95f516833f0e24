/**
 * How other modules read API keys in their own statements: the name an integration acts under
 * (a case's timeline says which CRM did what).
 */

/**
 * Joins the API key a row names, as `alias` (its `name`, which admins gave it), or nulls when it
 * names none. Revoked keys are kept, so what a key did keeps its name.
 */
export function leftJoinApiKeyOf(apiKeyId: string, alias: string): string {
  return `LEFT JOIN api_keys ${alias} ON ${alias}.id = ${apiKeyId}`;
}
