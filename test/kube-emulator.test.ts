// Proves the offline Kubernetes API emulator with the real tools: real kubectl binaries (every
// kubectl.1.NN found beside `kubectl`) and the real @kubernetes/client-node read the JSON fixtures.
//
// Regenerate the committed kubectl output with: node scripts/render-kubectl-fixtures.mjs

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startKubeApiEmulator, type KubeApiEmulator } from './support/kube-api-emulator.js';
import { fixtureObjects, listKubeFixtures, loadKubeFixture, renderedPath, type KubeFixture } from './support/kube-fixtures.js';
import { describeAllPods, findKubectlBinaries, findKubectlDispatcher, runKubectl, type KubectlBinary } from './support/kubectl.js';
import { printPod } from './support/kube-table-printers.js';
import { humanDuration, resolveRelativeTimes } from './support/kube-time.js';
import { loadKnowledgeBase } from '../src/rules/load.js';
import { mapLimit } from '../src/util/map-limit.js';
import { DESCRIBE_VERSIONS, GET_VERSION, maskAbsoluteDates, writeRenderedFixtures } from './support/kubectl-render.js';

const FOUNDING = 'minikube-dns-server-misbehaving';
const FOUNDING_POD = 'hello-minikube-67b8c7bdfd-965qn';
const DNS_ERROR = 'lookup registry-1.docker.io on 192.168.64.1:53: server misbehaving';

const FIXTURES: KubeFixture[] = listKubeFixtures().map(loadKubeFixture);
const fixture = (name: string) => FIXTURES.find((f) => f.name === name)!;

const KUBECTLS = findKubectlBinaries();
const NEWEST = KUBECTLS.at(-1);
const RENDER = process.env.RENDER_FIXTURES === '1';

if (KUBECTLS.length === 0) {
  console.warn(
    'kube-emulator.test: kubectl is not on PATH (looked for kubectl and the versioned kubectl.1.27 .. kubectl.1.33 beside it): ' +
      'the real-kubectl tests are SKIPPED. client-node tests and the committed renders in test/fixtures/kubectl-rendered still run.',
  );
} else {
  const missing = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33'].filter((v) => !KUBECTLS.some((b) => b.version === v));
  if (missing.length) console.warn(`kube-emulator.test: no kubectl binary for ${missing.join(', ')}; those versions are not exercised.`);
}
const kubectlTest = KUBECTLS.length ? test : test.skip;

const tmpDirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-emulator-test-'));
  tmpDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

// -------------------------------------------------------------------------------------------------
// Rendering (only with RENDER_FIXTURES=1): runs first so the checks below see the fresh files.

describe('render kubectl fixtures', () => {
  (RENDER && KUBECTLS.length ? test : test.skip)(
    'render: writes test/fixtures/kubectl-rendered from real kubectl',
    async () => {
      const written = await writeRenderedFixtures(FIXTURES, KUBECTLS);
      console.log(`rendered ${written.length} files with kubectl ${KUBECTLS.map((b) => b.version).join(', ')}`);
      expect(written.length).toBeGreaterThanOrEqual(FIXTURES.length * 2);
    },
    300_000,
  );
});

// -------------------------------------------------------------------------------------------------

