// The pure parts of live lookups: which pod a text names, the settings, who may read what, "did you mean".

import { describe, expect, test } from '@jest/globals';
import { readConfig } from '../../src/config/read.js';
import { parseChannelNamespaces } from '../../src/config/namespaces.js';
import { accessFor } from '../../src/kube/config.js';
import { liveSettings } from './helpers.js';
import { nodeConditionLines, podStatus, suspectNode } from '../../src/kube/evidence.js';
import { ownerOf, selectorString, suggest } from '../../src/kube/target.js';
import { parsePodRef, podNameScore } from '../../src/parse/pod-ref.js';
import { listKubeFixtures, loadKubeFixture } from '../support/kube-fixtures.js';
import { resolveRelativeTimes } from '../support/kube-time.js';

const POD = 'hello-minikube-67b8c7bdfd-965qn';

describe('parsePodRef', () => {
  test.each([
    [POD, { name: POD }],
    [`default/${POD}`, { name: POD, namespace: 'default' }],
    [`${POD} -n default`, { name: POD, namespace: 'default' }],
    [`-n default ${POD}`, { name: POD, namespace: 'default' }],
    [`${POD} --namespace=shop`, { name: POD, namespace: 'shop' }],
    [`${POD} --namespace shop`, { name: POD, namespace: 'shop' }],
    [`${POD} -nshop`, { name: POD, namespace: 'shop' }],
    [`pod/${POD}`, { kind: 'Pod', name: POD }],
    [`pods ${POD}`, { name: POD }],
    [`po/${POD} -n x`, { kind: 'Pod', name: POD, namespace: 'x' }],
    ['deployment/checkout-api', { kind: 'Deployment', name: 'checkout-api' }],
    ['deploy/checkout-api -n shop', { kind: 'Deployment', name: 'checkout-api', namespace: 'shop' }],
    ['shop/deployment/checkout-api', { kind: 'Deployment', name: 'checkout-api', namespace: 'shop' }],
    ['deployment checkout-api', { kind: 'Deployment', name: 'checkout-api' }],
    ['sts/postgres', { kind: 'StatefulSet', name: 'postgres' }],
    ['statefulset/postgres -n db', { kind: 'StatefulSet', name: 'postgres', namespace: 'db' }],
    ['ds/fluent-bit', { kind: 'DaemonSet', name: 'fluent-bit' }],
    ['job/db-migrate', { kind: 'Job', name: 'db-migrate' }],
    // A namespace named like a plural kind: `jobs/x` is NS/NAME, as kubectl users write it.
    ['jobs/report-worker-7d9f8b6c5d-x4k2p', { name: 'report-worker-7d9f8b6c5d-x4k2p', namespace: 'jobs' }],
    [`kubectl describe pod ${POD} -n default`, { name: POD, namespace: 'default' }],
    [`/kube-doctor pod ${POD}`, { name: POD }],
    [`kubectl doctor ${POD}`, { name: POD }],
    [`\`${POD}\``, { name: POD }],
    [`Hello-Minikube-67b8c7bdfd-965qn`, { name: POD }],
    [`${POD} is broken`, { name: POD }],
    [`why is ${POD} crashing?`, { name: POD }],
    [`can you check ${POD} in namespace staging`, { name: POD, namespace: 'staging' }],
    [`${POD} in the staging namespace keeps failing`, { name: POD, namespace: 'staging' }],
    ['postgres-0 is stuck in Pending', { name: 'postgres-0' }],
    ['the deployment checkout-api has no ready pods', { kind: 'Deployment', name: 'checkout-api' }],
    ['fluentd-x7k2p on node 3 keeps restarting', { name: 'fluentd-x7k2p' }],
    ['my pod web-1 and my pod hello-minikube-67b8c7bdfd-965qn', { name: POD }],
  ])('%s', (text, expected) => {
    expect(parsePodRef(text)).toEqual(expected);
  });

  test.each(['', '   ', 'why is everything broken?', 'Back-off pulling image "nginx"', 'a/b/c/d', 'UPPER_CASE!', 'pod/', `${POD} -n Bad_NS`])(
    'no pod in %j',
    (text) => {
      expect(parsePodRef(text)).toBeUndefined();
    },
  );

  test('strict (free text): only explicit kinds or generated pod names', () => {
    expect(parsePodRef('nginx', { strict: true })).toBeUndefined();
    expect(parsePodRef('help', { strict: true })).toBeUndefined();
    expect(parsePodRef('hello world', { strict: true })).toBeUndefined();
    expect(parsePodRef('pod/nginx', { strict: true })).toEqual({ kind: 'Pod', name: 'nginx' });
    expect(parsePodRef(POD, { strict: true })).toEqual({ name: POD });
    expect(parsePodRef('kubectl describe pod nginx', { strict: true })).toEqual({ name: 'nginx' });
    expect(parsePodRef('nginx', {})).toEqual({ name: 'nginx' });
  });

  test('pod-name shapes', () => {
    expect(podNameScore(POD)).toBe(3);
    expect(podNameScore('fluentd-x7k2p')).toBe(2);
    expect(podNameScore('postgres-0')).toBe(1);
    expect(podNameScore('cache-redis')).toBe(0);
    expect(podNameScore('checkout-api')).toBe(0);
  });
});

