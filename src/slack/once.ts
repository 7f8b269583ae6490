// One reply per message, however many replicas receive it and however often Slack redelivers it. The first
// delivery claims the key with an in-progress marker; a redelivery that arrives meanwhile (on any replica) finds
// it and stops. When the work is done the marker is kept as a done marker. If the replica dies mid-work, the
// in-progress marker runs out, so Slack's later retry (1 and 5 minutes after the first) still gets an answer.
import type { SharedState } from '../state/state.js';

/** Longer than any reply takes (live lookups time out well within it). */
const IN_PROGRESS_MS = 2 * 60 * 1000;
/** Slack retries an event three times within a few minutes; an hour covers it with room. */
export const DONE_MS = 60 * 60 * 1000;

/** Runs `work` unless someone (on any replica) holds `key`; false when it was skipped as a duplicate. */
export async function once(state: SharedState, key: string, work: () => Promise<void>): Promise<boolean> {
  if (!(await state.claim(key, IN_PROGRESS_MS))) return false;
  try {
    await work();
  } finally {
    await state.extend(key, DONE_MS);
  }
  return true;
}
