/**
 * Three tiers. `unit`: the rules and parsers, pure, no services (seconds). `integration`: a real
 * Neo4j and a real Redis that the global setup starts on free ports (or NEO4J_URI /
 * THREADGRAPH_TEST_REDIS_URL), in-process HTTP and CLI end-to-end tests, and the fault drills
 * that kill and restart workers, Neo4j and Redis. `browser`: the built web app in Debian's
 * Chromium against a real server. Files share the database and clear it, so they run one at a time.
 */
const ts = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
      transform: ts,
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.test.ts'],
      transform: ts,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/integration', '<rootDir>/test/e2e'],
      testMatch: ['**/*.test.ts'],
      transform: ts,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  maxWorkers: 1,
  testTimeout: 60_000,
  // a test that times out can leave a server whose drain timer never fires once its environment
  // is torn down; CI once waited an hour for it. Every file still closes what it opened.
  forceExit: true,
};
