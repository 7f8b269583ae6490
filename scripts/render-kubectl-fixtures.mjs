#!/usr/bin/env node
// Re-renders test/fixtures/kubectl-rendered/*.txt: real kubectl (describe for 1.27 and 1.33, get pods /
// get events for 1.33) run against the test Kubernetes API emulator serving test/fixtures/kube/*.json.
//
// The emulator and render logic are TypeScript test helpers (test/support/kubectl-render.ts), so this
// script runs them through jest: RENDER_FIXTURES=1 enables the `render` test in test/kube-emulator.test.ts.
// Usage: node scripts/render-kubectl-fixtures.mjs
// Needs the versioned kubectl binaries (kubectl.1.27 ... kubectl.1.33 beside `kubectl`, as the Google
// Cloud SDK installs them).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(
  process.execPath,
  ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', 'test/kube-emulator.test.ts', '-t', '^render kubectl fixtures'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, RENDER_FIXTURES: '1' } },
);
process.exit(result.status ?? 1);
