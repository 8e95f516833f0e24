import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Each table has one owner, the module whose folder declares its entity; other modules go through
 * the owner's service, or through the SQL fragments and manager-taking functions it exports (so the
 * coupling shows in the imports). This reads every SQL string under src/ and fails on:
 * - a write (INSERT INTO, UPDATE, DELETE FROM) to another module's table;
 * - a read (FROM, JOIN) of another module's table not in KNOWN_READS, the reads that stay, each
 *   with its reason (a new one fails; one that is gone must leave the list).
 * The reports and the webhooks' messages are read models and read every table; the demo's scale
 * seed writes like a restore.
 */
const SRC = join(__dirname, '..');

/** Tables made by migrations without an entity, and their owner. */
const TABLES_WITHOUT_ENTITY: Record<string, string> = {
  report_invitation_days: 'modules/reports',
  report_answer_days: 'modules/reports',
  report_case_days: 'modules/reports',
  report_invitation_touchpoint_days: 'modules/reports',
  report_answer_touchpoint_days: 'modules/reports',
  report_case_touchpoint_days: 'modules/reports',
  report_question_days: 'modules/reports',
  report_rollup_state: 'modules/reports',
  domain_events: 'common/events',
  webhook_deliveries: 'modules/webhooks',
};

// The webhooks' messages are the public read model of the domain: built from the rows at send time,
// so that an erasure leaves nothing to send.
const READ_MODELS = new Set(['modules/reports', 'modules/webhooks']);
const BULK_WRITERS = new Set(['modules/demo']);

/** Reads of other modules' tables, by reader, each with the reason it stays. */
const KNOWN_READS: Record<string, string[]> = {
  // Who sees which customer is defined by their cases.
  'common/auth': ['follow_up_cases'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** `modules/cases`, `common/jobs`, `database`: the folder a file belongs to. */
function moduleOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts[0] === 'modules' || parts[0] === 'common' ? `${parts[0]}/${parts[1]}` : parts[0];
}

function tableOwners(files: string[]): Map<string, string> {
  const owners = new Map(Object.entries(TABLES_WITHOUT_ENTITY));
  for (const file of files) {
    for (const [, table] of readFileSync(file, 'utf8').matchAll(/@Entity\(\s*'([a-z_]+)'/g)) {
      owners.set(table, moduleOf(file));
    }
  }
  return owners;
}

interface Use {
  module: string;
  table: string;
  write: boolean;
  file: string;
}

function foreignUses(files: string[], owners: Map<string, string>): Use[] {
  const uses: Use[] = [];
  for (const file of files) {
    const module = moduleOf(file);
    const text = readFileSync(file, 'utf8');
    for (const [, verb, table] of text.matchAll(
      /\b(INSERT INTO|UPDATE|DELETE FROM|FROM|JOIN)\s+"?([a-z_]+)"?/g,
    )) {
      const owner = owners.get(table);
      if (!owner || owner === module) continue;
      const write = verb !== 'FROM' && verb !== 'JOIN';
      uses.push({ module, table, write, file: relative(SRC, file) });
    }
  }
  return uses;
}

describe('table ownership', () => {
  const files = sourceFiles(SRC);
  const owners = tableOwners(files);
  const uses = foreignUses(files, owners);

  it('finds the owners', () => {
    expect(owners.get('follow_up_cases')).toBe('modules/cases');
    expect(owners.get('consent_events')).toBe('modules/consent');
    // Targets are the managers' word on the reports' figures.
    expect(owners.get('kpi_targets')).toBe('modules/reports');
    // What comments are about: the topics' rules and their tags, read by others through topic-sql.
    for (const table of ['topics', 'topic_rules', 'comment_topics', 'topic_retags']) {
      expect(owners.get(table)).toBe('modules/topics');
    }
  });

  it("has no module write another module's table", () => {
    const writes = uses
      .filter((use) => use.write && !BULK_WRITERS.has(use.module))
      .map((use) => `${use.file} writes ${use.table} (${owners.get(use.table)})`);
    expect([...new Set(writes)]).toEqual([]);
  });

  it("reads another module's table only where known, and the known list is current", () => {
    const reads = new Map<string, Set<string>>();
    for (const use of uses) {
      if (use.write || READ_MODELS.has(use.module) || BULK_WRITERS.has(use.module)) continue;
      reads.set(use.module, (reads.get(use.module) ?? new Set()).add(use.table));
    }
    const actual = Object.fromEntries(
      [...reads].sort(([a], [b]) => a.localeCompare(b)).map(([m, t]) => [m, [...t].sort()]),
    );
    expect(actual).toEqual(KNOWN_READS);
  });
});
