// Live lookups against the emulator over loopback, through the real @kubernetes/client-node (nothing mocked):
// namespaces, suggestions, access control, every failure the API can give, workload grouping, node conditions,
// logs, the same answer as a paste of `kubectl describe pod`, and the Slack seam, down to real Bolt against the
// Slack emulator. (One file, one emulator holding every fixture: each suite costs ~2 s of CPU to load client-node.)

import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/kube/client.js';
import { createLiveLookup } from '../../src/kube/live.js';
import { lookupPod, type LookupDeps, type LookupResult } from '../../src/kube/lookup.js';
import type { Requester } from '../../src/kube/config.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { DEFAULT_RULES_DIR, loadKnowledgeBase, type KnowledgeBase } from '../../src/rules/load.js';
import { render } from '../../src/render/render.js';
import { toJson } from '../../src/render/json.js';
import type { LiveLookup } from '../../src/slack/deps.js';
import { fixtureObjects, listKubeFixtures, loadKubeFixture, renderedPath } from '../support/kube-fixtures.js';
import { messageEvent, startSlackEmulator, type SlackEmulator } from '../support/slack-emulator.js';
import { FOR_MAC_1317, hasFoundingFix, posts, startKubeDoctor, visible, type Running } from '../slack/helpers.js';
import { liveEmulator, liveSettings, rules, tmpDirs, type LiveEmulator } from './helpers.js';

const tmp = tmpDirs();

type Json = Record<string, any>;

const DNS = loadKubeFixture('minikube-dns-server-misbehaving');
const NOT_FOUND = loadKubeFixture('image-not-found-containerd');
const SECRETS = loadKubeFixture('env-secrets-crashloop');
const POD = DNS.pods[0].metadata.name; // hello-minikube-67b8c7bdfd-965qn, namespace default
const CHECKOUT = 'checkout-api-6b7c9d5f4-qp8zn'; // namespace shop

// --- extra objects -------------------------------------------------------------------------------

/** A copy of a fixture pod (and its events) under another name, namespace, owner and labels. */
function clonePod(
  fixture: Json,
  name: string,
  namespace: string,
  extra: { rs?: string; hash?: string; labels?: Record<string, string> } = {},
): { pod: Json; events: Json[] } {
  const pod = structuredClone(fixture.pods[0]);
  const uid = `7a1b2c3d-0000-4000-8000-${name
    .replace(/[^0-9a-f]/g, '0')
    .padEnd(12, '0')
    .slice(0, 12)}`;
  const oldUid = pod.metadata.uid;
  pod.metadata = {
    ...pod.metadata,
    name,
    namespace,
    uid,
    labels: { ...(extra.labels ?? {}), ...(extra.hash && { 'pod-template-hash': extra.hash }) },
    ownerReferences: extra.rs
      ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: extra.rs, uid: '7a1b2c3d-0000-4000-8000-00000000aaaa', controller: true, blockOwnerDeletion: true }]
      : [],
  };
  const events = fixture.events
    .filter((e: Json) => e.involvedObject.uid === oldUid)
    .map((e: Json, i: number) => {
      const c = structuredClone(e);
      c.metadata = { ...c.metadata, name: `${name}.${i}`, namespace, uid: `${uid.slice(0, -4)}${String(i).padStart(4, '0')}` };
      c.involvedObject = { ...c.involvedObject, name, namespace, uid };
      c.message = String(c.message).replace(fixture.pods[0].metadata.name, name);
      return c;
    });
  return { pod, events };
}

