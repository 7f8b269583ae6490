// Replies are worked out in a worker thread: reading a 2 MB paste takes a CPU second or more, and on the main thread
// that second would hold every other user's events, Slack's 3-second acknowledgements and /healthz. One thread (the
// pod has few cores); requests wait their turn there. A thread that dies fails the requests it held (the user gets
// the apology) and is started again for the next one. The core stays pure: this adapter only moves plain data.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Reply, ReplyContext } from '../conversation/reply.js';
import { toPortable, type KnowledgeBase } from '../rules/load.js';
import type { ThreadRequest, ThreadResponse } from './reply-thread.js';

const THREAD = new URL('./reply-thread.js', import.meta.url);
/**
 * The thread's heap limit: the worst pastes under the 10 MB cap peak near 150 MB (npm run bench), and a thread that
 * needs more fails alone (the user gets the apology) rather than taking the pod past its memory limit (384 Mi).
 */
const THREAD_HEAP_MB = 256;

interface ReplyWorker {
  respond(text: string, c: ReplyContext): Promise<Reply>;
  isOutput(text: string, kb: KnowledgeBase): Promise<boolean>;
  /** Starts the thread with these rules now (at start), so the first paste does not wait for it. */
  prepare(kb: KnowledgeBase): void;
  /** Stops the thread (requests still waiting fail). */
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  /** The requests this thread holds. */
  pending: Map<number, { resolve: (r: ThreadResponse) => void; reject: (e: Error) => void }>;
  rulesVersion?: string;
}

/** The worker, when the thread's script is there (built code); undefined under a TypeScript test runner. */
export function createReplyWorker(heapMb = THREAD_HEAP_MB): ReplyWorker | undefined {
  if (!existsSync(fileURLToPath(THREAD))) return undefined;
  let current: Thread | undefined;
  let nextId = 0;

  const start = (): Thread => {
    const thread: Thread = { worker: new Worker(THREAD, { resourceLimits: { maxOldGenerationSizeMb: heapMb } }), pending: new Map() };
    const fail = (error: Error) => {
      for (const p of thread.pending.values()) p.reject(error);
      thread.pending.clear();
      if (current === thread) current = undefined;
    };
    thread.worker.unref(); // never what keeps the process alive
    thread.worker.on('message', (res: ThreadResponse) => {
      const p = thread.pending.get(res.id);
      thread.pending.delete(res.id);
      p?.resolve(res);
    });
    thread.worker.on('error', (e) => fail(new Error(`the reply thread failed: ${e.message}`)));
    thread.worker.on('exit', (code) => fail(new Error(`the reply thread stopped (exit code ${code})`)));
    return thread;
  };

  /** The running thread (started if need be), holding `kb`'s rules. */
  const withRules = (kb: KnowledgeBase): Thread => {
    const thread = (current ??= start());
    if (thread.rulesVersion !== kb.version) {
      thread.worker.postMessage({ kind: 'rules', rules: toPortable(kb) } satisfies ThreadRequest);
      thread.rulesVersion = kb.version;
    }
    return thread;
  };

  /** Sends one request (with the next id) and resolves to its answer; a failure in the thread rejects. */
  const call = async (thread: Thread, request: (id: number) => ThreadRequest): Promise<ThreadResponse> => {
    const id = nextId++;
    const res = await new Promise<ThreadResponse>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage(request(id));
    });
    if ('error' in res) throw new Error(`the reply thread failed on a text: ${res.error}`);
    return res;
  };

  return {
    prepare(kb) {
      withRules(kb);
    },
    async respond(text, { kb, onDiagnosed, ...context }) {
      const res = await call(withRules(kb), (id) => ({ kind: 'respond', id, text, context }));
      if (!('reply' in res)) throw new Error('the reply thread answered out of turn');
      if (res.diagnosed) onDiagnosed?.(text, res.diagnosed.diagnosis, res.diagnosed.isOutput);
      return res.reply;
    },
    async isOutput(text, kb) {
      const res = await call(withRules(kb), (id) => ({ kind: 'is-output', id, text }));
      return 'isOutput' in res && res.isOutput;
    },
    async close() {
      await current?.worker.terminate();
    },
  };
}
