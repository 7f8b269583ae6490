// Running it in production: health, readiness and metrics endpoints in both modes, unmatched pastes recorded, and
// Slack-side faults the bot must survive or refuse clearly (a hung Web API call, a signed request from the future).
// (A SIGTERM that arrives while a reply is still on its way: state.test.ts, on a replica of the real process.)
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type RunningBot } from '../src/server.js';
import { DEFAULT_RULES_DIR } from '../src/rules/load.js';
import { UnmatchedStore } from '../src/unmatched/store.js';
import { createLogger } from '../src/ops/log.js';
import { appMentionEvent, messageEvent, startSlackEmulator, type SlackEmulator } from './support/slack-emulator.js';
import { emulatorConfig, founding, posts, visible } from './slack/helpers.js';
import { capturedLogger } from './support/captured-log.js';

let emu: SlackEmulator;
const tmp = mkdtempSync(join(tmpdir(), 'kd-ops-'));
const quiet = createLogger({ level: 'silent' });

beforeAll(async () => {
  emu = await startSlackEmulator();
});
afterAll(async () => {
  await emu.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function bot(mode: 'http' | 'socket'): Promise<{ bot: RunningBot; base: string; store: UnmatchedStore }> {
  const config = emulatorConfig(emu, mode);
  const store = new UnmatchedStore(join(tmp, `${mode}-unmatched.jsonl`));
  const b = await startBot(config, {
    rulesDir: DEFAULT_RULES_DIR,
    logger: quiet,
    healthPort: 0,
    unmatched: store,
    retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 },
  });
  const port = mode === 'http' ? Number(new URL(b.url!).port) : (b.healthServer!.address() as AddressInfo).port;
  return { bot: b, base: `http://127.0.0.1:${port}`, store };
}

describe.each(['http', 'socket'] as const)('%s mode', (mode) => {
  test('/healthz, /readyz and /metrics; diagnoses by category and unmatched pastes are counted', async () => {
    emu.reset();
    const { bot: b, base, store } = await bot(mode);
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true, checks: { rules: true, slack: true } });

      const send = async (text: string) => {
        const ev = messageEvent({ text, channel_type: 'im', channel: 'D0KD' });
        if (mode === 'http') await emu.sendEvent(b.url!, ev);
        else await emu.socket.sendEnvelope('events_api', ev);
      };
      await send(founding);
      await send('Warning  FrobnicationFailed  3s  kubelet  the frobnicator is out of flux capacitors');
      await emu.waitFor((e) => posts(e).length === 2);

      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/kube_doctor_requests_total\{surface="direct message"\} 2/);
      expect(metrics).toMatch(/kube_doctor_diagnoses_total\{category="image-pull-dns"\} 1/);
      expect(metrics).toMatch(/kube_doctor_unmatched_pastes_total\{surface="slack"\} 1/);
      expect(metrics).toMatch(/kube_doctor_reply_seconds_count\{surface="direct message"\} 2/);
      expect(metrics).toContain('kube_doctor_process_cpu_user_seconds_total');
      expect(store.list()[0].text).toContain('frobnicator is out of flux capacitors');

      await b.shutdown();
      if (mode === 'socket') await expect(fetch(`${base}/readyz`)).rejects.toThrow();
    } finally {
      await b.shutdown();
    }
  });
});

