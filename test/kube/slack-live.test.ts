// Live lookups from Slack, end to end: real Bolt against the Slack emulator, real client-node against the
// Kubernetes API emulator. A pod name in a DM, `/kube-doctor pod NAME`, and the "Check live" button.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createLiveLookup } from '../../src/kube/live.js';
import { fixtureObjects, loadKubeFixture } from '../support/kube-fixtures.js';
import { messageEvent, startSlackEmulator, type SlackEmulator } from '../support/slack-emulator.js';
import { FOR_MAC_1317, hasFoundingFix, kb, posts, startKubeDoctor, visible, type Running } from '../slack/helpers.js';
import { liveEmulator, liveSettings, removeTmpDirs, type LiveEmulator } from './helpers.js';

const POD = 'hello-minikube-67b8c7bdfd-965qn';
let slack: SlackEmulator;
let live: LiveEmulator;
let bot: Running;

beforeAll(async () => {
  live = await liveEmulator({ objects: fixtureObjects(loadKubeFixture('minikube-dns-server-misbehaving')) });
  slack = await startSlackEmulator();
  const liveLookup = (await createLiveLookup({
    kb,
    config: liveSettings({ KUBECONFIG: live.kubeconfig, ALLOWED_NAMESPACES: 'default', KUBE_CHANNEL_NAMESPACES: 'D0LIVE=default;C0OPS=default' }),
  }))!;
  bot = await startKubeDoctor(slack, 'http', { liveLookup });
});

afterAll(async () => {
  await bot.stop();
  await slack.close();
  await live.emu.close();
  removeTmpDirs();
});

test('a pod name in a DM is read from the cluster and diagnosed', async () => {
  slack.reset();
  await bot.event(messageEvent({ text: `${POD} is broken, can you check?`, channel: 'D0LIVE', channel_type: 'im' }));
  await slack.waitFor((e) => posts(e).length === 1);
  const reply = posts(slack)[0].args;
  expect(hasFoundingFix(reply)).toBe(true);
  expect(visible(reply)).toContain(`Live: pod default/${POD}`);
  expect(visible(reply)).toContain(FOR_MAC_1317);
  expect(live.emu.requests.some((r) => r.path.includes(`/pods/${POD}`))).toBe(true);
});

test('/kube-doctor pod NAME -n NS replies ephemerally with the live diagnosis', async () => {
  slack.reset();
  await bot.command({ text: `pod ${POD} -n default`, channel_id: 'C0OPS' });
  await slack.waitFor((e) => e.responses.length === 1);
  const body = slack.responses[0].body;
  expect(body.response_type).toBe('ephemeral');
  expect(hasFoundingFix(body)).toBe(true);
});

test('a channel not allowed to read the namespace gets told so, and nothing is read', async () => {
  slack.reset();
  const before = live.emu.requests.length;
  await bot.command({ text: `pod ${POD}`, channel_id: 'C0OTHER' });
  await slack.waitFor((e) => e.responses.length === 1);
  expect(visible(slack.responses[0].body)).toContain('Live lookups are not enabled in this channel');
  expect(live.emu.requests.length).toBe(before);
});

test('an unknown pod name gets "did you mean" suggestions', async () => {
  slack.reset();
  await bot.command({ text: 'pod hello-minikube-67b8c7bdfd-965qm', channel_id: 'C0OPS' });
  await slack.waitFor((e) => e.responses.length === 1);
  expect(visible(slack.responses[0].body)).toContain(POD);
});
