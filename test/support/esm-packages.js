// Jest on Node 20 cannot require() ES modules the way Node itself does (Jest does so natively only
// on Node 24.9+), and NestJS 12, nodemailer, smtp-server and others ship ESM only. Jest therefore
// transforms exactly the packages that declare "type": "module" to CommonJS with Babel.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

function esmPackages(nodeModules) {
  const found = [];
  const visit = (dir, scope) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@') && !scope) {
        visit(join(dir, name), name);
        continue;
      }
      try {
        const manifest = JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8'));
        if (manifest.type === 'module') found.push(scope ? `${scope}/${name}` : name);
      } catch {
        // not a package folder
      }
    }
  };
  visit(nodeModules);
  return found;
}

// CommonJS packages that load an ESM dependency with import(), which Jest supports only under
// --experimental-vm-modules; Babel turns their import() into require().
const DYNAMIC_IMPORTERS = ['@fastify/cookie'];

/** A transformIgnorePatterns entry that ignores node_modules except the packages above. */
function ignoreAllButEsm(rootDir) {
  const names = [...esmPackages(join(rootDir, 'node_modules')), ...DYNAMIC_IMPORTERS].map((n) =>
    n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
  );
  return `/node_modules/(?!(${names.join('|')})/)`;
}

module.exports = { ignoreAllButEsm };