describe('settings', () => {
  test('defaults', () => {
    expect(liveSettings({})).toEqual({
      kubeconfig: undefined,
      useHomeConfig: false,
      context: undefined,
      inCluster: false,
      defaultNamespace: undefined,
      allowedNamespaces: undefined,
      channelNamespaces: undefined,
      allowedUsers: undefined,
      readLogs: false,
      logLines: 30,
      readNodes: true,
      timeoutMs: 5000,
      maxPods: 20,
    });
  });

  test('from the environment', () => {
    const c = liveSettings({
      KUBECONFIG: '/k/a:/k/b',
      KUBE_CONTEXT: 'prod',
      KUBE_DEFAULT_NAMESPACE: 'shop',
      ALLOWED_NAMESPACES: 'shop, payments',
      KUBE_CHANNEL_NAMESPACES: 'C123=shop,payments;C456=*',
      KUBE_ALLOWED_USERS: 'U1,U2',
      KUBE_READ_LOGS: 'yes',
      KUBE_TIMEOUT_MS: '2500',
      KUBE_READ_NODES: 'off',
      KUBE_LIVE: 'on',
      KUBE_IN_CLUSTER: 'false',
    });
    expect(c).toMatchObject({
      kubeconfig: '/k/a:/k/b',
      context: 'prod',
      defaultNamespace: 'shop',
      allowedNamespaces: ['shop', 'payments'],
      channelNamespaces: { C123: ['shop', 'payments'], C456: '*' },
      allowedUsers: ['U1', 'U2'],
      readLogs: true,
      timeoutMs: 2500,
      readNodes: false,
      useHomeConfig: true,
      inCluster: false,
    });
    expect(liveSettings({ ALLOWED_NAMESPACES: '*' }).allowedNamespaces).toBe('*');
  });

  test.each([
    [{ ALLOWED_NAMESPACES: 'Shop' }, 'ALLOWED_NAMESPACES is malformed: "Shop" is not a namespace name'],
    [{ ALLOWED_NAMESPACES: 'Bad_NS' }, 'ALLOWED_NAMESPACES is malformed: "Bad_NS" is not a namespace name'],
    [{ KUBE_TIMEOUT_MS: 'soon' }, 'KUBE_TIMEOUT_MS is malformed: expected a whole number from 100 to 120000, got "soon".'],
    [{ KUBE_READ_LOGS: 'maybe' }, 'KUBE_READ_LOGS is malformed: expected true or false, got "maybe".'],
    [{ KUBE_CHANNEL_NAMESPACES: 'C1:shop' }, 'KUBE_CHANNEL_NAMESPACES is malformed: "C1:shop" is not CHANNEL=namespace,namespace'],
  ])('%j is refused with a clear message', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });

  test('channel map with newlines', () => {
    expect(parseChannelNamespaces('C1=a\nC2 = b , c\n')).toEqual({ C1: ['a'], C2: ['b', 'c'] });
  });
});

