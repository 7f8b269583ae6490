// The shared-state contract, run against both implementations: memory (one replica) and Redis (a real
// redis-server on a loopback port, two clients standing for two replicas). Then Redis faults: calls fail open
// to memory, are counted and warned about, and the shared store is used again once Redis is back.
// Then the same redis-server shared by two replicas of the real bot (`npm start`, dist/main.js, two processes) in
// HTTP mode against the Slack emulator, through REDIS_URL: a message Slack delivers to both and then redelivers is
// answered once (and its buttons work on either replica), a replayed slash command once, an unmatched paste is
// listed by `kube-doctor unmatched` from anywhere; when Redis goes away the bot keeps answering, then shares again
// once Redis is back; and a replica stopped mid-reply (a rolling update) still delivers it.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, readConfig } from '../src/config/read.js';
import { stateConfig } from '../src/state/config.js';

const readStateConfig = (env: Record<string, string>) => stateConfig(readConfig(env));
import { failOpen } from '../src/state/fail-open.js';
import { MemoryState } from '../src/state/memory.js';
import { RedisState } from '../src/state/redis.js';
import type { SharedState } from '../src/state/state.js';
import { MAX_UNMATCHED, UnmatchedStore, unmatchedEntry } from '../src/unmatched/store.js';
import { dirWithEnv, freePort, type Proc, start } from './support/bot-process.js';
import { runCli } from './support/cli.js';
import { findRedisServer, startRedisServer, type RedisServer } from './support/redis-server.js';
import { blockActionsPayload, eventCallback, messageEvent, type SlackEmulator, startSlackEmulator } from './support/slack-emulator.js';
import { buttons, COMMAND, founding, hasFoundingFix, httpEnvLines, posts, visible } from './slack/user-view.js';

const hasRedis = Boolean(findRedisServer());
if (!hasRedis) console.warn('redis-server is not installed (apt-get install redis-server): the Redis tests are skipped');
const withRedis = hasRedis ? describe : describe.skip;

const count = (text: string, re: RegExp) => (text.match(new RegExp(re.source, 'g')) ?? []).length;
const UNKNOWN = 'Warning  FrobnicationFailed  3s  kubelet  the frobnicator is out of flux capacitors';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const localStore = () => new UnmatchedStore(join(mkdtempSync(join(tmpdir(), 'kd-state-')), 'unmatched.jsonl'));
let unique = 0;
const key = (what: string) => `${what}-${process.pid}-${++unique}`;

/** The same contract for each implementation; `a` and `b` are two replicas' views (the same object for memory). */
function contract(name: string, open: () => Promise<{ a: SharedState; b: SharedState; close(): Promise<void> }>) {
  describe(name, () => {
    let a: SharedState, b: SharedState, close: () => Promise<void>;
    beforeAll(async () => ({ a, b, close } = await open()));
    afterAll(() => close());

    test('claim: of many simultaneous claims on one key exactly one wins; other keys are independent', async () => {
      const k = key('event');
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim(k, 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await a.claim(key('event'), 60_000)).toBe(true);
    });

    test('claim: an in-progress marker runs out; extended, it is kept', async () => {
      const lost = key('lost');
      const kept = key('kept');
      expect(await a.claim(lost, 150)).toBe(true);
      expect(await a.claim(kept, 150)).toBe(true);
      await a.extend(kept, 60_000);
      expect(await b.claim(lost, 150)).toBe(false);
      await sleep(300);
      expect(await b.claim(lost, 150)).toBe(true); // the first holder died: a later redelivery is answered
      expect(await b.claim(kept, 150)).toBe(false);
    });

    test('hit: counts per key within a window, shared by the replicas', async () => {
      const user = key('rate');
      expect([await a.hit(user, 60_000), await b.hit(user, 60_000), await a.hit(user, 60_000)]).toEqual([1, 2, 3]);
      expect(await b.hit(key('rate'), 60_000)).toBe(1);
    });

    test('put/get: a value is read back by the other replica until it expires', async () => {
      const k = key('report');
      await a.put(k, '{"lang":"zh"}', 150);
      expect(await b.get(k)).toBe('{"lang":"zh"}');
      expect(await b.get(key('report'))).toBeUndefined();
      await sleep(300);
      expect(await b.get(k)).toBeUndefined();
    });

    test('votes: counted per rule and direction', async () => {
      const rule = key('rule');
      await a.recordVote(rule, 'up');
      await b.recordVote(rule, 'up');
      await b.recordVote(rule, 'down');
      expect((await a.votes())[rule]).toEqual({ up: 2, down: 1 });
    });

    test('unmatched pastes: redacted, once per paste, newest first, bounded in count', async () => {
      const tag = key('paste');
      await a.addUnmatched(unmatchedEntry(`Warning  Weird  3s  kubelet  ${tag} first, token=abc123def`, 'slack', 'describe-pod'));
      await sleep(2);
      const second = unmatchedEntry(`Warning  Odd  1s  kubelet  ${tag} second`, 'slack', 'describe-pod');
      await b.addUnmatched(second);
      await a.addUnmatched(second);
      const listed = (await b.listUnmatched(MAX_UNMATCHED)).filter((e) => e.text.includes(tag));
      expect(listed.map((e) => e.text.replace(/.*kubelet {2}/s, ''))).toEqual([`${tag} second`, `${tag} first, token=[redacted]`]);
      expect(JSON.stringify(await a.listUnmatched(MAX_UNMATCHED))).not.toContain('abc123def');
      for (let i = 0; i < MAX_UNMATCHED + 5; i++) await a.addUnmatched(unmatchedEntry(`Warning  X  1s  kubelet  ${tag} filler ${i}`, 'slack', 'describe-pod'));
      const all = await b.listUnmatched(MAX_UNMATCHED + 100);
      expect(all).toHaveLength(MAX_UNMATCHED);
      expect(all[0].text).toContain(`${tag} filler ${MAX_UNMATCHED + 4}`);
      expect(await b.listUnmatched(3)).toHaveLength(3);
    });
  });
}

