// jest globalTeardown: removes the run's temporary folder (cache-setup.mjs), with whatever the tests left in it.
import { rmSync } from 'node:fs';
import { basename } from 'node:path';

export default function teardown() {
  const dir = process.env.TMPDIR;
  if (dir && basename(dir).startsWith('kube-doctor-tests-')) rmSync(dir, { recursive: true, force: true });
}
