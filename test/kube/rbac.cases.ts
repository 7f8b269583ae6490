// deploy/rbac grants what the live lookup requests, and nothing more: read verbs only, nothing on Secrets,
// pods/log and nodes only in their optional manifests. The requests are the ones the real client sends.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { connect } from '../../src/kube/client.js';
import { lookupPod } from '../../src/kube/lookup.js';
import { fixtureObjects, listKubeFixtures, loadKubeFixture } from '../support/kube-fixtures.js';
import { liveEmulator, rules, type LiveEmulator } from './helpers.js';

type Json = Record<string, any>;

const RBAC_DIR = fileURLToPath(new URL('../../deploy/rbac/', import.meta.url));
const READ_VERBS = new Set(['get', 'list']);

function manifests(file: string): Json[] {
  return parseAllDocuments(fs.readFileSync(path.join(RBAC_DIR, file), 'utf8')).map((d) => d.toJS());
}

interface Grant {
  group: string;
  resource: string;
  verb: string;
  clusterWide: boolean;
}

function grants(files: string[]): Grant[] {
  const out: Grant[] = [];
  for (const doc of files.flatMap(manifests)) {
    if (doc.kind !== 'Role' && doc.kind !== 'ClusterRole') continue;
    for (const rule of doc.rules) {
      for (const group of rule.apiGroups)
        for (const resource of rule.resources) for (const verb of rule.verbs) out.push({ group, resource, verb, clusterWide: doc.kind === 'ClusterRole' });
    }
  }
  return out;
}

/** The RBAC attributes of a request path: what the API server's authorizer would check. */
function attributes(p: string): Grant {
  const url = new URL(p, 'http://x');
  const parts = url.pathname.split('/').filter(Boolean);
  const group = parts[0] === 'api' ? '' : parts[1];
  let rest = parts.slice(parts[0] === 'api' ? 2 : 3);
  const clusterWide = rest[0] !== 'namespaces';
  if (!clusterWide) rest = rest.slice(2);
  const [resource, name, sub] = rest;
  return { group, resource: sub ? `${resource}/${sub}` : resource, verb: name ? 'get' : 'list', clusterWide };
}

const allowed = (g: Grant[], a: Grant) =>
  g.some((x) => x.group === a.group && x.resource === a.resource && x.verb === a.verb && (x.clusterWide || !a.clusterWide));

describe('the manifests', () => {
  const files = fs.readdirSync(RBAC_DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');

  test('the expected files, all valid YAML, bound to the kube-doctor service account', () => {
    expect(files.sort()).toEqual(['clusterrole-nodes.yaml', 'clusterrole.yaml', 'role-logs.yaml', 'role.yaml', 'serviceaccount.yaml']);
    const docs = files.flatMap(manifests);
    expect(docs.find((d) => d.kind === 'ServiceAccount')?.metadata).toEqual({ name: 'kube-doctor', namespace: 'kube-doctor' });
    for (const b of docs.filter((d) => d.kind === 'RoleBinding' || d.kind === 'ClusterRoleBinding')) {
      expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kube-doctor', namespace: 'kube-doctor' }]);
      expect(docs.some((r) => r.kind === b.roleRef.kind && r.metadata.name === b.roleRef.name)).toBe(true);
    }
  });

  test('read verbs only; nothing on Secrets or ConfigMaps; no wildcards', () => {
    const all = grants(files);
    expect(all.length).toBeGreaterThan(5);
    for (const g of all) {
      expect(READ_VERBS.has(g.verb)).toBe(true);
      expect(g.resource).not.toMatch(/secret|configmap|\*/);
      expect(g.group).not.toBe('*');
    }
  });

  test('pods/log only in role-logs.yaml, nodes only in clusterrole-nodes.yaml (get, not list)', () => {
    expect(grants(['role.yaml', 'clusterrole.yaml']).some((g) => g.resource === 'pods/log' || g.resource === 'nodes')).toBe(false);
    expect(grants(['role-logs.yaml'])).toEqual([{ group: '', resource: 'pods/log', verb: 'get', clusterWide: false }]);
    expect(grants(['clusterrole-nodes.yaml'])).toEqual([{ group: '', resource: 'nodes', verb: 'get', clusterWide: true }]);
    expect(
      grants(['role.yaml'])
        .filter((g) => g.group === '')
        .map((g) => `${g.resource}:${g.verb}`)
        .sort(),
    ).toEqual(['events:get', 'events:list', 'pods:get', 'pods:list']);
  });
});

describe('they cover what the lookups request', () => {
  let live: LiveEmulator;
  beforeAll(async () => {
    live = await liveEmulator({ objects: fixtureObjects(...listKubeFixtures().map(loadKubeFixture)) });
  });
  afterAll(async () => {
    await live?.close();
  });

  const run = async (refs: string[], env: Record<string, string>) => {
    const before = live.emu.requests.length;
    const config = live.config(env);
    for (const ref of refs) await lookupPod(ref, {}, { kb: rules(), config, reader: connect(config) });
    return live.emu.requests.slice(before).map((r) => r.path);
  };

  test('per-namespace Roles (role.yaml): pods, workloads, search and suggestions in the allowed namespaces', async () => {
    const paths = await run(['hello-minikube-67b8c7bdfd-965qn', 'deployment/checkout-api -n shop', 'checkout-api', 'hello-minikube-x'], {
      ALLOWED_NAMESPACES: 'default,shop',
    });
    expect(paths.length).toBeGreaterThan(5);
    const g = grants(['role.yaml']);
    for (const p of paths) expect({ path: p, allowed: allowed(g, attributes(p)) }).toEqual({ path: p, allowed: true });
  });

  test('logs need role-logs.yaml; NotReady nodes need clusterrole-nodes.yaml; ALLOWED_NAMESPACES=* needs clusterrole.yaml', async () => {
    const logs = await run(['shop/checkout-api-6b7c9d5f4-qp8zn'], { ALLOWED_NAMESPACES: 'shop', KUBE_READ_LOGS: 'true' });
    const logPaths = logs.filter((p) => p.includes('/log'));
    expect(logPaths.length).toBe(1);
    expect(allowed(grants(['role.yaml']), attributes(logPaths[0]))).toBe(false);
    expect(allowed(grants(['role.yaml', 'role-logs.yaml']), attributes(logPaths[0]))).toBe(true);

    const anywhere = await run(['nope-nope-nope', 'postgres-0'], { ALLOWED_NAMESPACES: '*' });
    const clusterWide = anywhere.filter((p) => attributes(p).clusterWide);
    expect(clusterWide.length).toBeGreaterThan(0);
    for (const p of clusterWide) {
      expect(allowed(grants(['role.yaml']), attributes(p))).toBe(false);
      expect(allowed(grants(['clusterrole.yaml']), attributes(p))).toBe(true);
    }
    expect(attributes('/api/v1/nodes/worker-7')).toEqual({ group: '', resource: 'nodes', verb: 'get', clusterWide: true });
    expect(allowed(grants(['clusterrole-nodes.yaml']), attributes('/api/v1/nodes/worker-7'))).toBe(true);
  });
});
