// jest globalSetup: tests use a rules cache of their own (rules/cache.ts) in this checkout's node_modules/.cache,
// so they neither read what another build left in ~/.cache/kube-doctor nor fill it with the temporary rule folders
// they load; it persists between runs (the bundled rules are not parsed again each time) and a fresh clone starts
// it empty. Workers and the processes tests start inherit the variables.
//
// Temporary files go to a folder of this run's own (TMPDIR, which os.tmpdir() reads, for the workers and every
// process they start), removed by the teardown below: nothing a test leaves behind outlives the run.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(globalConfig) {
  const dir = join(globalConfig.rootDir, 'node_modules', '.cache', 'kube-doctor-tests', 'rules-cache');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.KUBE_DOCTOR_CACHE_DIR = dir;
  process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'kube-doctor-tests-'));
}
