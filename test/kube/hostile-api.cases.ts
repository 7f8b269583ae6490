// What the API server sends is input like any paste: an answer too large to hold is refused with a clear message
// (the process keeps its memory and keeps working), an object of the wrong shape is refused with the field's
// path instead of a TypeError, and a pod full of secrets looked up from Slack leaves none in the reply, the logs
// or the unmatched store. Real @kubernetes/client-node against the API emulator; the bot wired as in production.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { connect } from '../../src/kube/client.js';
import { createLiveLookup } from '../../src/kube/live.js';
import { lookupPod, type LookupResult } from '../../src/kube/lookup.js';
import { createLogger } from '../../src/ops/log.js';
import { DEFAULT_RULES_DIR } from '../../src/rules/load.js';
import { startBot } from '../../src/server.js';
import { UnmatchedStore } from '../../src/unmatched/store.js';
import { fixtureObjects, loadKubeFixture } from '../support/kube-fixtures.js';
import { blockActionsPayload } from '../support/slack-payloads.js';
import { messageEvent, startSlackEmulator } from '../support/slack-emulator.js';
import { buttons, emulatorConfig, posts, visible } from '../slack/helpers.js';
import { liveEmulator, rules, type LiveEmulator } from './helpers.js';

type Json = Record<string, any>;

const DNS = loadKubeFixture('minikube-dns-server-misbehaving');
const SECRETS = loadKubeFixture('env-secrets-crashloop');
const POD = DNS.pods[0].metadata.name;
const MiB = 1024 * 1024;

/** A copy of the founding pod in namespace `odd`, changed by `edit`. */
function oddPod(name: string, edit: (pod: Json) => void): Json {
  const pod = structuredClone(DNS.pods[0]);
  pod.metadata = { ...pod.metadata, name, namespace: 'odd', uid: `0dd00000-0000-4000-8000-${name.length.toString().padStart(12, '0')}` };
  edit(pod);
  return pod;
}

const ODD: Json[] = [
  oddPod('no-status', (p) => delete p.status),
  oddPod('statuses-string', (p) => (p.status.containerStatuses = 'ImagePullBackOff')),
  oddPod('owner-string', (p) => (p.metadata.ownerReferences = ['ReplicaSet/hello-minikube-67b8c7bdfd'])),
  oddPod('spec-number', (p) => (p.spec = 42)),
  oddPod('state-string', (p) => (p.status.containerStatuses[0].state = 'waiting')),
  oddPod('restarts-text', (p) => (p.status.containerStatuses[0].restartCount = 'three')),
  // A field nobody reads may be anything: client-node's models would throw on it ("data is not iterable").
  oddPod('volumes-number', (p) => (p.spec.volumes = 7)),
];

/** A pod with a 5 MiB annotation: one object over the cap, served as the real API would. */
const heavy = structuredClone(DNS.pods[0]);
heavy.metadata = {
  ...heavy.metadata,
  name: 'heavy-0',
  namespace: 'big',
  uid: '8ea70000-0000-4000-8000-000000000001',
  annotations: { blob: 'x'.repeat(5 * MiB) },
};

// --- a pod carrying secrets in every place a pod can -----------------------------------------------------------