function runningPod(name: string, namespace: string, rs: string, hash: string, labels: Record<string, string>): Json {
  return {
    metadata: {
      name,
      namespace,
      uid: `7a1b2c3d-0000-4000-8000-${'f'.repeat(12)}`,
      creationTimestamp: 'now-1h',
      labels: { ...labels, 'pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: '7a1b2c3d-0000-4000-8000-00000000aaaa', controller: true }],
    },
    spec: { nodeName: 'minikube', containers: [{ name: 'web', image: 'nginx:1.27' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'web', ready: true, restartCount: 0, image: 'nginx:1.27', imageID: '', started: true, state: { running: { startedAt: 'now-1h' } } },
      ],
    },
  };
}

const CART_LABELS = { app: 'cart' };
const CART_HASH = '5d9f8b7c6';
const CART_RS = `cart-${CART_HASH}`;
const cart = [
  clonePod(DNS, `${CART_RS}-bcdfg`, 'shop', { rs: CART_RS, hash: CART_HASH, labels: CART_LABELS }),
  clonePod(DNS, `${CART_RS}-hjklm`, 'shop', { rs: CART_RS, hash: CART_HASH, labels: CART_LABELS }),
  clonePod(NOT_FOUND, `${CART_RS}-npqrs`, 'shop', { rs: CART_RS, hash: CART_HASH, labels: CART_LABELS }),
  clonePod(DNS, `${CART_RS}-tvwxz`, 'shop', { rs: CART_RS, hash: CART_HASH, labels: CART_LABELS }),
];
const cartRunning = runningPod(`${CART_RS}-24567`, 'shop', CART_RS, CART_HASH, CART_LABELS);
const cartDeployment = {
  metadata: { name: 'cart', namespace: 'shop', uid: '7a1b2c3d-0000-4000-8000-00000000dddd', creationTimestamp: 'now-2h', labels: CART_LABELS },
  spec: {
    replicas: 5,
    selector: { matchLabels: CART_LABELS },
    template: { metadata: { labels: CART_LABELS }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  },
  status: { replicas: 5, readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 4 },
};

/** The founding pod's twin in namespace staging: the same name in two namespaces. */
const twin = clonePod(DNS, POD, 'staging');

/** A pod on a node that stopped reporting. */
const NODE_DOWN = 'worker-7';
const lostPod: Json = {
  metadata: {
    name: 'ledger-0',
    namespace: 'payments',
    uid: '7a1b2c3d-0000-4000-8000-00000000eeee',
    creationTimestamp: 'now-3h',
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'ledger', uid: '7a1b2c3d-0000-4000-8000-00000000ffff', controller: true }],
  },
  spec: { nodeName: NODE_DOWN, containers: [{ name: 'ledger', image: 'ledger:2.1' }] },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'False' }],
    containerStatuses: [{ name: 'ledger', ready: true, restartCount: 0, image: 'ledger:2.1', imageID: '', state: { running: { startedAt: 'now-3h' } } }],
  },
};
const lostEvents: Json[] = [
  {
    metadata: { name: 'ledger-0.1', namespace: 'payments', uid: '7a1b2c3d-0000-4000-8000-0000000e0001' },
    involvedObject: { kind: 'Pod', namespace: 'payments', name: 'ledger-0', uid: lostPod.metadata.uid, apiVersion: 'v1' },
    reason: 'NodeNotReady',
    message: 'Node is not ready',
    source: { component: 'node-controller' },
    firstTimestamp: 'now-5m',
    lastTimestamp: 'now-5m',
    count: 1,
    type: 'Warning',
  },
];
const downNode: Json = {
  metadata: { name: NODE_DOWN, uid: '7a1b2c3d-0000-4000-8000-00000000bbbb', creationTimestamp: 'now-30d', labels: { 'kubernetes.io/hostname': NODE_DOWN } },
  spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: 'now-5m' }] },
  status: {
    conditions: [
      { type: 'MemoryPressure', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
      { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
    ],
  },
};

// --- rules that read what only the live path adds (node conditions, logs) ------------------------

let kbPlus: KnowledgeBase;
/** The bundled rules, then test/fixtures/live-only-rules (a second folder, as KUBE_DOCTOR_RULES lists them): a fixed
 *  set of files, so after the first run they come from the rules cache instead of every YAML file being read. */
function rulesPlusLiveOnly(): KnowledgeBase {
  return loadKnowledgeBase([DEFAULT_RULES_DIR, fileURLToPath(new URL('../fixtures/live-only-rules', import.meta.url))].join(path.delimiter));
}

// -------------------------------------------------------------------------------------------------

const fixtures = listKubeFixtures().map(loadKubeFixture);
let live: LiveEmulator;

beforeAll(async () => {
  const objects = fixtureObjects(...fixtures);
  for (const c of [...cart, twin]) {
    objects.pods.push(c.pod);
    objects.events.push(...c.events);
  }
  objects.pods.push(cartRunning, lostPod);
  objects.events.push(...lostEvents);
  objects.deployments!.push(cartDeployment);
  objects.nodes!.push(downNode);
  live = await liveEmulator({ objects });
  kbPlus = rulesPlusLiveOnly();
});

afterAll(async () => {
  await live?.close();
  tmp.removeAll();
});

async function look(ref: string, env: Record<string, string> = {}, who: Requester = {}, extra: Partial<LookupDeps> = {}): Promise<LookupResult> {
  const config = live.config(env);
  return lookupPod(ref, who, { kb: rules(), config, reader: connect(config), ...extra });
}

function diagnosis(r: LookupResult) {
  if (r.kind !== 'diagnosis') throw new Error(`expected a diagnosis, got: ${r.text}`);
  return r.diagnosis;
}

function messageOf(r: LookupResult) {
  if (r.kind !== 'message') throw new Error(`expected a message, got a diagnosis: ${r.diagnosis.findings[0]?.rule}`);
  return r;
}

const requestsSince = (n: number) => live.emu.requests.slice(n).map((r) => decodeURIComponent(r.path));

describe('finding the pod', () => {
  test("NAME in the default namespace: reads the pod, its events (describe's field selector), nothing else", async () => {
    const before = live.emu.requests.length;
    const d = diagnosis(await look(POD));
    expect(d.findings[0]).toMatchObject({ rule: 'image-pull-dns-minikube-hyperkit', category: 'image-pull-dns' });
    expect(d.live).toMatchObject({
      target: { kind: 'Pod', name: POD, namespace: 'default' },
      owner: { kind: 'Deployment', name: 'hello-minikube', namespace: 'default' },
      pods: 1,
      context: 'emulator',
    });
    expect(d.live!.groups).toEqual([
      { count: 1, pods: [POD], status: 'ImagePullBackOff', rule: 'image-pull-dns-minikube-hyperkit', category: 'image-pull-dns', title: d.findings[0].title },
    ]);
    const uid = DNS.pods[0].metadata.uid;
    expect(requestsSince(before)).toEqual([
      `/api/v1/namespaces/default/pods/${POD}`,
      `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=${POD},involvedObject.namespace=default,involvedObject.uid=${uid}&limit=100`,
    ]);
  });

  test.each([
    [`default/${POD}`],
    [`${POD} -n default`],
    [`pod/${POD}`],
    [`kubectl describe pod ${POD} --namespace=default`],
    [`${POD} is broken, can you look?`],
  ])('%s', async (ref) => {
    expect(diagnosis(await look(ref)).live!.target).toEqual({ kind: 'Pod', name: POD, namespace: 'default' });
  });

  test('the waiting message describe hides is read from the pod status', async () => {
    const d = diagnosis(await look('api-gateway-5f6d7c8b9-hw2lm'));
    expect(d.findings[0]?.category).toBe('create-container-config-error');
    expect(d.findings[0].evidence.join('\n')).toContain('secret "api-credentials" not found');
    expect(d.live!.groups[0].status).toBe('CreateContainerConfigError');
  });

  test('not in the default namespace: the allowed namespaces are searched', async () => {
    const d = diagnosis(await look(CHECKOUT, { ALLOWED_NAMESPACES: 'default,shop' }));
    expect(d.live!.target).toEqual({ kind: 'Pod', name: CHECKOUT, namespace: 'shop' });
  });

  test('in several namespaces: both listed, nothing guessed', async () => {
    const m = messageOf(await look(POD, { ALLOWED_NAMESPACES: '*', KUBE_DEFAULT_NAMESPACE: 'tools' }));
    expect(m.reason).toBe('several');
    expect(m.matches).toEqual([`default/${POD}`, `staging/${POD}`]);
    expect(m.text).toContain(`\`${POD}\` exists in several namespaces: \`default/${POD}\`, \`staging/${POD}\`. Say which one, e.g. \`pod ${POD} -n default\`.`);
  });

  test('404: "did you mean" by Jaro–Winkler, and what to paste; never a stack trace', async () => {
    const m = messageOf(await look('hello-minikube-67b8c7bdfd-965qx', { ALLOWED_NAMESPACES: 'default,shop' }));
    expect(m.reason).toBe('not-found');
    expect(m.suggestions![0]).toBe(`default/${POD}`);
    expect(m.text).toBe(
      `There is no pod \`hello-minikube-67b8c7bdfd-965qx\` in namespace \`default\`, \`shop\`. Did you mean: ${m.suggestions!.map((s) => `\`${s}\``).join(', ')}? ` +
        'Paste the output of `kubectl describe pod hello-minikube-67b8c7bdfd-965qx -n default` instead.',
    );
    const short = messageOf(await look('checkout', { ALLOWED_NAMESPACES: 'shop' }));
    expect(short.suggestions).toContain('shop/checkout-api');
    const none = messageOf(await look('zzz-qqq-xxx', { ALLOWED_NAMESPACES: 'default' }));
    expect(none.suggestions).toEqual([]);
    expect(none.text).not.toContain('Did you mean');
  });

  test('404 in Chinese', async () => {
    const config = live.config({ ALLOWED_NAMESPACES: 'default' });
    const m = messageOf(await lookupPod('hello-minikube-67b8c7bdfd-965qx', {}, { kb: rules(), config, reader: connect(config), lang: 'zh' }));
    expect(m.text).toContain('你是不是要找');
    expect(m.text).toContain('请改为粘贴 `kubectl describe pod hello-minikube-67b8c7bdfd-965qx -n default` 的输出。');
  });

  test('text without a pod name', async () => {
    const m = messageOf(await look('why is everything broken?'));
    expect(m.reason).toBe('bad-ref');
  });
});

describe('workloads: identical failures grouped', () => {
  const expectCart = (d: ReturnType<typeof diagnosis>) => {
    expect(d.live!.target).toEqual({ kind: 'Deployment', name: 'cart', namespace: 'shop' });
    expect(d.live!.pods).toBe(5);
    expect(d.live!.groups.map((g) => [g.count, g.category, g.status])).toEqual([
      [3, 'image-pull-dns', 'ImagePullBackOff'],
      [1, 'image-pull-not-found', 'ErrImagePull'],
      [1, undefined, 'Running'],
    ]);
    expect(d.live!.groups[0].pods).toEqual([`${CART_RS}-bcdfg`, `${CART_RS}-hjklm`, `${CART_RS}-tvwxz`]);
    expect(d.findings[0].category).toBe('image-pull-dns');
    expect(d.findings.map((f) => f.category)).toContain('image-pull-not-found');
    expect(d.input.objects[0]).toEqual({ kind: 'Deployment', name: 'cart', namespace: 'shop' });
    const text = render(d, 'text');
    expect(text).toContain('Live: deployment shop/cart · 5 pods · context emulator');
    expect(text).toContain(`  3 of 5 pods: ${d.findings[0].title} [ImagePullBackOff] (${CART_RS}-bcdfg, ${CART_RS}-hjklm, ${CART_RS}-tvwxz)`);
    expect(text).toContain(`  1 of 5 pods: Running (${CART_RS}-24567)`);
    expect(toJson(d).live!.groups[0].count).toBe(3);
  };

  test("deployment/NAME: the Deployment's selector finds its pods; healthy ones are counted, not read", async () => {
    const before = live.emu.requests.length;
    expectCart(diagnosis(await look('deployment/cart -n shop', { ALLOWED_NAMESPACES: 'shop' })));
    const paths = requestsSince(before);
    expect(paths[0]).toBe('/apis/apps/v1/namespaces/shop/deployments/cart');
    expect(paths[1]).toBe('/api/v1/namespaces/shop/pods?labelSelector=app=cart&limit=100');
    expect(paths.filter((p) => p.includes('/events')).length).toBe(4);
    expect(paths.some((p) => p.includes(`involvedObject.name=${CART_RS}-24567`))).toBe(false);
  });

  test("a bare workload name is found through the pods' owners (no read of the Deployment)", async () => {
    const before = live.emu.requests.length;
    expectCart(diagnosis(await look('cart', { ALLOWED_NAMESPACES: 'default,shop' })));
    expect(requestsSince(before).some((p) => p.includes('/deployments'))).toBe(false);
  });

  test('KUBE_MAX_PODS caps the pods examined, and says so', async () => {
    const d = diagnosis(await look('deployment/cart -n shop', { ALLOWED_NAMESPACES: 'shop', KUBE_MAX_PODS: '2' }));
    expect(d.live!.groups[0]).toMatchObject({ count: 2, category: 'image-pull-dns' });
    expect(d.live!.notes).toContain('only 2 of 4 pods examined');
  });

  test('a workload that does not exist', async () => {
    const m = messageOf(await look('statefulset/cart -n shop', { ALLOWED_NAMESPACES: 'shop' }));
    expect(m.reason).toBe('not-found');
    expect(m.text).toContain('There is no statefulset `cart` in namespace `shop`.');
    expect(m.text).toContain('kubectl get events -n shop --sort-by=.lastTimestamp');
  });
});

describe('what only the cluster knows: node conditions, previous logs', () => {
  test('a pod on a NotReady node: the node is read and its conditions reach the rules', async () => {
    const config = live.config({ ALLOWED_NAMESPACES: 'payments' });
    const before = live.emu.requests.length;
    const d = diagnosis(await lookupPod('ledger-0', {}, { kb: kbPlus, config, reader: connect(config) }));
    expect(requestsSince(before)).toContain(`/api/v1/nodes/${NODE_DOWN}`);
    expect(d.findings[0].rule).toBe('test-node-not-ready');
    expect(d.findings[0].evidence).toContain(`Node ${NODE_DOWN} condition Ready=Unknown NodeStatusUnknown: Kubelet stopped posting node status.`);
    expect(d.live!.owner).toEqual({ kind: 'StatefulSet', name: 'ledger', namespace: 'payments' });
  });

  test('a healthy pod does not cost a node read; KUBE_READ_NODES=false never reads nodes; a 403 on the node is a note', async () => {
    let before = live.emu.requests.length;
    await look(POD);
    expect(requestsSince(before).some((p) => p.includes('/nodes/'))).toBe(false);

    before = live.emu.requests.length;
    await look('ledger-0', { ALLOWED_NAMESPACES: 'payments', KUBE_READ_NODES: 'false' });
    expect(requestsSince(before).some((p) => p.includes('/nodes/'))).toBe(false);

    live.emu.setFaults({ '/nodes/': { status: 403 } });
    try {
      const d = diagnosis(await look('ledger-0', { ALLOWED_NAMESPACES: 'payments' }));
      expect(d.live!.notes).toEqual([`node ${NODE_DOWN} not read: 403 Forbidden`]);
      expect(render(d, 'text')).toContain(`Note: node ${NODE_DOWN} not read: 403 Forbidden`);
    } finally {
      live.emu.setFaults(undefined);
    }
  });

  test("KUBE_READ_LOGS: the tail of the crashed container's previous log is evidence, with secrets redacted", async () => {
    const pod = SECRETS.pods[0].metadata;
    const config = live.config({ ALLOWED_NAMESPACES: pod.namespace, KUBE_READ_LOGS: 'true', KUBE_LOG_LINES: '5' });
    const before = live.emu.requests.length;
    const d = diagnosis(await lookupPod(pod.name, {}, { kb: kbPlus, config, reader: connect(config) }));
    expect(requestsSince(before)).toContain(
      `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}/log?container=sync&limitBytes=65536&previous=true&tailLines=5`,
    );
    const finding = d.findings.find((f) => f.rule === 'test-db-auth');
    expect(finding?.evidence).toContain('2026/11/28 17:20:01 FATAL: password authentication failed for user "billing" (SQLSTATE 28P01)');
    const everything = JSON.stringify(toJson(d)) + render(d, 'text') + render(d, 'markdown');
    for (const secret of SECRETS.expected.secrets!) expect(everything).not.toContain(secret);

    // Off by default: no log request at all.
    const before2 = live.emu.requests.length;
    await look(pod.name, { ALLOWED_NAMESPACES: pod.namespace });
    expect(requestsSince(before2).some((p) => p.includes('/log'))).toBe(false);
  });

  test('a 403 on pods/log is a note, the diagnosis stands', async () => {
    live.emu.setFaults({ '/log$': { status: 403 } });
    try {
      const d = diagnosis(await look(CHECKOUT, { ALLOWED_NAMESPACES: 'shop', KUBE_READ_LOGS: 'true' }));
      expect(d.live!.notes).toEqual(['previous log of api not read: 403 Forbidden']);
    } finally {
      live.emu.setFaults(undefined);
    }
  });
});

describe('access control', () => {
  test('a namespace outside ALLOWED_NAMESPACES is refused before any request', async () => {
    const before = live.emu.requests.length;
    const m = messageOf(await look(`${CHECKOUT} -n kube-system`, { ALLOWED_NAMESPACES: 'default,shop' }));
    expect(m.reason).toBe('namespace');
    expect(m.text).toBe(
      `Namespace \`kube-system\` is not one I am allowed to read (allowed: \`default\`, \`shop\`). Paste the output of \`kubectl describe pod ${CHECKOUT} -n kube-system\` instead.`,
    );
    expect(live.emu.requests.length).toBe(before);
  });

  test("unset ALLOWED_NAMESPACES (the bot's default): only the default namespace", async () => {
    const m = messageOf(await look(CHECKOUT));
    expect(m.reason).toBe('not-found');
    expect(m.text).toContain('in namespace `default`.');
    expect(messageOf(await look(`shop/${CHECKOUT}`)).reason).toBe('namespace');
  });

  const channels = { ALLOWED_NAMESPACES: 'default,shop', KUBE_CHANNEL_NAMESPACES: 'C_SHOP=shop;C_ALL=*' };

  test('a channel not allowed to read a namespace', async () => {
    const before = live.emu.requests.length;
    const m = messageOf(await look(`default/${POD}`, channels, { channel: 'C_SHOP', user: 'U1' }));
    expect(m.reason).toBe('channel');
    expect(m.text).toContain('This channel may not read namespace `default` (it may read: `shop`).');
    expect(live.emu.requests.length).toBe(before);

    // A bare name from that channel is only looked for where the channel may read.
    const before2 = live.emu.requests.length;
    const nf = messageOf(await look(POD, channels, { channel: 'C_SHOP', user: 'U1' }));
    expect(nf.text).toContain(`There is no pod \`${POD}\` in namespace \`shop\`.`);
    expect(requestsSince(before2).every((p) => p.includes('/namespaces/shop/'))).toBe(true);

    expect(diagnosis(await look(`default/${POD}`, channels, { channel: 'C_ALL', user: 'U1' })).live!.target.namespace).toBe('default');
    expect(diagnosis(await look(CHECKOUT, channels, { channel: 'C_SHOP', user: 'U1' })).live!.target.namespace).toBe('shop');
  });

  test('an unlisted channel may read nothing; `*` is the entry for unlisted channels', async () => {
    expect(messageOf(await look(POD, channels, { channel: 'C_OTHER' })).text).toContain('Live lookups are not enabled in this channel');
    const withDefault = { ...channels, KUBE_CHANNEL_NAMESPACES: 'C_SHOP=shop;*=default' };
    expect(diagnosis(await look(POD, withDefault, { channel: 'D_DM' })).live!.target.namespace).toBe('default');
  });

  test('KUBE_ALLOWED_USERS', async () => {
    const env = { KUBE_ALLOWED_USERS: 'U_OPS,U_SRE' };
    expect(messageOf(await look(POD, env, { channel: 'C1', user: 'U_INTERN' })).reason).toBe('user');
    expect(diagnosis(await look(POD, env, { channel: 'C1', user: 'U_SRE' })).findings[0].category).toBe('image-pull-dns');
  });
});

