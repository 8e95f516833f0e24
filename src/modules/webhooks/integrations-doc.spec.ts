import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEBHOOK_EVENT_TYPES } from './webhook-catalogue';

/** The first column of the first table under "### The event catalogue" in docs/integrations.md. */
function documentedEvents(): string[] {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'integrations.md'), 'utf8');
  const section = doc.split('\n### The event catalogue\n')[1];
  const table = /(?:^\|.*\n)+/m.exec(section)![0];
  return [...table.matchAll(/^\| `([a-z_.]+)` +\|/gm)].map((match) => match[1]);
}

describe("docs/integrations.md's event catalogue", () => {
  it('lists every public webhook event once, and nothing else', () => {
    const documented = documentedEvents();
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });
});