const MARK = {
  env: 'Ev7Kq2Lx9Wm4Rt8Zp3Nc',
  arg: 'Ag5Hw8Qm2Vx7Lk4Pz9Tb',
  annotation: 'An3Jr6Ys9Dc2Fm8Kv5Wq',
  termination: 'Tm4pX9wQ2zLkR7vB',
  event: 'Zk3pQ8rT2vW5yA7bC9dE1fG4hJ6kL0mN',
  log: 'Hz4Wq8Ny2Lc6Rt0VbX5s',
  pem: 'MIIEpAIBAAKCAQEA7Vx2b3Kp9QmT4rW8yZ1cE6fH0jL5nP2sU7vX3aB9dG4hK8mN',
};
const leaky = structuredClone(SECRETS.pods[0]);
{
  const c = leaky.spec.containers[0];
  c.env.push({ name: 'SESSION_SECRET', value: MARK.env });
  c.args = ['--password', MARK.arg, '--listen=:8080'];
  leaky.metadata.annotations = {
    'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ spec: { containers: [{ env: [{ name: 'API_TOKEN', value: MARK.annotation }] }] } }),
  };
  leaky.status.containerStatuses[0].lastState.terminated.message = `panic: dial postgres://billing:${MARK.termination}@postgres.finance:5432/billing: password authentication failed`;
}
const leakyEvents: Json[] = [
  ...SECRETS.events,
  {
    metadata: { name: `${leaky.metadata.name}.leak`, namespace: leaky.metadata.namespace, uid: '1eak0000-0000-4000-8000-000000000001' },
    involvedObject: { kind: 'Pod', namespace: leaky.metadata.namespace, name: leaky.metadata.name, uid: leaky.metadata.uid, apiVersion: 'v1' },
    reason: 'Unhealthy',
    message: `Liveness probe failed: Get "http://10.0.3.77:8080/healthz?access_token=${MARK.event}": dial tcp 10.0.3.77:8080: connect: connection refused`,
    source: { component: 'kubelet' },
    firstTimestamp: 'now-2m',
    lastTimestamp: 'now-1m',
    count: 3,
    type: 'Warning',
  },
];
const leakyLog = [
  '2026/11/28 17:20:01 loading key',
  '-----BEGIN RSA PRIVATE KEY-----',
  MARK.pem,
  'q1R5tW9yB3dF7hJ2kM6nQ0sV4xZ8aC2eG6iL0oP4rT8uW2yA6cE0gI4kM8oQ2sU',
  '-----END RSA PRIVATE KEY-----',
  `2026/11/28 17:20:01 connecting with password=${MARK.log}`,
  '2026/11/28 17:20:01 FATAL: password authentication failed for user "billing" (SQLSTATE 28P01)',
].join('\n');
const ALL_MARKERS = [...Object.values(MARK), ...SECRETS.expected.secrets!];

let live: LiveEmulator;

beforeAll(async () => {
  const objects = fixtureObjects(DNS);
  objects.pods.push(...ODD, heavy, leaky);
  objects.events.push(...leakyEvents);
  objects.logs = { ...objects.logs, [`${leaky.metadata.namespace}/${leaky.metadata.name}/sync/previous`]: leakyLog };
  live = await liveEmulator({ objects });
});

afterAll(async () => {
  await live?.close();
});

async function look(ref: string, env: Record<string, string> = {}): Promise<LookupResult> {
  const config = live.config({ ALLOWED_NAMESPACES: '*', ...env });
  return lookupPod(ref, {}, { kb: rules(), config, reader: connect(config) });
}

function messageOf(r: LookupResult) {
  if (r.kind !== 'message') throw new Error(`expected a message, got a diagnosis: ${r.diagnosis.findings[0]?.rule}`);
  return r;
}

function diagnosisOf(r: LookupResult) {
  if (r.kind !== 'diagnosis') throw new Error(`expected a diagnosis, got: ${r.text}`);
  return r.diagnosis;
}

async function withFaults<T>(faults: Parameters<LiveEmulator['emu']['setFaults']>[0], fn: () => Promise<T>): Promise<T> {
  live.emu.setFaults(faults);
  try {
    return await fn();
  } finally {
    live.emu.setFaults(undefined);
  }
}

