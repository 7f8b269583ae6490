// ts-jest in ESM mode: the project is ESM ("type": "module") and @kubernetes/client-node 1.x is ESM-only.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/cache-setup.mjs',
  // One worker per core (jest's default leaves one core to itself, which on 2 cores means a serial run).
  maxWorkers: '100%',
};
