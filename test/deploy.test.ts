// The Kubernetes manifests, rendered by the real `kubectl kustomize`: every overlay has what a cluster needs, probes
// where the bot serves them, read-only RBAC with no access to Secrets, and a locked-down non-root container.
import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_RULES_DIR, loadKnowledgeBase } from '../src/rules/load.js';
import { findKubectlBinaries } from './support/kubectl.js';

const DEPLOY = fileURLToPath(new URL('../deploy/', import.meta.url));
const kubectl = findKubectlBinaries().at(-1);
if (!kubectl) console.warn('kubectl is not installed: the kustomize rendering tests are skipped');
const withKubectl = kubectl ? test : test.skip;

type Obj = Record<string, any>;
/** `kubectl kustomize` output per overlay: rendered once and read by every test of the overlay. */
const kustomized = new Map<string, string>();
/** The overlay's objects, parsed afresh for each caller so no test sees another's edits. */
function render(overlay: string): Obj[] {
  let out = kustomized.get(overlay);
  if (out === undefined) {
    out = execFileSync(kubectl!.path, ['kustomize', join(DEPLOY, 'overlays', overlay)], { encoding: 'utf8' });
    kustomized.set(overlay, out);
  }
  return parseAllDocuments(out).map((d) => d.toJS());
}

describe.each([
  ['socket-mode', ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ConfigMap', 'Deployment'], 'health', 'SLACK_APP_TOKEN'],
  ['http', ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ConfigMap', 'Service', 'Deployment', 'Ingress'], 'http', 'SLACK_SIGNING_SECRET'],
  [
    'ha',
    [
      'Namespace',
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'ConfigMap',
      'Service',
      'Service',
      'Deployment',
      'Deployment',
      'Ingress',
      'PodDisruptionBudget',
      'NetworkPolicy',
    ],
    'http',
    'SLACK_SIGNING_SECRET',
  ],
])('overlays/%s', (overlay, kinds, probePort, modeToken) => {
  withKubectl('has every object it needs', () => {
    expect(
      render(overlay)
        .map((o) => o.kind)
        .sort(),
    ).toEqual([...kinds].sort());
  });

  withKubectl('probes point at /healthz and /readyz on a port the container opens', () => {
    const deploy = render(overlay).find((o) => o.kind === 'Deployment')!;
    const c = deploy.spec.template.spec.containers[0];
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: probePort });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: probePort });
    expect(c.ports.map((p: Obj) => p.name)).toContain(probePort);
    expect(c.resources.limits.memory).toBeDefined();
  });

  withKubectl('Slack tokens come from a Secret reference, never from the manifests', () => {
    const objs = render(overlay);
    expect(objs.some((o) => o.kind === 'Secret')).toBe(false);
    const env: Obj[] = objs.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].env;
    for (const name of ['SLACK_BOT_TOKEN', modeToken]) {
      const e = env.find((x) => x.name === name)!;
      expect(e.value).toBeUndefined();
      expect(e.valueFrom.secretKeyRef.name).toBe('kube-doctor-slack');
    }
  });

  withKubectl('RBAC is read-only and cannot touch Secrets', () => {
    const rules = render(overlay)
      .filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole')
      .flatMap((r) => r.rules as Obj[]);
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      expect(r.verbs.every((v: string) => ['get', 'list', 'watch'].includes(v))).toBe(true);
      expect(r.resources).not.toContain('secrets');
      expect(r.resources).not.toContain('*');
    }
    const binding = render(overlay).find((o) => o.kind === 'RoleBinding')!;
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kube-doctor', namespace: 'kube-doctor' }]);
  });

  withKubectl('runs as non-root with a read-only root filesystem and no privileges', () => {
    const spec = render(overlay).find((o) => o.kind === 'Deployment')!.spec.template.spec;
    expect(spec.serviceAccountName).toBe('kube-doctor');
    expect(spec.securityContext.runAsNonRoot).toBe(true);
    expect(spec.securityContext.runAsUser).not.toBe(0);
    const sc = spec.containers[0].securityContext;
    expect(sc).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const mounts = spec.containers[0].volumeMounts.map((m: Obj) => m.mountPath);
    const rulesPath = spec.containers[0].env.find((e: Obj) => e.name === 'KUBE_DOCTOR_RULES').value.split(':');
    expect(rulesPath[0]).toBe('/app/rules');
    expect(mounts).toContain(rulesPath[1]);
  });
});

