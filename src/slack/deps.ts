// What the Slack listeners need, and the seams for features that other issues build:
//   liveLookup     — the "Check live" button and `/kube-doctor pod NAME` (the live-lookup issue);
//   answerQuestion — plain-language questions in DMs, mentions and the slash command (the questions issue).
// Leaving either out is a supported configuration: the bot then says what to paste instead.
import type { Logger } from '@slack/bolt';
import type { Diagnosis } from '../diagnose/diagnose.js';
import type { KnowledgeBase } from '../rules/load.js';
import type { Lang } from '../model/lang.js';
import { DEFAULT_LARGE_PASTE, type LargePasteLimit } from '../state/config.js';
import { MemoryState } from '../state/memory.js';
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

export interface QuestionAnswer {
  title: string;
  /** Plain text (it is escaped for Slack); backticks are kept as inline code. */
  text: string;
  links?: string[];
}

/** A short reply instead of an answer: what to run and paste, or one line of what the bot does ('' = silence). */
interface QuestionNotice {
  notice: string;
  code?: string[];
}

/**
 * Called only for texts that matched no rule as a paste. Resolves to undefined when the question is not one it can answer (the bot then shows what to paste). It may
 * answer with a Diagnosis (e.g. src/ask's Answer, which extends it): it is then shown as a report, with buttons.
 */
export type AnswerQuestion = (text: string, ctx: RequestContext) => Promise<QuestionAnswer | Diagnosis | QuestionNotice | undefined>;

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
  answerQuestion?: AnswerQuestion;
  /** Snippets and files larger than this are not downloaded (default 2 MiB). */
  maxFileBytes?: number;
  /** Called for every 👍/👎 (it is also logged with the rule id). */
  onFeedback?: (entry: FeedbackEntry) => void | Promise<void>;
  observer?: SlackObserver;
  /** Dedupe markers, rate limits, votes (default: this process's memory; Redis when several replicas run). */
  state?: SharedState;
  /** Pastes of at least `bytes` count against their sender: `perUser` per `windowMs` (default 100 kB, 10 per 10 min). */
  largePaste?: LargePasteLimit;
}

/** Deps with defaults filled in. One per app instance. */
export interface Services extends Required<Pick<SlackDeps, 'kb' | 'defaultLang' | 'command' | 'maxFileBytes' | 'state' | 'largePaste'>> {
  liveLookup?: LiveLookup;
  answerQuestion?: AnswerQuestion;
  onFeedback?: (entry: FeedbackEntry) => void | Promise<void>;
  observer?: SlackObserver;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export function makeServices(deps: SlackDeps): Services {
  return {
    kb: deps.kb,
    defaultLang: deps.defaultLang ?? 'en',
    command: deps.command ?? '/kube-doctor',
    maxFileBytes: deps.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    liveLookup: deps.liveLookup,
    answerQuestion: deps.answerQuestion,
    onFeedback: deps.onFeedback,
    observer: deps.observer,
    state: deps.state ?? new MemoryState(),
    largePaste: deps.largePaste ?? DEFAULT_LARGE_PASTE,
  };
}
