// The embedded default: state in this process, as a single replica has always kept it. Unmatched pastes go to the
// local JSON-lines file so `kube-doctor unmatched` on the same machine can read them.
import { UnmatchedStore, type UnmatchedEntry } from '../unmatched/store.js';
import { TtlMap } from '../util/ttl-map.js';
import type { SharedState, Vote } from './state.js';

export class MemoryState implements SharedState {
  readonly kind = 'memory';
  private readonly claims = new TtlMap<true>(60 * 60 * 1000, 50_000);
  private readonly hits = new TtlMap<number>(60 * 60 * 1000, 50_000);
  private readonly values = new TtlMap<string>(60 * 60 * 1000, 5000);
  private readonly tally = new Map<string, Record<Vote, number>>();

  constructor(private readonly unmatched: UnmatchedStore = new UnmatchedStore()) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return this.claims.claim(key, true, ttlMs);
  }

  async extend(key: string, ttlMs: number): Promise<void> {
    this.claims.set(key, true, ttlMs);
  }

  async hit(key: string, windowMs: number): Promise<number> {
    const k = `${key}:${Math.floor(Date.now() / windowMs)}`;
    const n = (this.hits.get(k) ?? 0) + 1;
    this.hits.set(k, n, windowMs);
    return n;
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    this.values.set(key, value, ttlMs);
  }

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async recordVote(rule: string, vote: Vote): Promise<void> {
    const t = this.tally.get(rule) ?? { up: 0, down: 0 };
    t[vote]++;
    this.tally.set(rule, t);
  }

  async votes(): Promise<Record<string, Record<Vote, number>>> {
    return Object.fromEntries([...this.tally].map(([rule, t]) => [rule, { ...t }]));
  }

  async addUnmatched(entry: UnmatchedEntry): Promise<void> {
    this.unmatched.put(entry);
  }

  async listUnmatched(limit: number): Promise<UnmatchedEntry[]> {
    return this.unmatched.list(limit);
  }

  async close(): Promise<void> {}
}
