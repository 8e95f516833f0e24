import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Where the types generated from the document live, for the tests and the example receiver. */
export const API_TYPES_FILE = join(root, 'examples', 'candor-api.d.ts');
export const REGENERATE_API_TYPES = 'npm run api:types';

export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

export interface LintResult {
  totals: { errors: number; warnings: number };
  problems: LintProblem[];
}

/** `redocly lint` with its recommended rules, as a person would run it on the document. */
export async function redoclyLint(document: unknown): Promise<LintResult> {
  const output = await withDocumentFile(document, (file) =>
    run('@redocly/cli/bin/cli.js', [
      'lint',
      '--extends=recommended',
      '--format=json',
      '--max-problems=1000',
      file,
    ]),
  );
  return JSON.parse(output) as LintResult;
}

/** What `openapi-typescript` makes of the document: the file `API_TYPES_FILE` must hold. */
export function generateApiTypes(document: unknown): Promise<string> {
  return withDocumentFile(document, async (file) => {
    const out = file.replace(/\.json$/, '.d.ts');
    await run('openapi-typescript/bin/cli.js', [file, '--output', out]);
    return readFileSync(out, 'utf8');
  });
}

async function withDocumentFile<T>(document: unknown, use: (file: string) => Promise<T>) {
  const dir = mkdtempSync(join(tmpdir(), 'candor-openapi-'));
  try {
    const file = join(dir, 'candor-api.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    return await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a package's CLI with this Node; a failing exit still gives its output (lint reports). */
function run(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(root, 'node_modules', bin), ...args],
      {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
        // No telemetry or update check: a test talks to no one.
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
      (error, stdout, stderr) => {
        if (stdout.trim()) resolve(stdout);
        else if (error) reject(new Error(`${bin} ${args.join(' ')} failed: ${stderr}`));
        else resolve(stdout);
      },
    );
  });
}
