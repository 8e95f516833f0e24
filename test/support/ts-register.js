// A require hook that runs the TypeScript sources directly in a plain Node process (a test's child
// worker: `node -r ./test/support/ts-register.js src/main.ts`), where neither Jest's transform nor
// a built dist/ is at hand. Each .ts file is transpiled on its own (no type check) with
// tsconfig.json's options, to CommonJS; ES-module-only dependencies load through Node's own
// require(esm) (Node 20.19+).
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const ts = require('typescript');

const configPath = join(__dirname, '..', '..', 'tsconfig.json');
const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
const { options } = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath));

const compilerOptions = {
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

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    compilerOptions,
    fileName: filename,
  });
  module._compile(outputText, filename);
};
