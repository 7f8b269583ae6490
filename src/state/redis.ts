// Shared state in Redis, for several replicas (REDIS_URL). ioredis is imported only when this file is loaded, and
// this file is loaded only when REDIS_URL is set. Every method throws when Redis cannot answer: the bot wraps this
// store in failOpen (src/state/fail-open.ts), the CLI reports the error.
//   claim   SET key 1 NX PX ttl            atomic: one replica wins
//   put/get SET key value PX ttl / GET      the reports behind the buttons
//   hit     INCR + PEXPIRE in one MULTI    fixed windows (the window number is in the key)
//   votes   one hash, field rule|vote      HINCRBY
//   unmatched  a sorted set (hash → time) and a hash (hash → entry), trimmed by age and count in one script
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MAX_UNMATCHED, type UnmatchedEntry } from '../unmatched/store.js';
import { UNMATCHED_TTL_MS, type SharedState, type Vote } from './state.js';

export interface RedisStateOptions {
  url: string;
  /** TLS on a redis:// URL (rediss:// turns it on by itself). */
  tls?: boolean;
  /** Put before every key, so several bots (or other apps) can share one Redis. */
  keyPrefix: string;
  /** A command that takes longer is failed (and the bot fails open). */
  commandTimeoutMs?: number;
  /** Connection state changes and client errors, for the log (never carries the URL's password). */
  onEvent?: (event: 'ready' | 'error' | 'close' | 'reconnecting', detail?: string) => void;
}

// Adds an entry unless its hash is there; drops entries older than the TTL and beyond the count, in the sorted set
// and the hash together.
// KEYS: order (zset), entries (hash). ARGV: hash, json, now, ttl, max.
const ADD_UNMATCHED = `
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
-- Scores are times in ms, kept increasing so that pastes recorded within one millisecond still list newest first.
local newest = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
redis.call('ZADD', KEYS[1], string.format('%.0f', math.max(tonumber(ARGV[3]), (tonumber(newest) or 0) + 1)), ARGV[1])
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[3]) - tonumber(ARGV[4]))
local extra = redis.call('ZCARD', KEYS[1]) - #old - tonumber(ARGV[5])
if extra > 0 then
  for _, h in ipairs(redis.call('ZRANGE', KEYS[1], #old, #old + extra - 1)) do table.insert(old, h) end
end
for _, h in ipairs(old) do
  redis.call('ZREM', KEYS[1], h)
  redis.call('HDEL', KEYS[2], h)
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 1
`;

export class RedisState implements SharedState {
  readonly kind = 'redis';

  private constructor(
    private readonly client: Redis,
    private readonly prefix: string,
  ) {}

  /** Connects (waiting at most `waitMs` for the first connection); an unreachable Redis is retried in the background. */
  static async connect(o: RedisStateOptions, waitMs = 2000): Promise<RedisState> {
    const { Redis } = await import('ioredis');
    const client = new Redis(o.url, {
      ...(o.tls && !o.url.startsWith('rediss:') && { tls: {} }),
      // Fail at once while disconnected instead of queueing: the caller fails open and the reply goes out now.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: o.commandTimeoutMs ?? 1000,
      connectTimeout: 2000,
      // Reconnect for ever, backing off to 2 s: Redis coming back is picked up without a restart.
      retryStrategy: (times) => Math.min(times * 100, 2000),
      lazyConnect: true,
    });
    client.on('ready', () => o.onEvent?.('ready'));
    client.on('error', (e: Error) => o.onEvent?.('error', e.message));
    // A server that shuts down cleanly closes the connection without an error: that is down too.
    client.on('close', () => o.onEvent?.('close'));
    client.on('reconnecting', () => o.onEvent?.('reconnecting'));
    const state = new RedisState(client, o.keyPrefix);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([client.connect().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
    return state;
  }

  /** Slack ids are short; anything long (or odd) is hashed so a key stays small whatever the input. */
  private key(k: string): string {
    return this.prefix + (k.length <= 200 ? k : `h:${createHash('sha256').update(k).digest('hex')}`);
  }

  get connected(): boolean {
    return this.client.status === 'ready';
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(this.key(`claim:${key}`), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async extend(key: string, ttlMs: number): Promise<void> {
    await this.client.pexpire(this.key(`claim:${key}`), ttlMs);
  }

  async hit(key: string, windowMs: number): Promise<number> {
    const k = this.key(`hits:${key}:${Math.floor(Date.now() / windowMs)}`);
    const res = await this.client.multi().incr(k).pexpire(k, windowMs).exec();
    const [err, n] = res?.[0] ?? [new Error('the transaction was discarded'), 0];
    if (err) throw err;
    return Number(n);
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    await this.client.set(this.key(`value:${key}`), value, 'PX', ttlMs);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(this.key(`value:${key}`))) ?? undefined;
  }

  async recordVote(rule: string, vote: Vote): Promise<void> {
    await this.client.hincrby(this.key('votes'), `${rule}|${vote}`, 1);
  }

  async votes(): Promise<Record<string, Record<Vote, number>>> {
    const out: Record<string, Record<Vote, number>> = {};
    for (const [field, n] of Object.entries(await this.client.hgetall(this.key('votes')))) {
      const cut = field.lastIndexOf('|');
      const vote = field.slice(cut + 1);
      if (vote !== 'up' && vote !== 'down') continue;
      (out[field.slice(0, cut)] ??= { up: 0, down: 0 })[vote] = Number(n);
    }
    return out;
  }

  async addUnmatched(entry: UnmatchedEntry): Promise<void> {
    const keys = [this.key('unmatched:order'), this.key('unmatched:entries')];
    await this.client.eval(ADD_UNMATCHED, 2, ...keys, entry.hash, JSON.stringify(entry), Date.now(), UNMATCHED_TTL_MS, MAX_UNMATCHED);
  }

  async listUnmatched(limit: number): Promise<UnmatchedEntry[]> {
    const hashes = await this.client.zrange(this.key('unmatched:order'), '+inf', String(Date.now() - UNMATCHED_TTL_MS), 'BYSCORE', 'REV', 'LIMIT', 0, limit);
    if (!hashes.length) return [];
    const entries: UnmatchedEntry[] = [];
    for (const json of await this.client.hmget(this.key('unmatched:entries'), ...hashes)) {
      if (!json) continue;
      try {
        entries.push(JSON.parse(json));
      } catch {
        /* not ours: skip */
      }
    }
    return entries;
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