contract('memory', async () => {
  const m = new MemoryState(localStore());
  return { a: m, b: m, close: () => m.close() };
});

withRedis('redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.stop());

  const connect = (keyPrefix = 'kd-test:') => RedisState.connect({ url: redis.url, keyPrefix });
  contract('two clients of one redis-server', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
  });

  test('key prefixes keep two bots on one Redis apart', async () => {
    const [a, b] = await Promise.all([connect('bot-a:'), connect('bot-b:')]);
    try {
      expect(await a.claim('event:Ev1', 60_000)).toBe(true);
      expect(await b.claim('event:Ev1', 60_000)).toBe(true);
      expect(await a.claim('event:Ev1', 60_000)).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('Redis stopped: calls fail open to memory (counted, warned once), and go back to Redis when it returns', async () => {
    const faults: string[] = [];
    const warnings: string[] = [];
    let recovered = 0;
    const replica = await connect('kd-faults:');
    const other = await connect('kd-faults:');
    const state = failOpen(replica, new MemoryState(localStore()), {
      fault: (op) => faults.push(op),
      warn: (op, error) => warnings.push(`${op}: ${error}`),
      recovered: () => recovered++,
    });
    try {
      expect(await state.claim('event:before', 60_000)).toBe(true);
      await redis.stop();
      // Fails open: the first delivery is answered; a redelivery to this replica is still caught (its memory).
      expect(await state.claim('event:down', 60_000)).toBe(true);
      expect(await state.claim('event:down', 60_000)).toBe(false);
      expect(await state.hit('rate:U1', 60_000)).toBe(1);
      await state.addUnmatched(unmatchedEntry('Warning  X  1s  kubelet  while redis was down', 'slack', 'describe-pod'));
      await state.put('report:down', 'kept here', 60_000);
      expect(await state.get('report:down')).toBe('kept here');
      expect(faults).toEqual(['claim', 'claim', 'hit', 'unmatched', 'put', 'get']);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^claim: /);

      await redis.start();
      const deadline = Date.now() + 10_000;
      while (!(replica.connected && other.connected) && Date.now() < deadline) await sleep(50);
      // Shared again: what one replica claims, the other sees.
      expect(await state.claim('event:after', 60_000)).toBe(true);
      expect(await other.claim('event:after', 60_000)).toBe(false);
      expect(recovered).toBe(1);
      expect(await state.get('report:down')).toBe('kept here'); // put while Redis was down: still found on this replica
    } finally {
      await Promise.all([state.close(), other.close()]);
    }
  });

  describe('two replicas of the real bot (npm start) sharing it', () => {
    let emu: SlackEmulator;
    const replicas: { proc: Proc; url: string; dir: string }[] = [];
    const prefix = `kd-replicas-${process.pid}:`;
    const logs = () => replicas.map((r) => r.proc.out()).join('\n');
    /** Resolves once the replicas' logs (together) show `re` `n` times. */
    const logged = async (re: RegExp, n: number, ms = 30_000) => {
      const deadline = Date.now() + ms;
      while (count(logs(), re) < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} × ${re} in the logs, saw ${count(logs(), re)}:\n${logs()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };

    beforeAll(async () => {
      emu = await startSlackEmulator();
      for (let i = 0; i < 2; i++) {
        const port = await freePort();
        const dir = dirWithEnv([...httpEnvLines(emu, port), `REDIS_URL=${redis.url}`, `REDIS_KEY_PREFIX=${prefix}`]);
        replicas.push({ proc: start(dir), url: `http://127.0.0.1:${port}/slack/events`, dir });
      }
      await Promise.all(replicas.map((r) => r.proc.waitFor(/listening for Slack in HTTP mode/, 60_000)));
    }, 90_000);

    afterAll(async () => {
      for (const r of replicas) {
        r.proc.child.kill('SIGTERM');
        await r.proc.exited;
        rmSync(r.dir, { recursive: true, force: true });
      }
      await emu?.close();
    });

    test('a message delivered to both replicas, then redelivered to both, is answered once', async () => {
      emu.reset();
      const envelope = eventCallback(messageEvent({ text: founding, channel: 'D0REPL', channel_type: 'im' }));
      const [a, b] = replicas;
      await Promise.all([emu.sendEvent(a.url, envelope), emu.sendEvent(b.url, envelope)]);
      await Promise.all([emu.sendEvent(a.url, envelope, { retryNum: 1 }), emu.sendEvent(b.url, envelope, { retryNum: 2 })]);
      // Three of the four deliveries are dropped (as logged), whichever replica took the first.
      await logged(new RegExp(`dropping redelivered event ${envelope.event_id}`), 3);
      await emu.waitFor((e) => posts(e).length >= 1, 30_000);
      expect(posts(emu)).toHaveLength(1);
      expect(hasFoundingFix(posts(emu)[0].args)).toBe(true);

      // The report behind the buttons is shared too: "Show evidence" works whichever replica the click reaches.
      const evidence = buttons(posts(emu)[0].args).find((x) => x.action_id === 'kd_show_evidence')!;
      for (const r of replicas) await emu.sendAction(r.url, blockActionsPayload({ actionId: 'kd_show_evidence', value: evidence.value, channel: 'D0REPL' }));
      await emu.waitFor((e) => e.responses.length === 2, 30_000);
      for (const res of emu.responses) expect(visible(res.body)).toContain('lookup registry-1.docker.io on 192.168.64.1:53: server misbehaving');
    });

    test('a replayed slash command (same trigger_id, to either replica) is answered once', async () => {
      emu.reset();
      const cmd = { command: COMMAND, text: founding, trigger_id: `${Date.now()}.replayed`, response_url: emu.responseUrl() };
      const [a, b] = replicas;
      await emu.sendCommand(a.url, cmd);
      await emu.sendCommand(b.url, cmd);
      await emu.sendCommand(a.url, cmd);
      await logged(new RegExp(`dropping a replayed slash command \\(trigger ${cmd.trigger_id.replace('.', '\\.')}\\)`), 2);
      await emu.waitFor((e) => e.responses.length >= 1, 30_000);
      expect(emu.responses).toHaveLength(1);
      expect(hasFoundingFix(emu.responses[0].body)).toBe(true);
    });

    test('an unmatched paste sent to one replica is listed by `kube-doctor unmatched` with the same REDIS_URL', async () => {
      emu.reset();
      await emu.sendEvent(replicas[1].url, messageEvent({ text: UNKNOWN, channel: 'D0REPL', channel_type: 'im' }));
      await emu.waitFor((e) => posts(e).length === 1, 30_000);
      expect(visible(posts(emu)[0].args)).toMatch(/Nothing I know matched/);
      const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix };
      let listed: { text: string; surface: string }[] = [];
      for (let i = 0; i < 100 && !listed.length; i++) {
        // Recorded just after the reply is rendered: poll briefly.
        const r = await runCli(['unmatched', '--format', 'json'], undefined, env);
        expect(r.code).toBe(0);
        listed = JSON.parse(r.stdout);
        if (!listed.length) await new Promise((res) => setTimeout(res, 100));
      }
      expect(listed.map((e) => e.text)).toEqual([expect.stringContaining('the frobnicator is out of flux capacitors')]);
      const text = await runCli(['unmatched'], undefined, env);
      expect(text.stdout).toContain('flux capacitors');
    });

    test('Redis stopped: the bot keeps answering (fault counted); back, the replicas dedupe again', async () => {
      emu.reset();
      const [a, b] = replicas;
      await redis.stop();
      await emu.sendEvent(a.url, messageEvent({ text: founding, channel: 'D0DOWN', channel_type: 'im' }));
      await emu.waitFor((e) => posts(e).length === 1, 30_000);
      expect(hasFoundingFix(posts(emu)[0].args)).toBe(true);
      const metrics = await (await fetch(a.url.replace('/slack/events', '/metrics'))).text();
      expect(metrics).toMatch(/kube_doctor_shared_state_faults_total\{operation="claim"\} [1-9]/);
      expect(a.proc.out()).toMatch(/shared state \(Redis\) unreachable: falling back/);

      await redis.start();
      await logged(/connected to Redis/, 4); // each replica: at start, and again now
      emu.reset();
      const envelope = eventCallback(messageEvent({ text: founding, channel: 'D0BACK', channel_type: 'im' }));
      await Promise.all([emu.sendEvent(a.url, envelope), emu.sendEvent(b.url, envelope)]);
      await logged(new RegExp(`dropping redelivered event ${envelope.event_id}`), 1);
      await emu.waitFor((e) => posts(e).length >= 1, 30_000);
      expect(posts(emu)).toHaveLength(1);
      // Its own waits (a reply, two reconnects, a redelivery) can each take seconds on a loaded machine.
    }, 120_000);

    test('SIGTERM (a rolling update) while a reply is waiting out a Slack rate limit: the reply is still delivered, then exit 0', async () => {
      emu.reset();
      const a = replicas[0];
      emu.rateLimitOnce('chat.postMessage', 1);
      const ev = messageEvent({ text: founding, channel: 'D0TERM', channel_type: 'im' });
      expect((await emu.sendEvent(a.url, ev)).status).toBe(200);
      await emu.waitFor((e) => e.callsTo('chat.postMessage').some((c) => c.status === 429));
      a.proc.child.kill('SIGTERM');
      expect(await a.proc.exited).toBe(0);
      const delivered = emu.callsTo('chat.postMessage').filter((c) => c.status === 200);
      expect(delivered).toHaveLength(1);
      expect(hasFoundingFix(delivered[0].args)).toBe(true);
      expect(a.proc.out()).toMatch(/"inFlight":1,"msg":"shutting down/);
    });
  });
});

describe('configuration', () => {
  test('blank is unset; REDIS_URL turns Redis on with its options; a malformed value is named without echoing it', () => {
    expect(readStateConfig({ REDIS_URL: '  ', REDIS_TLS: '' }).redis).toBeUndefined();
    expect(readStateConfig({ REDIS_URL: 'redis://redis:6379', REDIS_TLS: 'true', REDIS_KEY_PREFIX: 'team-a:' }).redis).toEqual({
      url: 'redis://redis:6379',
      tls: true,
      keyPrefix: 'team-a:',
    });
    expect(readStateConfig({ REDIS_URL: 'rediss://h:6380' }).redis).toEqual({ url: 'rediss://h:6380', tls: false, keyPrefix: 'kube-doctor:' });
    expect(readStateConfig({}).largePaste).toEqual({ bytes: 100_000, perUser: 10, windowMs: 600_000 });
    expect(() => readStateConfig({ REDIS_URL: 'http://user:s3cret@h' })).toThrow(ConfigError);
    expect(() => readStateConfig({ REDIS_URL: 'http://user:s3cret@h' })).not.toThrow(/s3cret/);
    expect(() => readStateConfig({ KUBE_DOCTOR_LARGE_PASTES_PER_USER: 'ten' })).toThrow(/KUBE_DOCTOR_LARGE_PASTES_PER_USER/);
  });
});
