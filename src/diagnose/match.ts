// Runs the rules over the signals: the index proposes candidates, each candidate's conditions are tested.
import type { Evidence, Signal } from '../model/evidence.js';
import type { CompiledRule, CompiledSignal, KnowledgeBase } from '../rules/load.js';
import { foldCase, mayMatch, type CompiledPattern } from '../rules/pattern.js';

interface Hit {
  signal: Signal;
  captures: Record<string, string>;
}

export interface RuleMatch {
  rule: CompiledRule;
  hits: Hit[];
}

/**
 * A rule that has matched this many signals is not tested on more: the answer shows 5 distinct evidence lines and
 * counts up to 9 hits, and the first hit's captures fill the texts, so further hits (200,000 repeats of one error)
 * would only cost time. A hundred leaves room for repeats among the first distinct lines; reading captures costs
 * 10-30 µs a line, so 1000 hits of each of a few rules was most of the matching of 1 MB of events.
 */
const MAX_HITS_PER_RULE = 100;

/**
 * What a rule sees of one message: all of it up to this length (a runtime that lists every registry mirror it
 * tried writes tens of KB), else its start and its end, each half this long and cut at a space. A message longer
 * than this is a document or a blob on one line; reading all of it would cost every candidate rule a pass.
 */
const MAX_MESSAGE_VIEW = 128 * 1024;

/** The message as the rules see it: its parts, lower-cased for the index and the literal pre-check, and what each
 *  pattern read from it. Rules that extend one share its patterns: each pattern runs once per message however many
 *  rules use it (five scheduling rules read one FailedScheduling line with one pattern). */
interface View {
  parts: string[];
  lower: string;
  read: Map<CompiledPattern, Record<string, string> | null>;
}

export function matchRules(signals: Signal[], evidence: Evidence, kb: KnowledgeBase): RuleMatch[] {
  const matches = new Map<string, { match: RuleMatch; bySignal: Map<Signal, Hit> }>();
  for (const signal of signals) {
    const view = signal.message ? viewOf(signal.message) : undefined;
    for (const candidate of kb.index.candidates(signal, view?.lower)) {
      let entry = matches.get(candidate.rule.id);
      if (entry && entry.match.hits.length >= MAX_HITS_PER_RULE) continue;
      const captures = testSignal(candidate, signal, view);
      if (!captures || !whereHolds(candidate.rule, captures, signal, evidence)) continue;
      if (!entry) matches.set(candidate.rule.id, (entry = { match: { rule: candidate.rule, hits: [] }, bySignal: new Map() }));
      // One hit per signal (found in O(1): 200k repeated lines stay linear); when several entries of the rule
      // match it, keep the one that captured the most.
      const earlier = entry.bySignal.get(signal);
      if (!earlier) {
        const hit = { signal, captures };
        entry.match.hits.push(hit);
        entry.bySignal.set(signal, hit);
      } else if (Object.keys(captures).length > Object.keys(earlier.captures).length) earlier.captures = captures;
    }
  }
  return [...matches.values()].map((e) => e.match);
}

function viewOf(message: string): View {
  const parts = message.length <= MAX_MESSAGE_VIEW ? [message] : [head(message, MAX_MESSAGE_VIEW / 2), tail(message, MAX_MESSAGE_VIEW / 2)];
  return { parts, lower: parts.map(foldCase).join('\n'), read: new Map() };
}

function head(text: string, length: number): string {
  const space = text.lastIndexOf(' ', length);
  return text.slice(0, space > length / 2 ? space : length);
}

function tail(text: string, length: number): string {
  const space = text.indexOf(' ', text.length - length);
  return text.slice(space >= 0 && space < text.length - length / 2 ? space + 1 : text.length - length);
}

function testSignal(c: CompiledSignal, s: Signal, view: View | undefined): Record<string, string> | null {
  if (c.sources && !c.sources.has(s.source)) return null;
  if (c.reasons && !(s.reason && c.reasons.has(s.reason.toLowerCase()))) return null;
  if (c.type && s.eventType !== c.type) return null;
  if (c.exitCodes && !(s.exitCode !== undefined && c.exitCodes.has(s.exitCode))) return null;
  if (c.ready !== undefined && s.ready !== c.ready) return null;
  if (c.init !== undefined && Boolean(s.init) !== c.init) return null;
  if (!c.message) return {};
  if (!view) return null;
  let captures = view.read.get(c.message);
  if (captures === undefined) view.read.set(c.message, (captures = readMessage(c.message, view)));
  return captures && { ...captures };
}

/** The named captures of the pattern's first match in the message, or null when it does not match. */
function readMessage(pattern: CompiledPattern, view: View): Record<string, string> | null {
  if (!mayMatch(pattern, view.lower)) return null;
  for (const part of view.parts) {
    // The linear engine's fast yes/no pass first; captures are read only from a message that matches.
    if (!pattern.regex.test(part)) continue;
    const m = pattern.regex.exec(part);
    if (!m) continue;
    const captures: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) captures[k] = v;
    return captures;
  }
  return null;
}

/** `where`: any entry whose every variable (a capture, else a fact such as node) matches its pattern. */
function whereHolds(rule: CompiledRule, captures: Record<string, string>, signal: Signal, evidence: Evidence): boolean {
  if (!rule.where) return true;
  return rule.where.some((entry) =>
    entry.every(({ name, pattern }) => {
      const values =
        captures[name] !== undefined
          ? [captures[name]]
          : name === 'node' && signal.node
            ? [signal.node, ...(evidence.facts.node ?? [])]
            : (evidence.facts[name] ?? []);
      return values.some((v) => pattern.regex.test(v));
    }),
  );
}
