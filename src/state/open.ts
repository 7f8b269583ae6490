// Opens the state the bot runs with: memory when no Redis is configured; otherwise Redis, failing open to memory.
import type { UnmatchedStore } from '../unmatched/store.js';
import type { StateConfig } from './config.js';
import { failOpen, type FaultReport } from './fail-open.js';
import { MemoryState } from './memory.js';
import type { RedisStateOptions } from './redis.js';
import type { SharedState } from './state.js';

export interface OpenStateOptions {
  unmatched?: UnmatchedStore;
  report: FaultReport;
  onEvent?: RedisStateOptions['onEvent'];
}

export async function openState(redis: StateConfig['redis'], o: OpenStateOptions): Promise<SharedState> {
  const local = new MemoryState(o.unmatched);
  if (!redis) return local;
  const { RedisState } = await import('./redis.js'); // ioredis loads only here
  return failOpen(await RedisState.connect({ ...redis, onEvent: o.onEvent }), local, o.report);
}