describe('an answer too large to hold', () => {
  test('a 300 MB pod list is refused once 4 MiB have come in; memory stays bounded; the next lookup works', async () => {
    globalThis.gc?.();
    const before = process.memoryUsage();
    const m = await withFaults({ '/namespaces/default/pods$': { hugeList: { bytes: 300 * 1000 * 1000 } } }, async () =>
      messageOf(await look('nope-pod', { ALLOWED_NAMESPACES: 'default' })),
    );
    const after = process.memoryUsage();
    expect(m.reason).toBe('too-large');
    expect(m.text).toBe(
      'The Kubernetes API server\'s answer for the pods in namespace "default" is larger than I read at once (more than 4 MiB), so I stopped reading it. ' +
        'Paste the output of `kubectl describe pod nope-pod -n default` instead.',
    );
    // Buffering the body (client-node's own transport) costs at least the 300 MB; the cap holds 4 MiB at most.
    expect((after.rss - before.rss) / MiB).toBeLessThan(100);
    expect((after.arrayBuffers - before.arrayBuffers) / MiB).toBeLessThan(50);
    expect(diagnosisOf(await look(POD)).findings[0].category).toBe('image-pull-dns');
  }, 30_000);

  test('a declared Content-Length over the cap is refused before any of the body is read', async () => {
    const m = await withFaults({ [`/pods/${POD}$`]: { hugeList: { bytes: 50 * MiB, declareLength: true } } }, async () => messageOf(await look(POD)));
    expect(m.reason).toBe('too-large');
    expect(m.text).toContain(`The Kubernetes API server's answer for pod "${POD}" in namespace "default" is larger than I read at once (more than 4 MiB)`);
  });

  test('one object over the cap (a pod with a 5 MiB annotation) is refused', async () => {
    const m = messageOf(await look('big/heavy-0'));
    expect(m.reason).toBe('too-large');
    expect(m.text).toContain('answer for pod "heavy-0" in namespace "big" is larger than I read at once');
  });

  test('an events list over the cap: the pod is still diagnosed, with a note', async () => {
    const d = await withFaults({ '/events$': { hugeList: { bytes: 20 * MiB } } }, async () => diagnosisOf(await look(POD)));
    expect(d.live!.groups[0].status).toBe('ImagePullBackOff');
    expect(d.findings[0].category).toBe('image-pull-other'); // from the status alone: the DNS error is only in the events
    expect(d.live!.notes).toEqual(['events not read: too large (more than 4 MiB)']);
    const config = live.config({ ALLOWED_NAMESPACES: '*' });
    const zh = await withFaults({ '/events$': { hugeList: { bytes: 20 * MiB } } }, async () =>
      diagnosisOf(await lookupPod(POD, {}, { kb: rules(), config, reader: connect(config), lang: 'zh' })),
    );
    expect(zh.live!.notes).toEqual(['未能读取事件：过大 (more than 4 MiB)']);
  });

  test('lists come in pages of 100, following `continue`', async () => {
    const many: Json[] = [];
    for (let i = 0; i < 230; i++) many.push(oddPod(`page-${String(i).padStart(3, '0')}`, (p) => (p.metadata.namespace = 'paged')));
    live.emu.objects.pods.push(...many);
    const before = live.emu.requests.length;
    try {
      const m = messageOf(await look('page-2290', { ALLOWED_NAMESPACES: 'paged' }));
      expect(m.reason).toBe('not-found');
      const lists = live.emu.requests
        .slice(before)
        .map((r) => decodeURIComponent(r.path))
        .filter((p) => p.startsWith('/api/v1/namespaces/paged/pods?'));
      expect(lists).toEqual([
        '/api/v1/namespaces/paged/pods?limit=100',
        `/api/v1/namespaces/paged/pods?continue=${Buffer.from('100').toString('base64')}&limit=100`,
        `/api/v1/namespaces/paged/pods?continue=${Buffer.from('200').toString('base64')}&limit=100`,
      ]);
      expect(m.suggestions).toContain('paged/page-229'); // on the third page
    } finally {
      live.emu.objects.pods.splice(live.emu.objects.pods.length - many.length);
    }
  });
});

