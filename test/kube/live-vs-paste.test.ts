// The live path and the paste path agree: for every fixture scenario, looking the pod up through
// @kubernetes/client-node gives the same first finding as pasting what the REAL `kubectl describe pod` 1.33 prints
// against the same emulator. That text is the committed render in test/fixtures/kubectl-rendered: kube-emulator.test
// runs kubectl 1.33 against the emulator for every fixture and fails if what it prints today differs from the render
// (absolute dates aside), so running kubectl here again (a process per fixture) would only repeat that.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { lookupPod } from '../../src/kube/lookup.js';
import { connect } from '../../src/kube/client.js';
import { fixtureObjects, listKubeFixtures, loadKubeFixture, renderedPath, type KubeFixture } from '../support/kube-fixtures.js';
import { liveEmulator, removeTmpDirs, rules, type LiveEmulator } from './helpers.js';

const FIXTURES: KubeFixture[] = listKubeFixtures().map(loadKubeFixture);

const first = (findings: { rule: string; category: string }[]) => (findings[0] ? { rule: findings[0].rule, category: findings[0].category } : null);

let live: LiveEmulator;
const describeText = new Map(FIXTURES.map((f) => [f.name, fs.readFileSync(renderedPath(f.name, 'describe', '1.33'), 'utf8')]));

beforeAll(async () => {
  live = await liveEmulator({ objects: fixtureObjects(...FIXTURES), serverMinor: '33' });
});

afterAll(async () => {
  await live?.emu.close();
  removeTmpDirs();
});

describe('live lookup == paste of the real `kubectl describe pod`', () => {
  test.each(FIXTURES.map((f) => [f.name, f] as const))('%s', async (_name, f) => {
    const pod = f.pods[0].metadata;
    const config = live.config({ ALLOWED_NAMESPACES: '*' });
    const result = await lookupPod(`${pod.namespace}/${pod.name}`, {}, { kb: rules(), config, reader: connect(config) });
    if (result.kind !== 'diagnosis') throw new Error(`lookup failed: ${result.text}`);
    const text = describeText.get(f.name)!;
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
});

test('a cause only the log shows (exec format error) is found when logs are read', async () => {
  const f = FIXTURES.find((x) => x.expected.needsLogs)!;
  const pod = f.pods[0].metadata;
  const config = live.config({ ALLOWED_NAMESPACES: '*', KUBE_READ_LOGS: 'true' });
  const result = await lookupPod(`${pod.namespace}/${pod.name}`, {}, { kb: rules(), config, reader: connect(config) });
  if (result.kind !== 'diagnosis') throw new Error(`lookup failed: ${result.text}`);
  expect(result.diagnosis.findings[0].category).toBe(f.expected.category);
});