describe('fixtures', () => {
  // A fixture's expected category is one some bundled rule diagnoses (the vocabulary and the rule files' own).
  const CATEGORIES = new Set(loadKnowledgeBase().rules.map((r) => r.spec.category));

  test('cover the required scenarios', () => {
    const byName = Object.fromEntries(FIXTURES.map((f) => [f.name, f.expected.category]));
    expect(byName).toMatchObject({
      'minikube-dns-server-misbehaving': 'image-pull-dns',
      'crashloop-oomkilled': 'oom-killed',
      'crashloop-exit1-logs': 'crashloop',
      'create-container-config-secret-not-found': 'create-container-config-error',
      'failed-scheduling-insufficient-cpu': 'failed-scheduling-resources',
      'failed-scheduling-control-plane-taint': 'failed-scheduling-taint',
      'failed-scheduling-unbound-pvc': 'failed-scheduling-pvc',
      'failed-mount-configmap-not-found': 'failed-mount-configmap',
      'liveness-probe-failing': 'probe-liveness',
      'evicted-memory-pressure': 'evicted',
      'init-crashloop': 'crashloop',
      'image-not-found-containerd': 'image-pull-not-found',
      'image-pull-auth-private-registry': 'image-pull-auth',
      'exec-format-error': 'exec-format-error',
      'terminating-finalizer': 'terminating-stuck',
      'env-secrets-crashloop': 'crashloop',
    });
    expect(FIXTURES.length).toBeGreaterThanOrEqual(12);
  });

  test.each(FIXTURES.map((f) => [f.name, f] as const))('%s: events reference its pods, and the STATUS column matches', (_name, f) => {
    expect(f.description.length).toBeGreaterThan(20);
    expect(f.source === 'synthetic' || /^https:\/\/github\.com\/[^/]+\/[^/]+\/(issues|pull)\/\d+$/.test(f.source)).toBe(true);
    expect(CATEGORIES.has(f.expected.category)).toBe(true);

    const pods = new Map(f.pods.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
    const containerLevel = new Set(['Pulling', 'Pulled', 'Created', 'Started', 'BackOff', 'Killing', 'Unhealthy']);
    for (const ev of f.events) {
      const io = ev.involvedObject;
      if (io.kind !== 'Pod') continue;
      const pod = pods.get(`${io.namespace}/${io.name}`)!;
      expect(pod).toBeDefined();
      expect(io.uid).toBe(pod.metadata.uid);
      expect(ev.metadata.namespace).toBe(io.namespace);
      if (ev.source?.component === 'kubelet' && containerLevel.has(ev.reason)) expect(io.fieldPath).toBeDefined();
      if (io.fieldPath) {
        const m = /^spec\.(containers|initContainers)\{(.+)\}$/.exec(io.fieldPath);
        expect(m).not.toBeNull();
        expect(pod.spec[m![1]].map((c: any) => c.name)).toContain(m![2]);
      }
    }
    const now = Date.now();
    expect(printPod(resolveRelativeTimes(f.pods[0], now), now).cells[2]).toBe(f.expected.podStatus);
  });

  test('the founding fixture is the minikube DNS failure from the brief', () => {
    const f = fixture(FOUNDING);
    const pod = f.pods[0];
    expect(pod.metadata.name).toBe(FOUNDING_POD);
    expect(pod.spec.nodeName).toBe('minikube');
    expect(pod.spec.containers[0].image).toBe('docker.io/nginx:1.23');
    expect(pod.status.containerStatuses[0].state.waiting).toEqual({
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "docker.io/nginx:1.23"',
    });
    expect(f.events.map((e) => e.reason)).toEqual(expect.arrayContaining(['Scheduled', 'Pulling', 'Failed', 'BackOff']));
    expect(f.events.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        'Failed to pull image "docker.io/nginx:1.23": rpc error: code = Unknown desc = Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 192.168.64.1:53: server misbehaving',
        'Error: ErrImagePull',
        'Back-off pulling image "docker.io/nginx:1.23"',
        'Error: ImagePullBackOff',
      ]),
    );
  });

  test('relative times resolve to RFC3339 (MicroTime for eventTime) and format like HumanDuration', () => {
    const now = Date.UTC(2026, 10, 28, 17, 30, 0);
    expect(resolveRelativeTimes({ creationTimestamp: 'now-6m40s', eventTime: 'now-87s', x: 'now-ish', deletionTimestamp: 'now+30s' }, now)).toEqual({
      creationTimestamp: '2026-11-28T17:23:20Z',
      eventTime: '2026-11-28T17:28:33.000000Z',
      x: 'now-ish',
      deletionTimestamp: '2026-11-28T17:30:30Z',
    });
    expect([87_000, 119_999, 123_000, 400_000, 600_000, 8_040_000, 7 * 3_600_000 + 60_000, 3 * 86_400_000 + 3_600_000, -3_000].map(humanDuration)).toEqual([
      '87s',
      '119s',
      '2m3s',
      '6m40s',
      '10m',
      '134m',
      '7h1m',
      '3d1h',
      '<invalid>',
    ]);
  });
});

// -------------------------------------------------------------------------------------------------