describe('an object of the wrong shape', () => {
  const odd = (name: string) => look(`odd/${name}`);
  const refused = (what: string, detail: string) =>
    `The Kubernetes API server's answer for ${what} is not what the Kubernetes API defines (${detail}), so I did not use it.`;

  test.each([
    ['statuses-string', 'status.containerStatuses: expected a list, got a string'],
    ['owner-string', 'metadata.ownerReferences[0]: expected an object, got a string'],
    ['spec-number', 'spec: expected an object, got a number'],
    ['state-string', 'status.containerStatuses[0].state: expected an object, got a string'],
    ['restarts-text', 'status.containerStatuses[0].restartCount: expected a number, got a string'],
  ])('%s: refused, with the field', async (name, detail) => {
    const m = messageOf(await odd(name));
    expect(m.reason).toBe('malformed');
    expect(m.text).toBe(`${refused(`pod "${name}" in namespace "odd"`, detail)} Paste the output of \`kubectl describe pod ${name} -n odd\` instead.`);
  });

  test('a pod with no status yet is diagnosed as what it is (Unknown), not refused', async () => {
    const d = diagnosisOf(await odd('no-status'));
    expect(d.live!.groups[0]).toMatchObject({ count: 1, pods: ['no-status'], status: 'Unknown' });
  });

  test('a field nobody reads (spec.volumes: 7) does not matter', async () => {
    const d = diagnosisOf(await odd('volumes-number'));
    expect(d.live!.groups[0].status).toBe('ImagePullBackOff');
    expect(d.findings[0].category).toBe('image-pull-other');
  });

  test('a list holding one odd pod is refused as a whole, saying which item', async () => {
    const m = messageOf(await look('nope-pod', { ALLOWED_NAMESPACES: 'odd' }));
    expect(m.reason).toBe('malformed');
    expect(m.text).toMatch(
      /^The Kubernetes API server's answer for the pods in namespace "odd" is not what the Kubernetes API defines \(items\[\d\]\.\S+: expected an? \w+, got an? \w+\), so I did not use it\./,
    );
  });

  test('an events list of the wrong shape: a note, the pod status still diagnoses', async () => {
    const body = JSON.stringify({ kind: 'EventList', apiVersion: 'v1', metadata: {}, items: [{ reason: 'Failed', count: '7' }] });
    const d = await withFaults({ '/events$': { body } }, async () => diagnosisOf(await look(POD)));
    expect(d.live!.notes).toEqual(['events not read: malformed (items[0].count: expected a number, got a string)']);
    expect(d.findings[0].category).toBe('image-pull-other');
  });

  test('every field of a pod and its events, given each wrong type in turn: a diagnosis or a sentence, never a throw', async () => {
    const WRONG: unknown[] = [42, 'text', [], {}, null, true, [7], [{}], ['x']];
    /** Every path in `o` (objects and lists, down to the leaves). */
    const paths = (o: unknown, at: (string | number)[] = []): (string | number)[][] =>
      o && typeof o === 'object' ? [at, ...Object.entries(o).flatMap(([k, v]) => paths(v, [...at, Array.isArray(o) ? Number(k) : k]))] : [at];
    const set = (o: Json, path: (string | number)[], value: unknown) => {
      const parent = path.slice(0, -1).reduce((x: Json, k) => x[k], o);
      parent[path.at(-1)!] = value;
    };
    const podEvent = { ...structuredClone(DNS.events[0]), involvedObject: { ...DNS.events[0].involvedObject, name: 'mutant', namespace: 'odd' } };
    const targets: { what: 'pod' | 'event'; path: (string | number)[] }[] = [
      ...paths(DNS.pods[0])
        // Not the name and namespace it is found by, nor the volumes (a long list nobody reads).
        .filter((p) => p.length > 1 && !(p[0] === 'metadata' && (p[1] === 'name' || p[1] === 'namespace')) && !(p[0] === 'spec' && p[1] === 'volumes'))
        .map((path) => ({ what: 'pod' as const, path })),
      ...paths(podEvent)
        .filter((p) => p.length && p[0] !== 'involvedObject')
        .map((path) => ({ what: 'event' as const, path })),
    ];
    const outcomes = new Map<string, number>();
    // One client for the few hundred lookups, as the bot keeps one: a client per lookup only re-read the kubeconfig.
    const config = live.config({ ALLOWED_NAMESPACES: '*' });
    const reader = connect(config);
    live.emu.objects.events.push(podEvent);
    try {
      // Two wrong types per field, in turn, so every type meets every kind of field.
      for (const [i, { what, path }] of targets.entries()) {
        for (const value of [WRONG[i % WRONG.length], WRONG[(i + 4) % WRONG.length]]) {
          const pod = structuredClone(DNS.pods[0]);
          pod.metadata = { ...pod.metadata, name: 'mutant', namespace: 'odd' };
          const event = structuredClone(podEvent);
          set(what === 'pod' ? pod : event, path, value);
          live.emu.objects.pods.push(pod);
          live.emu.objects.events.splice(-1, 1, event);
          try {
            const r = await lookupPod('odd/mutant', {}, { kb: rules(), config, reader });
            const key = r.kind === 'diagnosis' ? 'diagnosis' : r.reason;
            outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
            if (r.kind === 'message') expect({ path: path.join('.'), value, reason: r.reason }).toEqual({ path: path.join('.'), value, reason: 'malformed' });
          } finally {
            live.emu.objects.pods.pop();
          }
        }
      }
    } finally {
      live.emu.objects.events.pop();
    }
    expect(targets.length).toBeGreaterThan(100);
    // Both outcomes happen: wrong types where the lookup reads refuse, elsewhere they do not matter.
    expect([...outcomes.keys()].sort()).toEqual(['diagnosis', 'malformed']);
    expect(outcomes.get('malformed')).toBeGreaterThan(40);
  }, 60_000);

  test.each([
    ['not JSON', '<html>502 Bad Gateway</html>', 'the answer is not JSON'],
    ['a list instead of an object', '[1,2,3]', 'the answer: expected an object, got a list'],
    ['null', 'null', 'the answer: expected an object, got null'],
    ['100,000 nested lists', `{"metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'metadata: expected an object, got a list'],
  ])('%s', async (_what, body, detail) => {
    const m = await withFaults({ [`/pods/${POD}$`]: { body } }, async () => messageOf(await look(POD)));
    expect(m.reason).toBe('malformed');
    expect(m.text).toContain(`(${detail})`);
  });
});

describe('secrets in a pod looked up live', () => {
  test('the emulator serves every marker (the check below can fail)', async () => {
    const ns = leaky.metadata.namespace;
    const raw = [
      await fetch(`${live.emu.url}/api/v1/namespaces/${ns}/pods/${leaky.metadata.name}`).then((r) => r.text()),
      await fetch(`${live.emu.url}/api/v1/namespaces/${ns}/events`).then((r) => r.text()),
      await fetch(`${live.emu.url}/api/v1/namespaces/${ns}/pods/${leaky.metadata.name}/log?container=sync&previous=true`).then((r) => r.text()),
    ].join('\n');
    for (const m of ALL_MARKERS) expect(raw).toContain(m);
  });

  test('from Slack: no marker in the replies, the evidence view, the debug log or the unmatched store', async () => {
    const slack = await startSlackEmulator();
    const dir = mkdtempSync(join(tmpdir(), 'kd-live-secrets-'));
    let log = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        log += String(chunk);
        done();
      },
    });
    const logger = createLogger({ level: 'debug', destination: sink as never });
    const store = new UnmatchedStore(join(dir, 'unmatched.jsonl'));
    const liveLookup = (await createLiveLookup({
      kb: rules(),
      config: live.config({ ALLOWED_NAMESPACES: 'finance', KUBE_CHANNEL_NAMESPACES: '*=finance', KUBE_READ_LOGS: 'true' }),
    }))!;
    const bot = await startBot(emulatorConfig(slack, 'http'), { rulesDir: DEFAULT_RULES_DIR, logger, unmatched: store, liveLookup, healthPort: 0 });
    try {
      const name = leaky.metadata.name;
      await slack.sendEvent(bot.url!, messageEvent({ text: `${name} is broken, can you check?`, channel: 'D0LEAK', channel_type: 'im' }));
      await slack.waitFor((e) => posts(e).length === 1);
      await slack.sendCommand(bot.url!, { command: '/kube-doctor', text: `pod ${name} -n finance`, channel_id: 'C0LEAK' });
      await slack.waitFor((e) => e.responses.length === 1);
      const reply = slack.responses[0].body;
      const evidence = buttons(reply).find((b) => b.action_id === 'kd_show_evidence')!;
      await slack.sendAction(bot.url!, blockActionsPayload({ actionId: 'kd_show_evidence', value: evidence.value, isEphemeral: true }));
      await slack.waitFor((e) => e.responses.length === 2);

      // The lookup read the secret-bearing places, and the lines it quotes show them redacted.
      const shown = [visible(posts(slack)[0].args), visible(reply), visible(slack.responses[1].body)].join('\n');
      expect(shown).toContain(`Live: pod finance/${name}`);
      expect(shown).toContain('Liveness probe failed: Get "http://10.0.3.77:8080/healthz?access_token=[redacted]"');
      expect(shown).toContain('Message: panic: dial postgres://billing:[redacted]@postgres.finance:5432/billing');
      expect(live.emu.requests.some((r) => r.path.includes(`/pods/${name}/log`))).toBe(true);

      const everything = {
        replies: JSON.stringify([...slack.calls, ...slack.responses]),
        log,
        store: readFileSync(store.file, { encoding: 'utf8', flag: 'a+' }),
      };
      const leaks = Object.entries(everything).flatMap(([where, text]) => ALL_MARKERS.filter((m) => text.includes(m)).map((m) => `${m} in ${where}`));
      expect(leaks).toEqual([]);
      expect(log).toContain(`"paste":"${name} is broken, can you check?"`); // the debug log was on: it keeps the text
    } finally {
      await bot.shutdown();
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