describe('who may read what', () => {
  const config = liveSettings({
    ALLOWED_NAMESPACES: 'default,shop,payments',
    KUBE_CHANNEL_NAMESPACES: 'C_SHOP=shop,kube-system;C_ALL=*',
    KUBE_ALLOWED_USERS: 'U1',
  });
  test.each([
    [{}, { ok: true, namespaces: ['default', 'shop', 'payments'] }],
    [
      { user: 'U1', channel: 'C_SHOP' },
      { ok: true, namespaces: ['shop'] },
    ], // the channel map never widens ALLOWED_NAMESPACES
    [
      { user: 'U1', channel: 'C_ALL' },
      { ok: true, namespaces: ['default', 'shop', 'payments'] },
    ],
    [
      { user: 'U1', channel: 'C_NONE' },
      { ok: false, reason: 'channel' },
    ],
    [
      { user: 'U2', channel: 'C_ALL' },
      { ok: false, reason: 'user' },
    ],
  ])('%j', (who, expected) => {
    expect(accessFor(config, who, 'default')).toEqual(expected);
  });

  test('unset ALLOWED_NAMESPACES: the default namespace only', () => {
    expect(accessFor(liveSettings({}), {}, 'tools')).toEqual({ ok: true, namespaces: ['tools'] });
  });
});

describe('helpers', () => {
  test('suggest: Jaro–Winkler, best first, at most 5, nothing far', () => {
    const names = ['hello-minikube-67b8c7bdfd-965qn', 'hello-minikube', 'checkout-api-6b7c9d5f4-qp8zn', 'checkout-api', 'postgres-0'].map((name) => ({
      namespace: 'default',
      name,
    }));
    expect(suggest('hello-minikube-67b8c7bdfd-965qx', names)[0]).toBe('default/hello-minikube-67b8c7bdfd-965qn');
    expect(suggest('checkot-api', names)[0]).toBe('default/checkout-api');
    expect(suggest('zzzz', names)).toEqual([]);
  });

  test('selectorString', () => {
    expect(
      selectorString({
        matchLabels: { app: 'web', tier: 'fe' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['a', 'b'] },
          { key: 'x', operator: 'Exists' },
          { key: 'y', operator: 'DoesNotExist' },
          { key: 'z', operator: 'NotIn', values: ['c'] },
        ],
      }),
    ).toBe('app=web,tier=fe,env in (a,b),x,!y,z notin (c)');
  });

  test('ownerOf: a ReplicaSet is named as its Deployment; other controllers as they are', () => {
    const dns = loadKubeFixture('minikube-dns-server-misbehaving').pods[0];
    expect(ownerOf(dns)).toEqual({ kind: 'Deployment', name: 'hello-minikube', namespace: 'default' });
    expect(ownerOf(loadKubeFixture('failed-scheduling-unbound-pvc').pods[0])).toEqual({ kind: 'StatefulSet', name: 'postgres', namespace: 'db' });
    expect(ownerOf(loadKubeFixture('exec-format-error').pods[0])).toBeUndefined();
  });

  test.each(listKubeFixtures().map((n) => [n] as const))("podStatus(%s) = the fixture's STATUS column", (name) => {
    const f = loadKubeFixture(name);
    expect(podStatus(resolveRelativeTimes(f.pods[0]))).toBe(f.expected.podStatus);
  });

  test('node trouble: suspected only with signs of it; conditions as lines', () => {
    const pod = {
      spec: { nodeName: 'n1' },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'c', ready: true, state: { running: {} } }] },
    };
    expect(suspectNode(pod, [])).toBe(true);
    expect(suspectNode({ ...pod, status: { ...pod.status, conditions: [{ type: 'Ready', status: 'True' }] } }, [])).toBe(false);
    expect(suspectNode({ spec: {}, status: { phase: 'Pending' } }, [{ reason: 'NodeNotReady' }])).toBe(false);
    expect(suspectNode({ spec: { nodeName: 'n1' }, status: { phase: 'Running' } }, [{ reason: 'NodeNotReady' }])).toBe(true);
    expect(
      nodeConditionLines({
        metadata: { name: 'n1' },
        spec: { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] },
        status: {
          conditions: [
            { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready' },
            { type: 'DiskPressure', status: 'True' },
            { type: 'MemoryPressure', status: 'False' },
          ],
        },
      }),
    ).toEqual([
      'Node n1 condition Ready=False KubeletNotReady: container runtime network not ready',
      'Node n1 condition DiskPressure=True',
      'Node n1 taint node.kubernetes.io/not-ready:NoSchedule',
    ]);
    expect(nodeConditionLines({ metadata: { name: 'n1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } })).toEqual([]);
  });
});
