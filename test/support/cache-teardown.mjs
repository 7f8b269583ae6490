// jest globalTeardown: removes the run's rules cache (see cache-setup.mjs).
import { rmSync } from 'node:fs';

export default function teardown() {
  const dir = process.env.KUBE_DOCTOR_CACHE_DIR;
  if (dir?.includes('kube-doctor-test-cache-')) rmSync(dir, { recursive: true, force: true });
}
