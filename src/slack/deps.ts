// What the Slack listeners need. The live lookup is a port: the "Check live" button, `/kube-doctor pod NAME` and
// messages that name a pod use it when a cluster is configured; without one the bot says what to paste instead.
import type { Logger } from '@slack/bolt';
import { respond, type Reply, type ReplyContext } from '../conversation/reply.js';
import type { Diagnosis } from '../diagnose/diagnose.js';
import type { KnowledgeBase } from '../rules/load.js';
import type { Lang } from '../model/lang.js';
import { VARIABLES } from '../config/schema.js';
import { DEFAULT_LARGE_PASTE, type LargePasteLimit } from '../state/config.js';
import { MemoryState } from '../state/memory.js';
import { isOutput } from './output-gate.js';
import type { SharedState } from '../state/state.js';

export interface PodRef {
  name: string;
  namespace?: string;
}

/** Who asked, where, in which language: enough for a lookup to apply per-channel or per-user access rules. */
export interface RequestContext {
  userId: string;
  channelId: string;
  teamId?: string;
  lang: Lang;
  logger: Logger;
}

type LiveResult =
  | { kind: 'diagnosis'; diagnosis: Diagnosis }
  /** Not found, forbidden, unreachable...: a sentence for the user, in `ctx.lang`. */
  | { kind: 'message'; text: string };

export type LiveLookup = (pod: PodRef, ctx: RequestContext) => Promise<LiveResult>;

export interface FeedbackEntry {
  at: string;
  vote: 'up' | 'down';
  rule: string;
  reportId: string;
  user: string;
  channel?: string;
}

/** What operations watch (metrics, the unmatched-paste store); every method is optional to implement. */
export interface SlackObserver {
  request(surface: string): void;
  replied(surface: string, seconds: number): void;
  failed(surface: string, error: unknown): void;
  /** Every diagnosis of a text; `isOutput` says the text carried Kubernetes output. */
  diagnosed(text: string, diagnosis: Diagnosis, isOutput: boolean): void;
}

export interface SlackDeps {
  kb: KnowledgeBase;
  /** Language when the user's message does not decide (it does when written in Chinese). */
  defaultLang?: Lang;
  /** Slash command name, e.g. `/kube-doctor`. */
  command?: string;
  liveLookup?: LiveLookup;
  /** Snippets and files larger than this are not downloaded (default 2 MiB). */
  maxFileBytes?: number;
  /** Called for every 👍/👎 (it is also logged with the rule id). */
  onFeedback?: (entry: FeedbackEntry) => void | Promise<void>;
  observer?: SlackObserver;
  /** Dedupe markers, rate limits, votes (default: this process's memory; Redis when several replicas run). */
  state?: SharedState;
  /** Pastes of at least `bytes` count against their sender: `perUser` per `windowMs` (default 100 kB, 10 per 10 min). */
  largePaste?: LargePasteLimit;
  /** Where the reply policy runs (default: on this thread; the bot uses a worker thread, see reply-worker.ts). */
  respond?: (text: string, c: ReplyContext) => Promise<Reply>;
  /** Whether a text carries Kubernetes output (output-gate.ts), where the reply policy runs. */
  isOutput?: (text: string, kb: KnowledgeBase) => Promise<boolean>;
}

/** Deps with defaults filled in. One per app instance. */
export interface Services
  extends Required<Pick<SlackDeps, 'kb' | 'defaultLang' | 'command' | 'maxFileBytes' | 'state' | 'largePaste' | 'respond' | 'isOutput'>> {
  liveLookup?: LiveLookup;
  onFeedback?: (entry: FeedbackEntry) => void | Promise<void>;
  observer?: SlackObserver;
}

export function makeServices(deps: SlackDeps): Services {
  return {
    kb: deps.kb,
    defaultLang: deps.defaultLang ?? 'en',
    command: deps.command ?? VARIABLES.KUBE_DOCTOR_COMMAND.fallback,
    maxFileBytes: deps.maxFileBytes ?? VARIABLES.KUBE_DOCTOR_MAX_FILE_BYTES.fallback,
    liveLookup: deps.liveLookup,
    onFeedback: deps.onFeedback,
    observer: deps.observer,
    state: deps.state ?? new MemoryState(),
    largePaste: deps.largePaste ?? DEFAULT_LARGE_PASTE,
    respond: deps.respond ?? (async (text, c) => respond(text, c)),
    isOutput: deps.isOutput ?? (async (text, kb) => isOutput(text, kb)),
  };
}