describe('failures: what could not be read, and what to paste instead', () => {
  const PASTE = `Paste the output of \`kubectl describe pod ${POD} -n default\` instead.`;
  const withFault = async (faults: Parameters<LiveEmulator['emu']['setFaults']>[0], fn: () => Promise<void>) => {
    live.emu.setFaults(faults);
    try {
      await fn();
    } finally {
      live.emu.setFaults(undefined);
    }
  };

  test('403 Forbidden on the pod', () =>
    withFault({ [`/pods/${POD}$`]: { status: 403 } }, async () => {
      const m = messageOf(await look(POD));
      expect(m.reason).toBe('forbidden');
      expect(m.text).toBe(
        `I am not allowed to read pod "${POD}" in namespace "default" (403 Forbidden: pods "${POD}" is forbidden: User "system:serviceaccount:kube-doctor:kube-doctor" cannot get resource "pods" in API group "" in the namespace "default"). ` +
          `An admin can grant read-only access with deploy/rbac. ${PASTE}`,
      );
    }));

  test('403 on the events only: the pod status still diagnoses, with a note', () =>
    withFault({ '/events$': { status: 403 } }, async () => {
      const d = diagnosis(await look(POD));
      expect(d.live!.notes).toEqual(['events not read: 403 Forbidden']);
      // The pod's status alone: ImagePullBackOff, without the DNS error only the events carry.
      expect(d.findings[0].category).toBe('image-pull-other');
    }));

  test('403 while searching other namespaces: said, not hidden', () =>
    withFault({ '/namespaces/shop/pods$': { status: 403 } }, async () => {
      const m = messageOf(await look('nope-pod', { ALLOWED_NAMESPACES: 'default,shop' }));
      expect(m.text).toContain('I could not search `shop` (403 Forbidden).');
    }));

  test('401 Unauthorized', async () => {
    const secured = await liveEmulator({ objects: fixtureObjects(DNS), token: 'right' });
    try {
      const kubeconfig = secured.emu.writeKubeconfig(tmp.make(), { token: 'wrong', context: 'prod' });
      const config = secured.config({ KUBECONFIG: kubeconfig });
      const m = messageOf(await lookupPod(POD, {}, { kb: rules(), config, reader: connect(config) }));
      expect(m.reason).toBe('unauthorized');
      expect(m.text).toBe(
        `The cluster rejected my credentials (401 Unauthorized) when I read pod "${POD}" in namespace "default"; the token or certificate (context prod) may have expired or be wrong. ${PASTE}`,
      );
    } finally {
      await secured.close();
    }
  });

  test.each([
    [
      500,
      'The Kubernetes API server failed while I read pod "POD" in namespace "default" (500 InternalError: Internal error occurred: etcdserver: request timed out). Try again in a moment.',
    ],
    [
      503,
      'The Kubernetes API server failed while I read pod "POD" in namespace "default" (503 ServiceUnavailable: the server is currently unable to handle the request). Try again in a moment.',
    ],
  ])('%i from the API server', (status, expected) =>
    withFault({ [`/pods/${POD}$`]: { status, message: status === 500 ? 'etcdserver: request timed out' : undefined } }, async () => {
      const m = messageOf(await look(POD));
      expect(m.reason).toBe('server');
      expect(m.text).toBe(`${expected.replace('POD', POD)} ${PASTE}`);
    }),
  );

  test('a timeout (the server answers after 3 s, the timeout is 300 ms)', () =>
    withFault({ [`/pods/${POD}$`]: { delayMs: 3000 } }, async () => {
      const started = Date.now();
      const m = messageOf(await look(POD, { KUBE_TIMEOUT_MS: '300' }));
      expect(Date.now() - started).toBeLessThan(1500);
      expect(m.reason).toBe('timeout');
      expect(m.text).toBe(`The Kubernetes API server did not answer within 0.3 s while I read pod "${POD}" in namespace "default". ${PASTE}`);
    }));

  // A second for each request: the pod, read first, must come back in time on a loaded machine too.
  test('a timeout on the events: a note, bounded as well', () =>
    withFault({ '/events$': { delayMs: 3000 } }, async () => {
      const started = Date.now();
      const d = diagnosis(await look(POD, { KUBE_TIMEOUT_MS: '1000' }));
      expect(Date.now() - started).toBeLessThan(2500);
      expect(d.live!.notes[0]).toMatch(/^events not read: timeout \(no answer within 1000 ms\)$/);
    }));

  test('a refused connection (a closed port on 127.0.0.1)', async () => {
    const gone = await liveEmulator({ objects: { pods: [], events: [] } });
    const config = liveSettings({ KUBECONFIG: gone.emu.writeKubeconfig(tmp.make()) });
    await gone.close();
    const started = Date.now();
    const m = messageOf(await lookupPod(POD, {}, { kb: rules(), config, reader: connect(config) }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(m.reason).toBe('unreachable');
    expect(m.text).toMatch(
      new RegExp(
        `^I could not connect to the Kubernetes API server http://127\\.0\\.0\\.1:\\d+ to read pod "${POD}" in namespace "default": connection refused \\(ECONNREFUSED\\)\\. `,
      ),
    );
    expect(m.text.endsWith(PASTE)).toBe(true);
  });

  test('no kubeconfig at all', async () => {
    const config = { ...live.config(), kubeconfig: undefined, useHomeConfig: false };
    const m = messageOf(await lookupPod(POD, {}, { kb: rules(), config, env: {} }));
    expect(m.reason).toBe('not-configured');
    expect(m.text).toContain('No cluster is connected, so I cannot look');
    expect(m.text).toContain('Set KUBECONFIG');
    expect(m.text.match(/[Nn]o cluster/g)).toHaveLength(1);
    expect(m.text).toContain(`kubectl describe pod ${POD} -n <namespace>`);
    const zh = messageOf(await lookupPod(POD, {}, { kb: rules(), config, env: {}, lang: 'zh' }));
    expect(zh.text).toBe(
      `没有连接集群，所以我无法自己查询 \`${POD}\`。请设置 KUBECONFIG（使用非当前 context 时再设置 KUBE_CONTEXT），或在集群内用 deploy/rbac 中的服务账号运行 kube-doctor。 请改为粘贴 \`kubectl describe pod ${POD} -n <namespace>\` 的输出。`,
    );
    // ~/.kube/config is found from the environment's HOME, as kubectl finds it.
    const home = tmp.make('kube-home-');
    fs.mkdirSync(path.join(home, '.kube'));
    fs.copyFileSync(live.kubeconfig, path.join(home, '.kube', 'config'));
    const viaHome = await lookupPod(POD, {}, { kb: rules(), config: { ...config, useHomeConfig: true }, env: { HOME: home } });
    expect(viaHome.kind).toBe('diagnosis');
  });

  test('http:// without insecure-skip-tls-verify is explained', async () => {
    const file = path.join(tmp.make(), 'kubeconfig');
    const kc = fs.readFileSync(live.kubeconfig, 'utf8').replace(/insecure-skip-tls-verify: true/, 'insecure-skip-tls-verify: false');
    fs.writeFileSync(file, kc);
    const config = live.config({ KUBECONFIG: file });
    const m = messageOf(await lookupPod(POD, {}, { kb: rules(), config, reader: connect(config) }));
    expect(m.reason).toBe('tls');
    expect(m.text).toContain('insecure-skip-tls-verify');
  });
});

describe('the Slack seam', () => {
  test('createLiveLookup(config): (PodRef, ctx) → diagnosis or message; undefined without a cluster', async () => {
    const env = { KUBECONFIG: live.kubeconfig, ALLOWED_NAMESPACES: 'default,shop', KUBE_CHANNEL_NAMESPACES: 'C_SHOP=shop;*=default' };
    const lookup = (await createLiveLookup({ kb: rules(), config: liveSettings(env) }))!;
    expect(lookup).toBeDefined();
    // Type-checks against the Slack app's seam (src/slack/deps.ts) as it is.
    const seam: LiveLookup = lookup;
    expect(seam).toBe(lookup);
    const ok = await lookup({ name: POD }, { userId: 'U1', channelId: 'D1', lang: 'zh' });
    if (ok.kind !== 'diagnosis') throw new Error(`expected a diagnosis, got: ${ok.text}`);
    expect(ok.diagnosis.lang).toBe('zh');
    expect(ok.diagnosis.findings[0].category).toBe('image-pull-dns');
    const denied = await lookup({ name: POD, namespace: 'default' }, { userId: 'U1', channelId: 'C_SHOP', lang: 'en' });
    expect(denied).toEqual({ kind: 'message', text: expect.stringContaining('This channel may not read namespace `default`') });
    const workload = await lookup({ name: 'deployment/cart', namespace: 'shop' }, { userId: 'U1', channelId: 'C_SHOP', lang: 'en' });
    expect(workload.kind === 'diagnosis' && workload.diagnosis.live!.pods).toBe(5);

    expect(await createLiveLookup({ kb: rules(), config: liveSettings(), env: {} })).toBeUndefined();
    await expect(createLiveLookup({ kb: rules(), config: liveSettings({ KUBECONFIG: live.kubeconfig, KUBE_CONTEXT: 'nope' }) })).rejects.toThrow(
      'There is no context "nope"',
    );
  });
});

// The live path and the paste path agree: for every fixture scenario, looking the pod up gives the same first finding
// as pasting what the REAL `kubectl describe pod` 1.33 prints against the same emulator. That text is the committed
// render in test/fixtures/kubectl-rendered: kube-emulator.test runs kubectl 1.33 against the emulator for every
// fixture and fails if what it prints today differs from the render (absolute dates aside).
describe('live lookup == paste of the real `kubectl describe pod`', () => {
  const first = (findings: { rule: string; category: string }[]) => (findings[0] ? { rule: findings[0].rule, category: findings[0].category } : null);

  test.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, f) => {
    const pod = f.pods[0].metadata;
    const result = await look(`${pod.namespace}/${pod.name}`, { ALLOWED_NAMESPACES: '*' });
    if (result.kind !== 'diagnosis') throw new Error(`lookup failed: ${result.text}`);
    const text = fs.readFileSync(renderedPath(f.name, 'describe', '1.33'), 'utf8');
    expect(text).toContain(`Name:`);
    expect(text).toContain(pod.name);
    const pasted = diagnose(text, rules());

    expect(first(result.diagnosis.findings)).toEqual(first(pasted.findings));
    // The fixture's category, except where the cause only shows in the container's log (describe cannot show it,
    // and logs are off here): then the first finding is another one.
    expect({ category: result.diagnosis.findings[0]?.category === f.expected.category }).toEqual({ category: !f.expected.needsLogs });

    // What the live path read about the pod.
    expect(result.diagnosis.live).toMatchObject({ target: { kind: 'Pod', name: pod.name, namespace: pod.namespace }, pods: 1 });
    expect(result.diagnosis.live!.groups[0].status).toBe(f.expected.podStatus);
    expect(result.diagnosis.input.objects).toContainEqual({ kind: 'Pod', name: pod.name, namespace: pod.namespace });
  });

  test('a cause only the log shows (exec format error) is found when logs are read', async () => {
    const f = fixtures.find((x) => x.expected.needsLogs)!;
    const pod = f.pods[0].metadata;
    const result = await look(`${pod.namespace}/${pod.name}`, { ALLOWED_NAMESPACES: '*', KUBE_READ_LOGS: 'true' });
    if (result.kind !== 'diagnosis') throw new Error(`lookup failed: ${result.text}`);
    expect(result.diagnosis.findings[0].category).toBe(f.expected.category);
  });
});

