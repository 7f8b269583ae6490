// Runs the rules over the signals: the index proposes candidates, each candidate's conditions are tested.
import type { Evidence, Signal } from '../model/evidence.js';
import type { CompiledRule, CompiledSignal, KnowledgeBase } from '../rules/load.js';
import { wordsOf } from '../rules/pattern.js';

interface Hit {
  signal: Signal;
  captures: Record<string, string>;
}

export interface RuleMatch {
  rule: CompiledRule;
  hits: Hit[];
}

export function matchRules(signals: Signal[], evidence: Evidence, kb: KnowledgeBase): RuleMatch[] {
  const matches = new Map<string, { match: RuleMatch; bySignal: Map<Signal, Hit> }>();
  for (const signal of signals) {
    const words = signal.message ? wordsOf(signal.message) : new Set<string>();
    for (const candidate of kb.index.candidates(signal, words)) {
      const captures = testSignal(candidate, signal);
      if (!captures || !whereHolds(candidate.rule, captures, signal, evidence)) continue;
      let entry = matches.get(candidate.rule.id);
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

function testSignal(c: CompiledSignal, s: Signal): Record<string, string> | null {
  if (c.sources && !c.sources.has(s.source)) return null;
  if (c.reasons && !(s.reason && c.reasons.has(s.reason.toLowerCase()))) return null;
  if (c.type && s.eventType !== c.type) return null;
  if (c.exitCodes && !(s.exitCode !== undefined && c.exitCodes.has(s.exitCode))) return null;
  if (c.ready !== undefined && s.ready !== c.ready) return null;
  if (c.init !== undefined && Boolean(s.init) !== c.init) return null;
  if (!c.message) return {};
  if (!s.message) return null;
  // The linear engine's fast yes/no pass first; captures are read only from a message that matches.
  if (!c.message.regex.test(s.message)) return null;
  const m = c.message.regex.exec(s.message);
  if (!m) return null;
  const captures: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) captures[k] = v;
  return captures;
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
      return values.some((v) => pattern.test(v));
    }),
  );
}
