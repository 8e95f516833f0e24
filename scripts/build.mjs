// `npm run build`: compiles src/ and migrations/ into dist/ with `tsc -b tsconfig.build.json`
// (incremental: only what changed is compiled again), and skips even that when nothing it reads
// has changed since the last successful build. Loading TypeScript just to learn that costs about
// half a second, on every `npm start`; this check costs a few milliseconds.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', 'build.stamp');
// Everything tsconfig.build.json reads. Directories count too: a deleted or renamed file changes
// its directory's time.
const inputs = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
const dependencies = ['package-lock.json']; // TypeScript or a type package upgraded

function newest(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  let time = stats.mtimeMs;
  if (stats.isDirectory()) {
    for (const entry of readdirSync(path)) time = Math.max(time, newest(join(path, entry)));
  }
  return time;
}

const built = newest(stamp);
const changed = Math.max(...[...inputs, ...dependencies].map((path) => newest(join(root, path))));
if (built === 0 || changed >= built) {
  rmSync(stamp, { force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const { status } = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (status !== 0) process.exit(status ?? 1);
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
