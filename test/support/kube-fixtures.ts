// Loads the Pod/Event scenario fixtures in test/fixtures/kube and the kubectl output rendered from them
// in test/fixtures/kubectl-rendered.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmulatorObjects } from './kube-api-emulator.js';

type Json = Record<string, any>;

const KUBE_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/kube/', import.meta.url));
export const KUBECTL_RENDERED_DIR = fileURLToPath(new URL('../fixtures/kubectl-rendered/', import.meta.url));

export interface KubeFixture {
  /** File name without .json */
  name: string;
  description: string;
  /** URL of the public report the scenario imitates, or "synthetic". */
  source: string;
  expected: {
    category: string;
    /** The waiting/terminated/event reason that carries the diagnosis. */
    reason?: string;
    /** STATUS column of `kubectl get pods` for the primary pod (pods[0]). */
    podStatus?: string;
    /** Strings a good diagnosis should quote. */
    mentions?: string[];
    /** Values that must never appear unredacted in output. */
    secrets?: string[];
    /** The cause shows only in the container's log, so `describe` (and a lookup without logs) cannot see it. */
    needsLogs?: boolean;
  };
  /** pods[0] is the primary pod the scenario is about. Times are relative ("now-87s"). */
  pods: Json[];
  events: Json[];
  nodes?: Json[];
  deployments?: Json[];
  replicasets?: Json[];
  statefulsets?: Json[];
  logs?: Record<string, string>;
}

export function listKubeFixtures(): string[] {
  return fs
    .readdirSync(KUBE_FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function loadKubeFixture(name: string): KubeFixture {
  const json = JSON.parse(fs.readFileSync(path.join(KUBE_FIXTURES_DIR, `${name}.json`), 'utf8'));
  return { name, ...json };
}

/** The emulator's object store for one or more fixtures (deep copies, so tests may mutate them). */
export function fixtureObjects(...fixtures: KubeFixture[]): EmulatorObjects {
  const out: EmulatorObjects = { pods: [], events: [], nodes: [], deployments: [], replicasets: [], statefulsets: [], logs: {} };
  const seenNodes = new Set<string>();
  for (const f of structuredClone(fixtures)) {
    out.pods.push(...f.pods);
    out.events.push(...f.events);
    for (const n of f.nodes ?? []) {
      // Fixtures share cluster nodes; on a name clash (two different "minikube" nodes) the first wins.
      if (seenNodes.has(n.metadata.name)) continue;
      seenNodes.add(n.metadata.name);
      out.nodes!.push(n);
    }
    out.deployments!.push(...(f.deployments ?? []));
    out.replicasets!.push(...(f.replicasets ?? []));
    out.statefulsets!.push(...(f.statefulsets ?? []));
    Object.assign(out.logs!, f.logs ?? {});
  }
  return out;
}

/** Path of committed kubectl output, e.g. renderedPath('init-crashloop', 'describe', '1.33'). */
export function renderedPath(scenario: string, kind: 'describe' | 'get-pods' | 'get-events', version: string): string {
  return path.join(KUBECTL_RENDERED_DIR, `${scenario}.${kind}.v${version}.txt`);
}
