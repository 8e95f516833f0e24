// A require hook that runs the TypeScript sources directly in a plain Node process (a test's child
// worker: `node -r ./test/support/ts-register.js src/main.ts`), where neither Jest's transform nor
// a built dist/ is at hand. Each .ts file is transpiled on its own (no type check) with
// tsconfig.json's options, to CommonJS; ES-module-only dependencies load through Node's own
// require(esm) (Node 20.19+).
//
// Loading TypeScript and transpiling every file takes seconds of CPU, which a test spawning
// several workers on a busy machine pays for each one: the output is kept on disk, keyed by the
// source, its path, tsconfig.json, this file and the TypeScript version, and TypeScript itself is
// loaded only when a file is not in the cache.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');

const configPath = join(__dirname, '..', '..', 'tsconfig.json');
const cacheDir = join(tmpdir(), 'candor-ts-register');
const cacheKey = createHash('sha256')
  .update(require('typescript/package.json').version)
  .update(readFileSync(configPath))
  .update(readFileSync(__filename))
  .digest();

let compilerOptions;
function transpiler() {
  const ts = require('typescript');
  if (!compilerOptions) {
    const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
    if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath));
    compilerOptions = {
      ...options,
      // `nodenext` would pick the format per file from package.json; require() needs CommonJS.
      module: ts.ModuleKind.CommonJS,
      moduleResolution: undefined,
      // Source positions in stack traces, without writing .map files.
      sourceMap: false,
      inlineSourceMap: true,
      inlineSources: true,
      incremental: undefined,
      tsBuildInfoFile: undefined,
    };
  }
  return (source, fileName) => ts.transpileModule(source, { compilerOptions, fileName }).outputText;
}

function transpile(source, filename) {
  const key = createHash('sha256').update(cacheKey).update(filename).update(source).digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    // not cached yet
  }
  const output = transpiler()(source, filename);
  try {
    // Written aside and renamed: a process reading concurrently sees the whole file or none.
    mkdirSync(cacheDir, { recursive: true });
    const draft = `${cached}.${process.pid}`;
    writeFileSync(draft, output);
    renameSync(draft, cached);
  } catch {
    // A cache that cannot be written only costs time.
  }
  return output;
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(transpile(readFileSync(filename, 'utf8'), filename), filename);
};
