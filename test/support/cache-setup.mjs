// jest globalSetup: the whole run uses a rules cache of its own (rules/cache.ts), so tests neither read what an
// earlier build left in ~/.cache/kube-doctor nor fill it with the temporary rule folders they load. Workers and
// the processes tests start inherit the variable; cache-teardown.mjs removes the folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  process.env.KUBE_DOCTOR_CACHE_DIR = mkdtempSync(join(tmpdir(), 'kube-doctor-test-cache-'));
}
