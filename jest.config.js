/**
 * Jest projects: unit (pure rules, next to the code), integration (services + real PostgreSQL),
 * e2e (the whole app over HTTP), browser (Debian's Chromium on a phone-sized page, through
 * playwright-core), faults (real processes under a lost database, a slow relay, killed workers).
 * One PostgreSQL per run, one cloned database per worker.
 */
const { ignoreAllButEsm } = require('./test/support/esm-packages');

const common = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', transpilation: true }],
    '^.+\\.js$': [
      'babel-jest',
      {
        babelrc: false,
        configFile: false,
        plugins: [
          ['babel-plugin-transform-import-meta', { module: 'ES6' }],
          '@babel/plugin-transform-dynamic-import',
          '@babel/plugin-transform-modules-commonjs',
        ],
      },
    ],
  },
  transformIgnorePatterns: [ignoreAllButEsm(__dirname)],
};

module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 2,
  // Global only: Jest ignores testTimeout inside a project. The browser spec sets its own.
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e-spec.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.browser-spec.ts'],
    },
    {
      // Real processes under real faults (a database that drops connections, a slow or refusing
      // mail relay, killed workers). Each spec sets its own timeout: faults take seconds to play out.
      ...common,
      displayName: 'faults',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
    },
  ],
};