// Live lookups from Slack, end to end: real Bolt against the Slack emulator, real client-node against the API
// emulator. A pod name in a DM, `/kube-doctor pod NAME`, and a channel that may not read the namespace.
describe('from Slack', () => {
  let slack: SlackEmulator;
  let bot: Running;

  beforeAll(async () => {
    slack = await startSlackEmulator();
    const liveLookup = (await createLiveLookup({
      kb: rules(),
      config: live.config({ ALLOWED_NAMESPACES: 'default', KUBE_CHANNEL_NAMESPACES: 'D0LIVE=default;C0OPS=default' }),
    }))!;
    bot = await startKubeDoctor(slack, 'http', { kb: rules(), liveLookup });
  });

  afterAll(async () => {
    await bot.stop();
    await slack.close();
  });

  beforeEach(() => slack.reset());

  test('a pod name in a DM is read from the cluster and diagnosed', async () => {
    const before = live.emu.requests.length;
    await bot.event(messageEvent({ text: `${POD} is broken, can you check?`, channel: 'D0LIVE', channel_type: 'im' }));
    await slack.waitFor((e) => posts(e).length === 1);
    const reply = posts(slack)[0].args;
    expect(hasFoundingFix(reply)).toBe(true);
    expect(visible(reply)).toContain(`Live: pod default/${POD}`);
    expect(visible(reply)).toContain(FOR_MAC_1317);
    expect(requestsSince(before)).toContain(`/api/v1/namespaces/default/pods/${POD}`);
  });

  test('/kube-doctor pod NAME -n NS replies ephemerally with the live diagnosis', async () => {
    await bot.command({ text: `pod ${POD} -n default`, channel_id: 'C0OPS' });
    await slack.waitFor((e) => e.responses.length === 1);
    const body = slack.responses[0].body;
    expect(body.response_type).toBe('ephemeral');
    expect(hasFoundingFix(body)).toBe(true);
  });

  test('a channel not allowed to read the namespace gets told so, and nothing is read', async () => {
    const before = live.emu.requests.length;
    await bot.command({ text: `pod ${POD}`, channel_id: 'C0OTHER' });
    await slack.waitFor((e) => e.responses.length === 1);
    expect(visible(slack.responses[0].body)).toContain('Live lookups are not enabled in this channel');
    expect(live.emu.requests.length).toBe(before);
  });

  test('an unknown pod name gets "did you mean" suggestions', async () => {
    await bot.command({ text: 'pod hello-minikube-67b8c7bdfd-965qm', channel_id: 'C0OPS' });
    await slack.waitFor((e) => e.responses.length === 1);
    expect(visible(slack.responses[0].body)).toContain(POD);
  });
});

// Last in the file, so that it sees every request the tests above made (and is skipped with them under -t).
test('every lookup above only read: GET requests, never a Secret or a ConfigMap', () => {
  expect(live.emu.requests.length).toBeGreaterThan(20);
  expect(new Set(live.emu.requests.map((r) => r.method))).toEqual(new Set(['GET']));
  expect(live.emu.requests.some((r) => /secrets|configmaps/.test(r.path))).toBe(false);
});
