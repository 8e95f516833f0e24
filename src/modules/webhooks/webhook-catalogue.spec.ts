import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from './webhook-catalogue';

const MIGRATIONS = join(__dirname, '..', '..', '..', 'migrations');

/** The internal → public pairs of the latest `webhook_public_type` a migration defines. */
function mappedInSql(): [string, string][] {
  const defining = readdirSync(MIGRATIONS)
    .sort()
    .map((file) => readFileSync(join(MIGRATIONS, file), 'utf8'))
    .filter((text) => /FUNCTION webhook_public_type/.test(text));
  const latest = defining.at(-1)!;
  const body = latest.split(/FUNCTION webhook_public_type/)[1].split('END')[0];
  return [...body.matchAll(/WHEN '([a-z_.]+)' THEN '([a-z_.]+)'/g)].map((m) => [m[1], m[2]]);
}

describe('the webhook catalogue', () => {
  it('maps internal events to public ones exactly as the database does', () => {
    const inCode = Object.entries(WEBHOOK_EVENTS).flatMap(([publicType, internal]) =>
      internal.map((domainType) => [domainType, publicType]),
    );
    expect(mappedInSql().sort()).toEqual(inCode.sort());
  });

  it('labels every public event in every language', () => {
    for (const labels of Object.values(WEBHOOK_EVENT_LABELS)) {
      expect(Object.keys(labels).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    }
  });
});
