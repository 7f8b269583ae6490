// ts-jest in ESM mode: the project is ESM ("type": "module") and @kubernetes/client-node 1.x is ESM-only.
import { availableParallelism } from 'node:os';

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
  globalTeardown: '<rootDir>/test/support/tmp-teardown.mjs',
  testSequencer: '<rootDir>/test/support/sequencer.mjs',
  // More workers than cores (jest's default, one fewer, means a serial run on 2 cores): many suites spend part of
  // their time waiting on processes they started (bots, kubectl, redis-server), which the third worker fills.
  // Measured on 2 cores, alternating runs of the 17 suites: 2 workers 50.6 and 52.8 s, 3 workers 47.4 and 44.9 s.
  maxWorkers: Math.round(availableParallelism() * 1.5),
};
