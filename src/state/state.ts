// What must be decided once however many replicas run: one small interface, two implementations.
//   memory (src/state/memory.ts): this process only, the embedded default; enough for one replica.
//   redis  (src/state/redis.ts):  shared by every replica pointed at the same REDIS_URL.
// Keys are short strings chosen by the caller (`event:Ev123`, `rate:U42`); implementations may prefix or hash them.
import type { UnmatchedEntry } from '../unmatched/store.js';

export type Vote = 'up' | 'down';

export interface SharedState {
  /** 'memory' or 'redis' (for logs and the operator). */
  readonly kind: string;
  /** Takes `key` for `ttlMs` unless someone holds it already (SET NX PX): true when this call took it. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Keeps a key this replica claimed for `ttlMs` from now (an in-progress marker becoming a done marker). */
  extend(key: string, ttlMs: number): Promise<void>;
  /** Counts one hit on `key` in the current fixed window of `windowMs`; resolves to the count so far in the window. */
  hit(key: string, windowMs: number): Promise<number>;
  /** Keeps `value` under `key` for `ttlMs`, replacing what was there. */
  put(key: string, value: string, ttlMs: number): Promise<void>;
  /** What was put under `key`, unless it expired. */
  get(key: string): Promise<string | undefined>;
  /** One 👍 or 👎 on a rule. */
  recordVote(rule: string, vote: Vote): Promise<void>;
  /** Votes per rule. */
  votes(): Promise<Record<string, Record<Vote, number>>>;
  /** Keeps a (redacted) unmatched paste; the same paste (hash) twice is one entry; bounded in count and age. */
  addUnmatched(entry: UnmatchedEntry): Promise<void>;
  /** Newest first. */
  listUnmatched(limit: number): Promise<UnmatchedEntry[]>;
  close(): Promise<void>;
}

/** How long an unmatched paste is kept in a shared store. */
export const UNMATCHED_TTL_MS = 30 * 24 * 60 * 60 * 1000;
