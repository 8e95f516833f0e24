// CI: migrations are append-only once committed to main. A migration file that a commit since the
// baseline changed, renamed or deleted fails the run: fix forward with a new migration instead
// (a database that ran the old version would otherwise keep the old schema, silently).
import { execFileSync } from 'node:child_process';

// Migrations edited before this rule existed (ReportRollups, ErasableInvitations) are history;
// 1796470000000-ReportRollupStateFixForward brings databases that ran the old ReportRollups along.
const BASELINE = 'e36c1804177c56ef9ee1177a939cbb3ef06ced29';

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();

const exists = (ref) => {
  try {
    git('cat-file', '-e', `${ref}^{commit}`);
    return true;
  } catch {
    return false;
  }
};
// A shallow clone may lack the baseline: then the previous commit is all there is to compare with.
const since = [BASELINE, 'HEAD~1'].find(exists);
if (!since) {
  console.log('migrations: no earlier commit in this clone to compare with');
  process.exit(0);
}
const range = `${since}..HEAD`;
const changes = git(
  'log',
  '--format=commit %h %s',
  '--name-status',
  '--diff-filter=MDRT',
  range,
  '--',
  'migrations/',
);
if (changes) {
  console.error(
    'Migrations are append-only once on main: these commits change, rename or delete one.\n' +
      'Restore the file and add a new migration that makes the change instead.\n\n' +
      changes,
  );
  process.exit(1);
}
console.log(`migrations: append-only since ${since.slice(0, 7)}`);