describe('emulator over plain HTTP', () => {
  let emu: KubeApiEmulator;
  beforeAll(async () => {
    emu = await startKubeApiEmulator({
      objects: fixtureObjects(...FIXTURES),
      serverMinor: '30',
      faults: {
        '/pods/forbidden-pod$': { status: 403, user: 'system:serviceaccount:bots:slackbot' },
        '/namespaces/kube-system/pods$': { status: 403 },
        '/pods/flaky$': { status: 500, message: 'etcdserver: request timed out', times: 1 },
        '/nodes$': { status: 429 },
      },
    });
  });
  afterAll(() => emu.close());
  const get = async (p: string, accept = 'application/json') => {
    const res = await fetch(emu.url + p, { headers: { accept } });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, text, json: () => JSON.parse(text) };
  };

  test('serves version and discovery for v1, apps/v1 and batch/v1', async () => {
    expect((await get('/version')).json()).toMatchObject({ major: '1', minor: '30', gitVersion: 'v1.30.0' });
    const v1 = (await get('/api/v1')).json();
    expect(v1.kind).toBe('APIResourceList');
    expect(v1.resources.map((r: any) => r.name)).toEqual(expect.arrayContaining(['pods', 'pods/log', 'events', 'nodes', 'namespaces']));
    const groups = (await get('/apis')).json();
    expect(groups.groups.map((g: any) => g.name)).toEqual(['apps', 'batch']);
    expect((await get('/apis/apps/v1')).json().resources.map((r: any) => r.name)).toEqual(['deployments', 'replicasets', 'statefulsets', 'daemonsets']);
  });

  test('a missing pod is a real NotFound Status; a missing path too', async () => {
    const r = await get('/api/v1/namespaces/default/pods/nope');
    expect(r.status).toBe(404);
    expect(r.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });
    expect((await get('/api/v1/namespaces/default/secrets')).json()).toMatchObject({ code: 404, message: 'the server could not find the requested resource' });
  });

  test('faults give RBAC-style Forbidden, InternalError (once), TooManyRequests', async () => {
    expect((await get('/api/v1/namespaces/default/pods/forbidden-pod')).json()).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'pods "forbidden-pod" is forbidden: User "system:serviceaccount:bots:slackbot" cannot get resource "pods" in API group "" in the namespace "default"',
    });
    expect((await get('/api/v1/namespaces/kube-system/pods')).json().message).toBe(
      'pods is forbidden: User "system:serviceaccount:kube-doctor:kube-doctor" cannot list resource "pods" in API group "" in the namespace "kube-system"',
    );
    const first = await get('/api/v1/namespaces/default/pods/flaky');
    expect(first.json()).toMatchObject({ code: 500, reason: 'InternalError', message: 'Internal error occurred: etcdserver: request timed out' });
    expect((await get('/api/v1/namespaces/default/pods/flaky')).status).toBe(404); // `times: 1` → only the first request fails
    const limited = await get('/api/v1/nodes');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
  });

  test('lists filter by namespace, labelSelector and fieldSelector', async () => {
    const all = (await get('/api/v1/pods')).json();
    expect(all.kind).toBe('PodList');
    expect(all.items.length).toBe(FIXTURES.reduce((n, f) => n + f.pods.length, 0));
    expect(all.items[0].kind).toBeUndefined(); // like a real server: list items carry no kind
    const shop = (await get('/api/v1/namespaces/shop/pods?labelSelector=app%3Dcheckout-api')).json();
    expect(shop.items.map((p: any) => p.metadata.name)).toEqual(['checkout-api-6b7c9d5f4-qp8zn']);
    const setBased = (await get(`/api/v1/pods?labelSelector=${encodeURIComponent('app in (egg,nginx),pod-template-hash!=7c79c4bf97')}`)).json();
    expect(setBased.items.map((p: any) => p.metadata.name)).toEqual(['egg-7b9c4d6f8-kx2vq', 'egg-7b9c4d6f8-p9h4t']);
    const uid = fixture(FOUNDING).pods[0].metadata.uid;
    const evs = (
      await get(
        `/api/v1/namespaces/default/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${FOUNDING_POD},involvedObject.namespace=default,involvedObject.uid=${uid}`)}`,
      )
    ).json();
    expect(evs.kind).toBe('EventList');
    expect(evs.items).toHaveLength(fixture(FOUNDING).events.length);
    expect(evs.items.every((e: any) => e.involvedObject.uid === uid)).toBe(true);
    const warnings = (await get('/api/v1/events?fieldSelector=type%3DWarning,involvedObject.kind%3DPod&limit=3')).json();
    expect(warnings.items).toHaveLength(3);
    expect(warnings.metadata.continue).toBeTruthy();
    const rest = (await get(`/api/v1/events?fieldSelector=type%3DWarning,involvedObject.kind%3DPod&continue=${warnings.metadata.continue}`)).json();
    expect(rest.items.length).toBe(warnings.metadata.remainingItemCount);
  });

  test('serves relative fixture times as absolute RFC3339', async () => {
    const before = Date.now();
    const pod = (await get(`/api/v1/namespaces/default/pods/${FOUNDING_POD}`)).json();
    expect(pod.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const age = (before - Date.parse(pod.metadata.creationTimestamp)) / 1000;
    expect(age).toBeGreaterThan(400);
    expect(age).toBeLessThan(404);
    const ev = (await get('/api/v1/namespaces/default/events'))
      .json()
      .items.find((e: any) => e.reason === 'Scheduled' && e.involvedObject.name === FOUNDING_POD);
    expect(ev.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(ev.firstTimestamp).toBeNull();
  });

  test('answers Accept: as=Table with server-side columns', async () => {
    const table = (await get('/api/v1/namespaces/reportportal/pods', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json')).json();
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    expect(table.rows[0].cells.slice(0, 5)).toEqual(['reportportal-api-587bc87f4-svv6f', '0/1', 'Init:CrashLoopBackOff', '30 (3m12s ago)', '134m']);
    expect(table.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { namespace: 'reportportal' } });
    const events = (await get('/api/v1/namespaces/analytics/events', 'application/json;as=Table;v=v1;g=meta.k8s.io')).json();
    expect(events.rows[0].cells.slice(0, 4)).toEqual(['3m12s', 'Warning', 'FailedScheduling', 'pod/analytics-etl-68d5f9c7b4-tzq8w']);
  });

  test('pods/log: previous, tailLines, container defaulting and kubelet state errors', async () => {
    const base = '/api/v1/namespaces/shop/pods/checkout-api-6b7c9d5f4-qp8zn/log';
    const prev = await get(`${base}?previous=true`);
    expect(prev.type).toBe('text/plain');
    expect(prev.text).toContain('Error: connect ECONNREFUSED 10.56.12.4:5432');
    expect((await get(`${base}?tailLines=2`)).text).toBe('\nNode.js v20.11.1\n');
    const waiting = await get(`/api/v1/namespaces/default/pods/${FOUNDING_POD}/log`);
    expect(waiting.status).toBe(400);
    expect(waiting.json().message).toBe(`container "nginx" in pod "${FOUNDING_POD}" is waiting to start: trying and failing to pull image`);
    expect((await get(`/api/v1/namespaces/default/pods/${FOUNDING_POD}/log?previous=true`)).json().message).toBe(
      `previous terminated container "nginx" in pod "${FOUNDING_POD}" not found`,
    );
    expect((await get('/api/v1/namespaces/db/pods/postgres-0/log')).json().message).toBe('pod postgres-0 does not have a host assigned');
    expect((await get('/api/v1/namespaces/default/pods/initpod/log?container=web-ctr')).text).toBe('exec /bin/sh: exec format error\n');
  });
});

// -------------------------------------------------------------------------------------------------

describe('@kubernetes/client-node 1.4.0 against the emulator', () => {
  let emu: KubeApiEmulator;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;
  beforeAll(async () => {
    emu = await startKubeApiEmulator({
      objects: fixtureObjects(...FIXTURES),
      token: 'test-token',
      faults: { '/pods/slow-pod$': { delayMs: 3_000 }, '/pods/forbidden-pod$': { status: 403, user: 'system:serviceaccount:bots:slackbot' } },
    });
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(emu.writeKubeconfig(tmpDir(), { namespace: 'default', context: 'kube-doctor-test', token: 'test-token' }));
    expect(kc.getCurrentContext()).toBe('kube-doctor-test');
    core = kc.makeApiClient(k8s.CoreV1Api);
    apps = kc.makeApiClient(k8s.AppsV1Api);
  });
  afterAll(() => emu.close());

  test('readNamespacedPod returns the fixture pod with its waiting message', async () => {
    const pod = await core.readNamespacedPod({ name: FOUNDING_POD, namespace: 'default' });
    expect(pod.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(pod.spec?.nodeName).toBe('minikube');
    expect(pod.status?.containerStatuses?.[0].state?.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "docker.io/nginx:1.23"' });
    expect(emu.requests.at(-1)?.userAgent).toMatch(/node-fetch|kubernetes-client-javascript/);
  });

  test("listNamespacedEvent with the describe fieldSelector returns only that pod's events, incl. the DNS error", async () => {
    const uid = fixture(FOUNDING).pods[0].metadata.uid;
    const list = await core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: `involvedObject.name=${FOUNDING_POD},involvedObject.namespace=default,involvedObject.uid=${uid}`,
    });
    expect(list.items).toHaveLength(fixture(FOUNDING).events.length);
    const failed = list.items.find((e) => e.reason === 'Failed' && e.message?.includes('Failed to pull image'));
    expect(failed?.message).toContain(DNS_ERROR);
    expect(failed?.involvedObject.fieldPath).toBe('spec.containers{nginx}');
    expect(failed?.count).toBe(4);
    const scheduled = list.items.find((e) => e.reason === 'Scheduled');
    expect(scheduled?.firstTimestamp).toBeNull();
    expect(scheduled?.reportingComponent).toBe('default-scheduler');
  });

  test('a missing pod is an ApiException with code 404 and a JSON Status body', async () => {
    const err: any = await core.readNamespacedPod({ name: 'nope', namespace: 'default' }).catch((e) => e);
    expect(err).toBeInstanceOf(k8s.ApiException);
    expect(err.code).toBe(404);
    expect(JSON.parse(err.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found' });
  });

  test('a 403 fault reads like an RBAC denial', async () => {
    const err: any = await core.readNamespacedPod({ name: 'forbidden-pod', namespace: 'default' }).catch((e) => e);
    expect(err.code).toBe(403);
    expect(JSON.parse(err.body).message).toBe(
      'pods "forbidden-pod" is forbidden: User "system:serviceaccount:bots:slackbot" cannot get resource "pods" in API group "" in the namespace "default"',
    );
  });

  test('a wrong token gets 401 Unauthorized', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(emu.writeKubeconfig(tmpDir(), { token: 'wrong' }));
    const err: any = await kc
      .makeApiClient(k8s.CoreV1Api)
      .readNamespacedPod({ name: FOUNDING_POD, namespace: 'default' })
      .catch((e) => e);
    expect(err.code).toBe(401);
  });

  test('a delay fault plus an AbortSignal.timeout middleware times out', async () => {
    const timeout = (ms: number) => ({
      pre: (ctx: k8s.RequestContext) => {
        ctx.setSignal(AbortSignal.timeout(ms));
        return new k8s.Observable(Promise.resolve(ctx));
      },
      post: (res: k8s.ResponseContext) => new k8s.Observable(Promise.resolve(res)),
    });
    const started = Date.now();
    const err: any = await core
      .readNamespacedPod({ name: 'slow-pod', namespace: 'default' }, { middleware: [timeout(300)], middlewareMergeStrategy: 'append' })
      .catch((e) => e);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(err.name).toBe('AbortError');
  });

  test('owner lookups: Pod → ReplicaSet → Deployment, and the Deployment selector finds the pod', async () => {
    const pod = await core.readNamespacedPod({ name: FOUNDING_POD, namespace: 'default' });
    const rsRef = pod.metadata!.ownerReferences![0];
    expect(rsRef).toMatchObject({ kind: 'ReplicaSet', name: 'hello-minikube-67b8c7bdfd', controller: true });
    const rs = await apps.readNamespacedReplicaSet({ name: rsRef.name, namespace: 'default' });
    const depRef = rs.metadata!.ownerReferences![0];
    const dep = await apps.readNamespacedDeployment({ name: depRef.name, namespace: 'default' });
    expect(dep.metadata?.uid).toBe(depRef.uid);
    const selector = Object.entries(dep.spec!.selector.matchLabels!)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: selector });
    expect(pods.items.map((p) => p.metadata?.name)).toEqual([FOUNDING_POD]);
    const sts = await apps.readNamespacedStatefulSet({ name: 'postgres', namespace: 'db' });
    expect(sts.spec?.volumeClaimTemplates?.[0].metadata?.name).toBe('data');
  });

  test('readNamespacedPodLog serves previous logs and tailLines', async () => {
    const log = await core.readNamespacedPodLog({ name: 'checkout-api-6b7c9d5f4-qp8zn', namespace: 'shop', previous: true, tailLines: 3 });
    expect(log).toBe('}\n\nNode.js v20.11.1\n');
    const init = await core.readNamespacedPodLog({ name: 'reportportal-api-587bc87f4-svv6f', namespace: 'reportportal', container: 'db-migrate' });
    expect(init).toContain('password authentication failed for user "rpuser"');
  });

  test('listPodForAllNamespaces and readNode', async () => {
    const all = await core.listPodForAllNamespaces({ fieldSelector: 'status.phase=Failed' });
    expect(all.items.map((p) => p.status?.reason)).toEqual(['Evicted', 'Evicted']);
    const node = await core.readNode({ name: 'ip-10-0-3-17.eu-west-1.compute.internal' });
    expect(node.status?.nodeInfo?.containerRuntimeVersion).toBe('containerd://1.7.11');
  });
});

// -------------------------------------------------------------------------------------------------

// One emulator holding every fixture serves every real-kubectl test below (runKubectl keeps kubectl's discovery cache
// beside its kubeconfig, so each binary reads the discovery documents once).
let kubectlEmu: KubeApiEmulator;
let kubeconfig: string;
beforeAll(async () => {
  kubectlEmu = await startKubeApiEmulator({
    objects: fixtureObjects(...FIXTURES),
    faults: {
      '/pods/forbidden-pod$': { status: 403, user: 'system:serviceaccount:bots:slackbot' },
      '/pods/slow-pod$': { delayMs: 5_000 },
    },
  });
  kubeconfig = kubectlEmu.writeKubeconfig(tmpDir());
});
afterAll(() => kubectlEmu?.close());

/** Each binary's `describe pods -A`, run once and shared by the tests that read a pod's describe text. */
const describedPods = new Map<string, Promise<Map<string, string>>>();
const describedPod = async (binary: KubectlBinary, namespace: string, name: string) => {
  if (!describedPods.has(binary.version)) describedPods.set(binary.version, describeAllPods(binary, kubeconfig));
  const text = (await describedPods.get(binary.version)!).get(`${namespace}/${name}`);
  if (text === undefined) throw new Error(`kubectl ${binary.version} describe pods -A printed no pod ${namespace}/${name}`);
  return text;
};

/** Each binary's `get pods -A` rows by namespace/name, as cells (columns are split on their padding), run once. */
const podTables = new Map<string, Promise<Map<string, string[]>>>();
const cells = (row: string) => row.trim().split(/\s{2,}/);
const podRows = (binary: KubectlBinary) => {
  if (!podTables.has(binary.version)) {
    podTables.set(
      binary.version,
      runKubectl(binary, ['get', 'pods', '-A'], kubeconfig).then((r) => {
        if (r.code !== 0) throw new Error(`kubectl get pods -A exited ${r.code}: ${r.stderr}`);
        const [header, ...rows] = r.stdout.trimEnd().split('\n');
        expect(cells(header)).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
        return new Map(rows.map(cells).map((c) => [`${c[0]}/${c[1]}`, c]));
      }),
    );
  }
  return podTables.get(binary.version)!;
};

describe('real kubectl against the emulator', () => {
  /**
   * The founding pod as `binary` describes it: from the shared `describe pods -A` of the newest kubectl and of the
   * versions whose renders are committed (the last test checks those renders against it), else its own describe.
   */
  const describeFounding = async (binary: KubectlBinary) => {
    if (binary === NEWEST || DESCRIBE_VERSIONS.includes(binary.version)) return describedPod(binary, 'default', FOUNDING_POD);
    const r = await runKubectl(binary, ['describe', 'pod', FOUNDING_POD], kubeconfig);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };
  const checkFounding = async (binary: KubectlBinary) => {
    const out = await describeFounding(binary);
    expect(out).toMatch(/^Name:\s+hello-minikube-67b8c7bdfd-965qn$/m);
    expect(out).toMatch(/^Node:\s+minikube\/192\.168\.64\.2$/m);
    expect(out).toMatch(/^Controlled By:\s+ReplicaSet\/hello-minikube-67b8c7bdfd$/m);
    expect(out).toMatch(/^ {4}State:\s+Waiting\n {6}Reason:\s+ImagePullBackOff$/m);
    expect(out).not.toContain('Back-off pulling image "docker.io/nginx:1.23"\n    Ready'); // describe never prints the waiting message
    expect(out).toMatch(/^Events:\n {2}Type {5}Reason {5}Age {19}From {15}Message\n {2}----/m);
    expect(out).toMatch(
      /^ {2}Normal {3}Scheduled {2}6m41s {17}default-scheduler {2}Successfully assigned default\/hello-minikube-67b8c7bdfd-965qn to minikube$/m,
    );
    expect(out).toMatch(
      new RegExp(
        `^ {2}Warning {2}Failed {5}2m2s \\(x4 over 6m39s\\) {2}kubelet {12}Failed to pull image "docker\\.io/nginx:1\\.23": rpc error: code = Unknown desc = Error response from daemon: Get "https://registry-1\\.docker\\.io/v2/": dial tcp: ${DNS_ERROR.replace(/\./g, '\\.')}$`,
        'm',
      ),
    );
    expect(out).toMatch(/^ {2}Normal {3}BackOff {4}87s \(x7 over 6m38s\) {3}kubelet {12}Back-off pulling image "docker\.io\/nginx:1\.23"$/m);
  };
  if (KUBECTLS.length) {
    test.each(KUBECTLS.map((b) => [b.version, b] as [string, KubectlBinary]))(
      'kubectl %s describe pod renders the founding fixture with the DNS error in Events',
      (_v, binary) => checkFounding(binary),
    );
  } else {
    test.skip('kubectl describe pod renders the founding fixture (no kubectl binary found)', () => undefined);
  }

  kubectlTest('kubectl get pods -A prints the Table STATUS column for every fixture', async () => {
    const status = new Map([...(await podRows(NEWEST!)).values()].map((c) => [c[1], c]));
    for (const f of FIXTURES) expect([f.name, status.get(f.pods[0].metadata.name)?.[3]]).toEqual([f.name, f.expected.podStatus]);
    expect(status.get('reportportal-api-587bc87f4-svv6f')).toEqual([
      'reportportal',
      'reportportal-api-587bc87f4-svv6f',
      '0/1',
      'Init:CrashLoopBackOff',
      '30 (3m12s ago)',
      '134m',
    ]);
    expect(status.get(FOUNDING_POD)).toEqual(['default', FOUNDING_POD, '0/1', 'ImagePullBackOff', '0', '6m42s']);
    expect(status.get('orders-svc-6c9f7d8b5-r7kzt')?.slice(2)).toEqual(['0/1', 'Running', '3 (45s ago)', '12m']);
    expect(status.get('legacy-worker-5b7d8c9f6-tn4rs')?.[3]).toBe('Terminating');
  });

  kubectlTest('kubectl get pods -o wide shows IP and NODE', async () => {
    const r = await runKubectl(NEWEST!, ['get', 'pods', '-o', 'wide', '-n', 'default', FOUNDING_POD], kubeconfig);
    const [header, row] = r.stdout.trimEnd().split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(row.split(/\s{2,}/)).toEqual([FOUNDING_POD, '0/1', 'ImagePullBackOff', '0', '6m42s', '10.244.0.5', 'minikube', '<none>', '<none>']);
  });

  kubectlTest('kubectl get events prints LAST SEEN TYPE REASON OBJECT MESSAGE', async () => {
    const r = await runKubectl(NEWEST!, ['get', 'events', '-n', 'default', '--field-selector', `involvedObject.name=${FOUNDING_POD}`], kubeconfig);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(lines).toContain(
      `2m2s        Warning   Failed      pod/${FOUNDING_POD}   Failed to pull image "docker.io/nginx:1.23": rpc error: code = Unknown desc = Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: ${DNS_ERROR}`,
    );
    expect(lines.filter((l) => l.includes(`pod/${FOUNDING_POD}`))).toHaveLength(fixture(FOUNDING).events.length);
  });

  kubectlTest('kubectl describe shows series ages, Terminating, Evicted reason and init containers', async () => {
    const sched = await describedPod(NEWEST!, 'analytics', 'analytics-etl-68d5f9c7b4-tzq8w');
    expect(sched).toMatch(/^ {2}Warning\s+FailedScheduling\s+3m12s \(x4 over 18m\)\s+default-scheduler\s+0\/3 nodes are available: .*2 Insufficient cpu\./m);
    const term = await describedPod(NEWEST!, 'default', 'legacy-worker-5b7d8c9f6-tn4rs');
    expect(term).toMatch(/^Status:\s+Terminating \(lasts 4m30s\)$/m);
    expect(term).toMatch(/^Termination Grace Period:\s+30s$/m);
    const evicted = await describedPod(NEWEST!, 'fate-10000', 'egg-7b9c4d6f8-kx2vq');
    expect(evicted).toMatch(/^Status:\s+Failed$/m);
    expect(evicted).toMatch(/^Reason:\s+Evicted$/m);
    expect(evicted).toMatch(/^Message:\s+The node was low on resource: memory\./m);
    const init = await describedPod(NEWEST!, 'reportportal', 'reportportal-api-587bc87f4-svv6f');
    expect(init).toMatch(/^Init Containers:\n {2}db-migrate:/m);
    expect(init).toMatch(/^ {2}Warning\s+BackOff\s+12s \(x612 over 134m\)\s+kubelet\s+Back-off restarting failed container db-migrate in pod/m);
  });

  kubectlTest("kubectl logs --previous and the kubelet's waiting-container error", async () => {
    const prev = await runKubectl(NEWEST!, ['logs', '-n', 'shop', 'checkout-api-6b7c9d5f4-qp8zn', '--previous'], kubeconfig);
    expect(prev.stdout).toContain("code: 'ECONNREFUSED'");
    const waiting = await runKubectl(NEWEST!, ['logs', FOUNDING_POD], kubeconfig);
    expect(waiting.code).toBe(1);
    expect(waiting.stderr).toBe(
      `Error from server (BadRequest): container "nginx" in pod "${FOUNDING_POD}" is waiting to start: trying and failing to pull image\n`,
    );
  });

  kubectlTest('kubectl reports NotFound, Forbidden and client timeouts from Status objects and delays', async () => {
    const missing = await runKubectl(NEWEST!, ['describe', 'pod', 'nope'], kubeconfig);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    const forbidden = await runKubectl(NEWEST!, ['get', 'pod', 'forbidden-pod'], kubeconfig);
    expect(forbidden.stderr).toBe(
      'Error from server (Forbidden): pods "forbidden-pod" is forbidden: User "system:serviceaccount:bots:slackbot" cannot get resource "pods" in API group "" in the namespace "default"\n',
    );
    const slow = await runKubectl(NEWEST!, ['get', 'pod', 'slow-pod'], kubeconfig, { requestTimeout: '1s' });
    expect(slow.code).toBe(1);
    expect(slow.stderr).toMatch(
      /^Unable to connect to the server: (context deadline exceeded|net\/http: request canceled \(Client\.Timeout exceeded while awaiting headers\))/,
    );
  });

  (findKubectlDispatcher() ? test : test.skip)('the gcloud kubectl dispatcher runs kubectl.1.<serverMinor>', async () => {
    const minor = KUBECTLS[0].minor;
    const emu2 = await startKubeApiEmulator({ objects: { pods: [], events: [] }, serverMinor: String(minor) });
    try {
      const r = await runKubectl('dispatcher', ['version', '-o', 'json'], emu2.writeKubeconfig(tmpDir()));
      expect(JSON.parse(r.stdout).clientVersion.minor).toBe(String(minor));
      expect(emu2.requests.map((q) => q.userAgent)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^kubectl-dispatcher\//), expect.stringMatching(new RegExp(`^kubectl/v1\\.${minor}\\.`))]),
      );
    } finally {
      await emu2.close();
    }
  });
});

// -------------------------------------------------------------------------------------------------

describe('committed kubectl renders (test/fixtures/kubectl-rendered)', () => {
  test('exist for every fixture: describe for kubectl ' + DESCRIBE_VERSIONS.join(' and ') + ', get pods/events for ' + GET_VERSION, () => {
    for (const f of FIXTURES) {
      for (const v of DESCRIBE_VERSIONS) expect([f.name, fs.existsSync(renderedPath(f.name, 'describe', v))]).toEqual([f.name, true]);
      expect(fs.existsSync(renderedPath(f.name, 'get-pods', GET_VERSION))).toBe(true);
      expect(fs.existsSync(renderedPath(f.name, 'get-events', GET_VERSION))).toBe(true);
    }
    const founding = fs.readFileSync(renderedPath(FOUNDING, 'describe', '1.27'), 'utf8');
    expect(founding).toContain(DNS_ERROR);
    expect(founding).toMatch(/^ {2}Normal {3}BackOff {4}87s \(x7 over 6m38s\)/m);
  });

  test("show each fixture's expected STATUS in get pods and its Reason in describe", () => {
    for (const f of FIXTURES) {
      const getPods = fs.readFileSync(renderedPath(f.name, 'get-pods', GET_VERSION), 'utf8');
      const row = getPods.split('\n').find((l) => l.startsWith(f.pods[0].metadata.name + ' '));
      expect([f.name, row?.split(/\s{2,}/)[2]]).toEqual([f.name, f.expected.podStatus]);
      const describe = fs.readFileSync(renderedPath(f.name, 'describe', DESCRIBE_VERSIONS.at(-1)!), 'utf8');
      expect([f.name, describe.includes(f.expected.reason!)]).toEqual([f.name, true]);
    }
  });

  const describeBinaries = KUBECTLS.filter((b) => DESCRIBE_VERSIONS.includes(b.version));
  const getBinary = KUBECTLS.find((b) => b.version === GET_VERSION);
  (describeBinaries.length && !RENDER ? test : test.skip)(
    `match what kubectl prints today: describe for ${describeBinaries.map((b) => b.version).join(' and ') || '(missing)'}, get pods for ${getBinary?.version ?? '(missing)'} (absolute dates masked)`,
    async () => {
      // describe: each version's one `describe pods -A` (the same text `describe pod NAME -n NS` prints against an
      // emulator holding only that fixture, which is how the files were rendered).
      const jobs = FIXTURES.flatMap((f) => describeBinaries.map((binary) => ({ f, binary })));
      const results = await mapLimit(jobs, 3, async ({ f, binary }) => ({
        name: `${f.name}.describe.v${binary.version}`,
        actual: maskAbsoluteDates(await describedPod(binary, f.pods[0].metadata.namespace, f.pods[0].metadata.name)),
        committed: maskAbsoluteDates(fs.readFileSync(renderedPath(f.name, 'describe', binary.version), 'utf8')),
      }));
      for (const r of results) expect({ name: r.name, text: r.actual }).toEqual({ name: r.name, text: r.committed });
      // get pods: each fixture's table was rendered with only its pods (kubectl pads the columns to the rows it
      // prints); its cells, which the emulator serves, are the cells of the same rows in one `get pods -A`.
      if (!getBinary) return;
      const all = await podRows(getBinary);
      for (const f of FIXTURES) {
        const [header, ...rows] = fs
          .readFileSync(renderedPath(f.name, 'get-pods', getBinary.version), 'utf8')
          .trimEnd()
          .split('\n');
        expect(cells(header)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
        const namespace = f.pods[0].metadata.namespace;
        for (const row of rows)
          expect({ fixture: f.name, row: cells(row) }).toEqual({ fixture: f.name, row: all.get(`${namespace}/${cells(row)[0]}`)?.slice(1) });
      }
    },
    120_000,
  );
});
