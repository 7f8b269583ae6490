// The shared-state contract, run against both implementations: memory (one replica) and Redis (a real
// redis-server on a loopback port, two clients standing for two replicas). Then Redis faults: calls fail open
// to memory, are counted and warned about, and the shared store is used again once Redis is back.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
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
import { findRedisServer, startRedisServer, type RedisServer } from './support/redis-server.js';

const hasRedis = Boolean(findRedisServer());
if (!hasRedis) console.warn('redis-server is not installed (apt-get install redis-server): the Redis tests are skipped');
const withRedis = hasRedis ? describe : describe.skip;

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
