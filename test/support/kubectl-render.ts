// Renders fixtures through real kubectl binaries (describe / get pods / get events) via the emulator.
// Used by test/kube-emulator.test.ts both to (re)write test/fixtures/kubectl-rendered (RENDER_FIXTURES=1)
// and to check that the committed files still match what kubectl prints today.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startKubeApiEmulator } from './kube-api-emulator.js';
import { fixtureObjects, KUBECTL_RENDERED_DIR, renderedPath, type KubeFixture } from './kube-fixtures.js';
import { runKubectl, type KubectlBinary } from './kubectl.js';
import { mapLimit } from '../../src/util/map-limit.js';

type RenderKind = 'describe' | 'get-pods' | 'get-events';

/** kubectl versions whose describe output is committed for every fixture. */
export const DESCRIBE_VERSIONS = ['1.27', '1.33'];
/** Version used for the committed `get` output (its text is computed by the emulator's Table printers). */
export const GET_VERSION = '1.33';

function kubectlArgs(fixture: KubeFixture, kind: RenderKind): string[] {
  const pod = fixture.pods[0];
  const ns = pod.metadata.namespace;
  switch (kind) {
    case 'describe':
      return ['describe', 'pod', pod.metadata.name, '-n', ns];
    case 'get-pods':
      return ['get', 'pods', '-n', ns];
    case 'get-events':
      return ['get', 'events', '-n', ns];
  }
}

/** Run one kubectl command against a fresh emulator holding only `fixture`. Throws if kubectl fails. */
async function renderWithKubectl(fixture: KubeFixture, kind: RenderKind, binary: KubectlBinary): Promise<string> {
  const emulator = await startKubeApiEmulator({ objects: fixtureObjects(fixture), serverMinor: String(binary.minor) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-render-'));
  try {
    const kubeconfig = emulator.writeKubeconfig(dir);
    const result = await runKubectl(binary, kubectlArgs(fixture, kind), kubeconfig);
    if (result.code !== 0) {
      throw new Error(`kubectl ${binary.version} ${kubectlArgs(fixture, kind).join(' ')} exited ${result.code}: ${result.stderr}`);
    }
    return result.stdout;
  } finally {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Absolute dates (Start Time, Started, Finished) change with every render; ages do not. */
export function maskAbsoluteDates(text: string): string {
  return text.replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}/g, '<date>');
}

interface RenderJob {
  fixture: KubeFixture;
  kind: RenderKind;
  binary: KubectlBinary;
}

/** The committed renders: describe for each DESCRIBE_VERSIONS, get pods/events for GET_VERSION. */
function renderJobs(fixtures: KubeFixture[], binaries: KubectlBinary[]): RenderJob[] {
  const jobs: RenderJob[] = [];
  const byVersion = new Map(binaries.map((b) => [b.version, b]));
  for (const fixture of fixtures) {
    for (const v of DESCRIBE_VERSIONS) {
      const binary = byVersion.get(v);
      if (binary) jobs.push({ fixture, kind: 'describe', binary });
    }
    const getBinary = byVersion.get(GET_VERSION);
    if (getBinary) {
      jobs.push({ fixture, kind: 'get-pods', binary: getBinary });
      jobs.push({ fixture, kind: 'get-events', binary: getBinary });
    }
  }
  return jobs;
}

/** Writes every render job's output plus index.json describing how each file was produced. */
export async function writeRenderedFixtures(fixtures: KubeFixture[], binaries: KubectlBinary[]): Promise<string[]> {
  fs.mkdirSync(KUBECTL_RENDERED_DIR, { recursive: true });
  const jobs = renderJobs(fixtures, binaries);
  const gitVersions = new Map<string, string>();
  for (const b of binaries) {
    const out = execFileSync(b.path, ['version', '--client', '-o', 'json'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() } });
    gitVersions.set(b.version, JSON.parse(out).clientVersion.gitVersion);
  }
  const outputs = await mapLimit(jobs, 3, (job) => renderWithKubectl(job.fixture, job.kind, job.binary));
  const files = jobs.map((job, i) => {
    const file = renderedPath(job.fixture.name, job.kind, job.binary.version);
    fs.writeFileSync(file, outputs[i]);
    return {
      file: path.basename(file),
      scenario: job.fixture.name,
      kubectl: gitVersions.get(job.binary.version),
      command: `kubectl ${kubectlArgs(job.fixture, job.kind).join(' ')}`,
    };
  });
  const index = {
    note: "Exact stdout of real kubectl run against test/support/kube-api-emulator.ts serving test/fixtures/kube/<scenario>.json. Fixture times are relative to the render, so ages (87s, 6m40s) are stable; absolute dates (Start Time, Started, Finished) are the render date. `get` columns are computed by the emulator's port of the API server Table printers. Regenerate with: node scripts/render-kubectl-fixtures.mjs",
    renderedAt: new Date().toISOString(),
    files,
  };
  fs.writeFileSync(path.join(KUBECTL_RENDERED_DIR, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  return files.map((f) => f.file);
}
