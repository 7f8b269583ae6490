// Transport guarantees of the real app: HTTP requests must be signed and fresh (401 otherwise, and nothing is
// processed); Socket Mode envelopes are all acknowledged at once; snippet downloads refuse sign-in pages.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSlackFile } from '../../src/slack/files.js';
import { appMentionEvent, blockActionsPayload, messageEvent, SLACK_IDS, startSlackEmulator, type SlackEmulator } from '../support/slack-emulator.js';
import { buttons, COMMAND, founding, posts, sleep, startKubeDoctor, suiteBot } from './helpers.js';

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('HTTP mode', () => {
  const suite = suiteBot('http');
  beforeEach(() => {
    suite.emu.reset();
    suite.bot.logger.lines.length = 0;
  });

  test('checks the bot token with auth.test once, at start', async () => {
    const emu2 = await startSlackEmulator();
    const bot2 = await startKubeDoctor(emu2, 'http');
    expect(emu2.callsTo('auth.test').map((c) => c.token)).toEqual([emu2.botToken]);
    await bot2.stop();
    await emu2.close();
  });

  test('a wrong signature or a stale timestamp gets 401 and nothing is processed', async () => {
    const url = suite.bot.url!;
    const results = [
      await suite.emu.sendCommand(url, { command: COMMAND, text: founding }, { badSignature: true }),
      await suite.emu.sendCommand(url, { command: COMMAND, text: founding }, { timestampOffsetSec: -6 * 60 }),
      await suite.emu.sendEvent(url, messageEvent({ text: founding }), { badSignature: true }),
      await suite.emu.sendEvent(url, appMentionEvent({ text: founding }), { timestampOffsetSec: -6 * 60 }),
      await suite.emu.sendEvent(url, messageEvent({ channel: SLACK_IDS.imChannelId, text: founding }), { badSignature: true, retryNum: 1 }),
      await suite.emu.sendAction(url, blockActionsPayload({ actionId: 'kd_show_evidence', value: 'x' }), { badSignature: true }),
    ];
    expect(results.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    await sleep(300); // time for a (wrongly) dispatched listener to show up
    expect(suite.emu.calls).toEqual([]);
    expect(suite.emu.responses).toEqual([]);
    expect(suite.bot.logger.lines.filter((l) => l.text.includes('Failed to parse and verify the request data'))).toHaveLength(6);
  });

  test('a signed event is acknowledged before the diagnosis is posted', async () => {
    const res = await suite.emu.sendEvent(suite.bot.url!, messageEvent({ text: founding }));
    expect(res.status).toBe(200);
    expect(posts(suite.emu)).toHaveLength(0); // the answer comes after the acknowledgement
    expect(res.ms).toBeLessThan(3000); // Slack's own limit, after which it retries the event
    await suite.emu.waitFor((e) => posts(e).length === 1);
  });

  test("answers Slack's url_verification challenge and a health check", async () => {
    const res = await suite.emu.sendEvent(suite.bot.url!, { type: 'url_verification', token: 't', challenge: 'kd-challenge-1' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'kd-challenge-1' });
    expect(await get(suite.bot.url!.replace('/slack/events', '/healthz'))).toEqual({ status: 200, body: 'ok' });
  });
});

describe('Socket Mode', () => {
  const suite = suiteBot('socket');
  afterAll(() => {
    expect(suite.emu.socket.connections).toBe(0); // stop() waited for the WebSocket to close
  });

  test('connects with the app token through apps.connections.open', () => {
    expect(suite.emu.callsTo('apps.connections.open').map((c) => c.token)).toEqual([suite.emu.appToken]);
    expect(suite.emu.socket.connections).toBe(1);
  });

  test('every envelope is acknowledged at once with an empty payload, ignored ones included', async () => {
    const sent = [
      await suite.emu.socket.sendEnvelope('events_api', messageEvent({ text: founding })),
      await suite.emu.socket.sendEnvelope('events_api', messageEvent({ text: 'lunch?' })),
      await suite.emu.socket.sendEnvelope('events_api', messageEvent({ subtype: 'message_changed', text: 'x' })),
      await suite.emu.socket.sendEnvelope('events_api', appMentionEvent({ text: 'help' })),
      await suite.emu.socket.sendEnvelope('events_api', messageEvent({ text: founding }), { retryAttempt: 1, eventId: 'Ev0SAME', retryReason: 'timeout' }),
      await suite.emu.socket.sendEnvelope('events_api', messageEvent({ text: founding }), { retryAttempt: 2, eventId: 'Ev0SAME', retryReason: 'timeout' }),
      await suite.emu.socket.sendEnvelope('slash_commands', { command: COMMAND, text: founding }),
      await suite.emu.socket.sendEnvelope('slash_commands', { command: COMMAND, text: '' }),
      await suite.emu.socket.sendEnvelope('interactive', blockActionsPayload({ actionId: 'kd_feedback_up', value: 'r|rule' })),
    ];
    expect(sent.map((a) => a.payload)).toEqual(sent.map(() => ({})));
    expect(suite.emu.socket.acks).toHaveLength(suite.emu.socket.envelopes.length);
    for (const [i, env] of suite.emu.socket.envelopes.entries()) expect(suite.emu.socket.acks[i].envelope_id).toBe(env.envelope_id);
  });
});

test('KUBE_DOCTOR_FEEDBACK_LOG: each 👍/👎 is appended as a JSON line with the rule id', async () => {
  const emu = await startSlackEmulator();
  const file = join(mkdtempSync(join(tmpdir(), 'kd-feedback-')), 'feedback.jsonl');
  const bot = await startKubeDoctor(emu, 'http', {}, { KUBE_DOCTOR_FEEDBACK_LOG: file });
  try {
    await bot.event(messageEvent({ text: founding }));
    await emu.waitFor((e) => posts(e).length === 1);
    const down = buttons(posts(emu)[0].args).find((b) => b.action_id === 'kd_feedback_down')!;
    await bot.action(blockActionsPayload({ actionId: 'kd_feedback_down', value: down.value }));
    await emu.waitFor((e) => e.responses.length === 1);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      {
        at: expect.any(String),
        vote: 'down',
        rule: 'image-pull-dns-minikube-hyperkit',
        reportId: down.value.split('|')[0],
        user: SLACK_IDS.userId,
        channel: SLACK_IDS.channelId,
      },
    ]);
  } finally {
    await bot.stop();
    await emu.close();
  }
});

