// The worker thread of reply-worker.ts: runs the reply policy (conversation/reply.ts) and the channel gate
// (output-gate.ts) on texts, one at a time, with
// the rules the main thread sends as plain data, so both threads use exactly the rules in force (also after a
// refused reload).
import { parentPort } from 'node:worker_threads';
import { respond, type Reply, type ReplyContext } from '../conversation/reply.js';
import type { Analysis, Diagnosis } from '../diagnose/diagnose.js';
import { fromPortable, type KnowledgeBase, type PortableRules } from '../rules/load.js';
import { outputAnalysis } from './output-gate.js';

/** A reply context without what cannot cross threads: the rules (sent apart), the callback, an analysis. */
export type ThreadContext = Omit<ReplyContext, 'kb' | 'onDiagnosed' | 'analysis'>;

export type ThreadRequest =
  | { kind: 'rules'; rules: PortableRules }
  | { kind: 'respond'; id: number; text: string; context: ThreadContext }
  | { kind: 'is-output'; id: number; text: string };

export type ThreadResponse =
  /** `diagnosed`: what respond() told onDiagnosed, for the main thread to pass on. */
  { id: number; reply: Reply; diagnosed?: { diagnosis: Diagnosis; isOutput: boolean } } | { id: number; isOutput: boolean } | { id: number; error: string };

let kb: KnowledgeBase | undefined;
/** The last text the channel gate found to be output, read: its reply (usually the next request) starts from it. */
let gated: { text: string; analysis: Analysis } | undefined;

parentPort?.on('message', (req: ThreadRequest) => {
  if (req.kind === 'rules') {
    kb = fromPortable(req.rules);
    return;
  }
  try {
    if (!kb) throw new Error('the reply thread has no rules');
    if (req.kind === 'is-output') {
      const analysis = outputAnalysis(req.text, kb);
      gated = analysis && { text: req.text, analysis };
      parentPort!.postMessage({ id: req.id, isOutput: analysis !== undefined } satisfies ThreadResponse);
      return;
    }
    const analysis = gated?.text === req.text ? gated.analysis : undefined;
    gated = undefined;
    let diagnosed: { diagnosis: Diagnosis; isOutput: boolean } | undefined;
    const reply = respond(req.text, {
      ...req.context,
      kb,
      analysis,
      onDiagnosed: (_text, diagnosis, isOutput) => (diagnosed = { diagnosis, isOutput }),
    });
    parentPort!.postMessage({ id: req.id, reply, diagnosed } satisfies ThreadResponse);
  } catch (e) {
    parentPort!.postMessage({ id: req.id, error: (e as Error).message } satisfies ThreadResponse);
  }
});