test('questions in a DM are answered by the question matcher; logs carry a paste hash and size, never its text', async () => {
  emu.reset();
  const { logger, lines } = capturedLogger('info');
  const config = emulatorConfig(emu, 'http');
  const b = await startBot(config, { rulesDir: DEFAULT_RULES_DIR, logger, unmatched: new UnmatchedStore(join(tmp, 'q.jsonl')), liveLookup: false });
  try {
    await emu.sendEvent(b.url!, messageEvent({ text: 'why is my pod stuck in CrashLoopBackOff?', channel: 'D0Q', channel_type: 'im' }));
    await emu.sendEvent(b.url!, messageEvent({ text: '为啥叫ImagePullBackOff？退避算法是什么', channel: 'D0Q', channel_type: 'im' }));
    await emu.waitFor((e) => posts(e).length === 2);
    const [crash, backoff] = posts(emu).map((c) => visible(c.args));
    expect(crash).toMatch(/crashloop/i);
    expect(backoff).toContain('退避');
    await emu.sendEvent(b.url!, messageEvent({ text: founding, channel: 'D0Q', channel_type: 'im' }));
    await emu.waitFor((e) => posts(e).length === 3);
    const logged = lines.join('');
    expect(logged).toMatch(/"pasteHash":"[0-9a-f]{16}","pasteBytes":\d+/);
    expect(logged).not.toContain('server misbehaving');
    expect(logged).not.toContain(emu.botToken);
    // Symptom first, through the production wiring: a vague plea gets what to run; chatter gets one line in a DM
    // and nothing when the bot is mentioned in a channel (the mention goes first: replies keep arrival order).
    await emu.sendEvent(b.url!, appMentionEvent({ text: 'how do I write a helm chart template?', channel: 'C0Q' }));
    await emu.sendEvent(b.url!, messageEvent({ text: 'my pod is not working', channel: 'D0Q', channel_type: 'im' }));
    await emu.sendEvent(b.url!, messageEvent({ text: 'hi there', channel: 'D0Q', channel_type: 'im' }));
    await emu.waitFor((e) => posts(e).length === 5);
    const [vague, chatter] = posts(emu)
      .slice(3)
      .map((c) => visible(c.args));
    expect(vague).toContain('kubectl describe pod POD -n NAMESPACE');
    expect(new Set(chatter.trim().split('\n'))).toEqual(new Set([chatter.trim().split('\n')[0]])); // one line (fallback text and block)
    expect(chatter).toContain('I diagnose failing Kubernetes pods');
    expect(posts(emu).filter((c) => c.args.channel === 'C0Q')).toEqual([]);
  } finally {
    await b.shutdown();
  }
});

describe('faults on the Slack side', () => {
  test('a hung Web API call is abandoned after the timeout, logged and counted, and the user gets the apology', async () => {
    emu.reset();
    const { logger, lines } = capturedLogger('info');
    const b = await startBot(emulatorConfig(emu, 'http'), {
      rulesDir: DEFAULT_RULES_DIR,
      logger,
      unmatched: new UnmatchedStore(join(tmp, 'hung.jsonl')),
      liveLookup: false,
      retryConfig: { retries: 0 },
      apiTimeoutMs: 1000,
    });
    try {
      emu.hangOnce('chat.postMessage');
      const started = Date.now();
      expect((await emu.sendEvent(b.url!, messageEvent({ text: founding }))).status).toBe(200);
      await emu.waitFor((e) => posts(e).some((c) => c.status === 200), 15_000);
      const answered = posts(emu).filter((c) => c.status === 200);
      expect(visible(answered[0].args)).toMatch(/Sorry, something went wrong on my side/);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(posts(emu)[0].status).toBe(0); // the first call was the one left hanging
      expect(lines.join('')).toMatch(/timeout|timed out|ETIMEDOUT|ECONNABORTED/i);
      expect(await b.metrics.registry.getSingleMetricAsString('kube_doctor_reply_failures_total')).toMatch(
        /kube_doctor_reply_failures_total\{surface="[^"]+",cause="slack-api"\} 1/,
      );
    } finally {
      await b.shutdown();
    }
  }, 30_000);

  test('a signed request dated more than 5 minutes ahead is refused; 4 minutes ahead is accepted', async () => {
    emu.reset();
    const b = await startBot(emulatorConfig(emu, 'http'), {
      rulesDir: DEFAULT_RULES_DIR,
      unmatched: new UnmatchedStore(join(tmp, 'ts.jsonl')),
      liveLookup: false,
      logger: createLogger({ level: 'error' }),
    });
    try {
      const future = await emu.sendEvent(b.url!, messageEvent({ text: founding }), { timestampOffsetSec: 6 * 60 });
      expect(future.status).toBe(401);
      const near = await emu.sendEvent(b.url!, messageEvent({ text: founding }), { timestampOffsetSec: 4 * 60 });
      expect(near.status).toBe(200);
      await emu.waitFor((e) => posts(e).length === 1);
      expect(posts(emu)).toHaveLength(1);
    } finally {
      await b.shutdown();
    }
  }, 30_000);
});