describe("snippet downloads (readSlackFile against the emulator's file hosting)", () => {
  let emu: SlackEmulator;
  beforeAll(async () => {
    emu = await startSlackEmulator();
  });
  afterAll(() => emu.close());

  const opts = (emu: SlackEmulator, token: string) => ({ token, maxBytes: 1 << 20, extraTrustedHosts: [new URL(emu.url).host] });

  test('with the bot token: the text', async () => {
    const f = emu.addFile({ name: 'events.txt', content: founding });
    expect(await readSlackFile(f, opts(emu, emu.botToken))).toEqual({ ok: true, name: 'events.txt', text: founding });
  });

  test('without a valid token Slack serves a 200 HTML sign-in page, or a redirect to one: both refused as html', async () => {
    emu.downloads.length = 0;
    const page = emu.addFile({ name: 'a.txt', content: founding });
    const redirect = emu.addFile({ name: 'b.txt', content: founding, htmlWithoutAuth: false });
    expect(await readSlackFile(page, opts(emu, 'xoxb-not-ours'))).toMatchObject({ ok: false, problem: 'html', detail: 'content-type text/html' });
    expect(await readSlackFile(redirect, opts(emu, 'xoxb-not-ours'))).toMatchObject({ ok: false, problem: 'html', detail: expect.stringMatching(/^HTTP 302/) });
    expect(emu.downloads.map((d) => d.status)).toEqual([200, 302]); // the sign-in page itself was never followed
  });

  test('the bot token is never sent to a host that is not Slack', async () => {
    const f = emu.addFile({ name: 'c.txt', content: 'x' });
    emu.downloads.length = 0;
    expect(await readSlackFile(f, { token: emu.botToken, maxBytes: 1000 })).toMatchObject({
      ok: false,
      problem: 'failed',
      detail: expect.stringContaining('refusing to send the bot token'),
    });
    expect(emu.downloads).toEqual([]);
  });

  test('a file larger than declared is cut off at the cap while streaming', async () => {
    const f = emu.addFile({ name: 'd.txt', content: 'y'.repeat(5000), size: 10 });
    expect(await readSlackFile(f, { ...opts(emu, emu.botToken), maxBytes: 1000 })).toMatchObject({ ok: false, problem: 'too-big' });
  });
});
