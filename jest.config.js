/**
 * One run for every tier: unit tests (test/unit), integration tests on a real Neo4j
 * (*.int.test.ts), end-to-end tests through HTTP and the CLI (*.e2e.test.ts). The global setup
 * starts a throwaway local Neo4j unless NEO4J_URI points at one. Integration tests share that
 * database and clear it, so files run one at a time.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 60_000,
};