describe('overlays/ha', () => {
  const named = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)!;
  const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

  withKubectl('two replicas of the bot, a PodDisruptionBudget that keeps one up, and REDIS_URL pointing at the Redis Service', () => {
    const objs = render('ha');
    const bot = named(objs, 'Deployment', 'kube-doctor');
    expect(bot.spec.replicas).toBe(2);
    const pdb = objs.find((o) => o.kind === 'PodDisruptionBudget')!;
    expect(matches(pdb.spec.selector.matchLabels, bot.spec.template.metadata.labels)).toBe(true);
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(pdb.spec.minAvailable).toBeLessThan(bot.spec.replicas);
    const url = new URL(bot.spec.template.spec.containers[0].env.find((e: Obj) => e.name === 'REDIS_URL').value);
    const service = named(objs, 'Service', url.hostname);
    const redis = named(objs, 'Deployment', 'kube-doctor-redis');
    expect(service.spec.ports.map((p: Obj) => String(p.port))).toContain(url.port);
    expect(matches(service.spec.selector, redis.spec.template.metadata.labels)).toBe(true);
    // The bot's own Service must not send Slack's requests to Redis.
    expect(matches(named(objs, 'Service', 'kube-doctor').spec.selector, redis.spec.template.metadata.labels)).toBe(false);
  });

  withKubectl('Redis is locked down like the bot, keeps nothing on disk, and only the bot can reach it', () => {
    const objs = render('ha');
    const redis = named(objs, 'Deployment', 'kube-doctor-redis');
    const spec = redis.spec.template.spec;
    expect(spec.securityContext.runAsNonRoot).toBe(true);
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.containers[0].securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(spec.containers[0].resources.limits.memory).toBeDefined();
    expect(spec.containers[0].args.join(' ')).toMatch(/--save {2}--appendonly no/);
    const policy = objs.find((o) => o.kind === 'NetworkPolicy')!;
    expect(matches(policy.spec.podSelector.matchLabels, redis.spec.template.metadata.labels)).toBe(true);
    const bot = named(objs, 'Deployment', 'kube-doctor');
    expect(policy.spec.ingress).toHaveLength(1);
    expect(policy.spec.ingress[0].from.every((f: Obj) => f.podSelector && matches(f.podSelector.matchLabels, bot.spec.template.metadata.labels))).toBe(true);
  });
});

test('the Dockerfile runs as a non-root user and bakes the rules in', () => {
  const docker = readFileSync(fileURLToPath(new URL('../Dockerfile', import.meta.url)), 'utf8');
  expect(docker).toMatch(/^USER 1000:1000$/m);
  expect(docker).toMatch(/^COPY rules \.\/rules$/m);
  expect(docker).toMatch(/npm prune --omit=dev/);
});

test("the image's build stage has every file `npm run build` reads", () => {
  const docker = readFileSync(fileURLToPath(new URL('../Dockerfile', import.meta.url)), 'utf8');
  const buildStage = docker.split(/^FROM /m)[1];
  const copied = [...buildStage.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) => m[1].trim().split(/\s+/).slice(0, -1));
  const { scripts } = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
  const read = [...scripts.build.matchAll(/(?:\bnode|\btsc -b|\btsc -p) (\S+)/g)].map((m) => m[1]);
  expect(read).toEqual(expect.arrayContaining(['tsconfig.build.json', 'scripts/bundle-cli.mjs']));
  for (const file of read) expect(copied.some((c) => file === c || file.startsWith(`${c.replace(/\/$/, '')}/`))).toBe(true);
});

test('rules mounted from a ConfigMap (files linked from ..data) load once, next to the bundled ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-configmap-'));
  const data = join(dir, '..2026_11_28_18_00_00.000000001');
  mkdirSync(data);
  writeFileSync(join(data, 'team.yml'), readFileSync(join(DEFAULT_RULES_DIR, 'image-pull', 'dns.yml'), 'utf8').replace(/id: image-pull-dns/g, 'id: team-dns'));
  symlinkSync(data, join(dir, '..data'));
  symlinkSync(join('..data', 'team.yml'), join(dir, 'team.yml'));
  const kb = loadKnowledgeBase(`${DEFAULT_RULES_DIR}:${dir}`);
  expect(kb.rules.filter((r) => r.id === 'team-dns')).toHaveLength(1);
});
