// Shared state must never cost a reply. When the shared store fails (Redis down, slow, refusing), each call falls
// back to this replica's own memory — dedupe then works per replica, as with one replica — and the fault is
// reported (a metric per call, a warning at most every `warnEveryMs`). Nothing here throws.
import type { UnmatchedEntry } from '../unmatched/store.js';
import type { SharedState, Vote } from './state.js';

export interface FaultReport {
  /** Every failed call (for a metric). */
  fault(operation: string): void;
  /** The first failure after a healthy spell, then at most one per `warnEveryMs`, with the count since the last. */
  warn(operation: string, error: string, failures: number): void;
  /** The first success after failures. */
  recovered(failures: number): void;
}

export function failOpen(shared: SharedState, local: SharedState, report: FaultReport, warnEveryMs = 30_000): SharedState {
  let failures = 0;
  let unwarned = 0;
  let lastWarn = 0;
  const guard = async <T>(operation: string, call: (s: SharedState) => Promise<T>): Promise<T> => {
    try {
      const result = await call(shared);
      if (failures) report.recovered(failures);
      failures = unwarned = 0;
      return result;
    } catch (e) {
      failures++;
      unwarned++;
      report.fault(operation);
      if (failures === 1 || Date.now() - lastWarn >= warnEveryMs) {
        report.warn(operation, (e as Error).message, unwarned);
        lastWarn = Date.now();
        unwarned = 0;
      }
      return call(local);
    }
  };
  return {
    kind: shared.kind,
    claim: (key, ttlMs) => guard('claim', (s) => s.claim(key, ttlMs)),
    extend: (key, ttlMs) => guard('extend', (s) => s.extend(key, ttlMs)),
    hit: (key, windowMs) => guard('hit', (s) => s.hit(key, windowMs)),
    put: (key, value, ttlMs) => guard('put', (s) => s.put(key, value, ttlMs)),
    // A value put while Redis was down is in this replica's memory: look there too.
    get: (key) => guard('get', async (s) => (await s.get(key)) ?? (s === shared ? local.get(key) : undefined)),
    recordVote: (rule: string, vote: Vote) => guard('vote', (s) => s.recordVote(rule, vote)),
    votes: () => guard('votes', (s) => s.votes()),
    addUnmatched: (entry: UnmatchedEntry) => guard('unmatched', (s) => s.addUnmatched(entry)),
    listUnmatched: (limit) => guard('unmatched', (s) => s.listUnmatched(limit)),
    close: async () => {
      await shared.close().catch(() => undefined);
      await local.close();
    },
  };
}
