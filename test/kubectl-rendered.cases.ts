// Text printed by real kubectl (1.27 and 1.33, via the API emulator) from the JSON fixtures in test/fixtures/kube must
// parse to the same pods, containers and events as the JSON itself parsed through parseStructured: whatever kubectl
// shows, the line scanner reads back. What describe does not print (waiting messages, the container of an event before
// 1.35) is left out of the comparison, on purpose and by name below.
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { parseStructured } from '../src/parse/structured.js';
import type { ContainerInfo, ContainerState, EventRecord, Evidence, PodRecord } from '../src/model/evidence.js';
import { listKubeFixtures, loadKubeFixture, renderedPath, type KubeFixture } from './support/kube-fixtures.js';
import { parsePaste } from './support/paste.js';

const DESCRIBE_VERSIONS = ['1.27', '1.33'];
const scenarios = listKubeFixtures().filter((name) => existsSync(renderedPath(name, 'describe', '1.33')));

function structured(items: unknown[]): Evidence {
  const ev = parseStructured(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  if (!ev) throw new Error('the fixture did not parse as JSON');
  return ev;
}

/** describe prints Reason / Exit Code / Signal of a state, and Message only for Terminated. */
const stateView = (s: ContainerState | undefined) =>
  s && {
    state: s.state,
    reason: s.reason,
    exitCode: s.exitCode,
    signal: s.signal || undefined,
    message: s.state === 'terminated' ? s.message?.split('\n')[0].trim() || undefined : undefined,
  };
const containerView = (c: ContainerInfo) => ({
  name: c.name,
  init: c.init,
  image: c.image,
  state: stateView(c.state),
  lastState: c.lastState?.state === 'terminated' ? stateView(c.lastState) : undefined, // only a terminated last state is printed
  ready: c.ready,
  restartCount: c.restartCount,
});
const podView = (p: PodRecord) => ({
  name: p.name,
  namespace: p.namespace,
  node: p.node,
  status: p.status,
  reason: p.reason,
  containers: p.containers.map(containerView),
});

/** An event as describe shows it: the message TrimSpace'd, its embedded newlines joined by the parser; count 1 unshown. */
const oneLine = (m: string) => m.trim().replace(/\s*\n\s*/g, ' ');
const describedEvent = (e: EventRecord) => [e.type, e.reason, e.source, e.count ?? 1, oneLine(e.message)].join(' | ');
/** An event as `kubectl get events` shows it: the message cut at its first newline, with `...`. */
const listedEvent = (e: EventRecord) => {
  const message = e.message.trim();
  const cut = message.includes('\n') ? message.split('\n')[0] + '...' : message;
  return [e.type, e.reason, e.object?.kind, e.object?.name, cut].join(' | ');
};

function podEvents(f: KubeFixture, pod: Record<string, any>) {
  return f.events.filter((e) => (e.involvedObject ?? e.regarding)?.uid === pod.metadata.uid);
}

describe.each(scenarios)('%s rendered by real kubectl', (name) => {
  const fixture = loadKubeFixture(name);
  const pod = fixture.pods[0];
  const fromJson = structured([pod, ...podEvents(fixture, pod)]);

  test.each(DESCRIBE_VERSIONS)('describe (kubectl %s): same pod, containers and events as the JSON', (version) => {
    const text = readFileSync(renderedPath(name, 'describe', version), 'utf8');
    const fromText = parsePaste(text);
    expect(fromText.kind).toBe('describe-pod');
    expect(fromText.objects.map(podView)).toEqual(fromJson.objects.map(podView));
    expect(fromText.objects[0].conditions).toEqual(fromJson.objects[0].conditions.map((c) => ({ type: c.type, status: c.status })));
    expect(fromText.events.map(describedEvent).sort()).toEqual(fromJson.events.map(describedEvent).sort());
    expect(fromText.events.every((e) => e.object?.name === pod.metadata.name && e.object?.namespace === pod.metadata.namespace)).toBe(true);
    // Nothing of the describe output is left over as loose lines.
    expect(fromText.lines).toEqual([]);
  });

  test('get pods: every pod of the namespace, with the STATUS the fixture expects for the primary pod', () => {
    const fromText = parsePaste(readFileSync(renderedPath(name, 'get-pods', '1.33'), 'utf8'));
    const namespaced = fixture.pods.filter((p) => p.metadata.namespace === pod.metadata.namespace);
    expect(fromText.kind).toBe('get-pods');
    expect(fromText.objects.map((o) => o.name).sort()).toEqual(namespaced.map((p) => p.metadata.name).sort());
    const primary = fromText.objects.find((o) => o.name === pod.metadata.name)!;
    if (fixture.expected.podStatus) expect(primary.status).toBe(fixture.expected.podStatus);
    expect(primary.ready).toMatch(new RegExp(`^\\d+/${pod.spec.containers.length}$`));
  });

  test('get events: every event of the namespace with its object and message', () => {
    const fromText = parsePaste(readFileSync(renderedPath(name, 'get-events', '1.33'), 'utf8'));
    const namespaced = structured(fixture.events.filter((e) => e.metadata?.namespace === pod.metadata.namespace));
    expect(fromText.events.map(listedEvent).sort()).toEqual(namespaced.events.map(listedEvent).sort());
  });
});

test('rendered fixtures are present', () => {
  expect(scenarios.length).toBeGreaterThanOrEqual(15);
});
