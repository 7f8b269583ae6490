// Finds the few rule signals worth testing on a signal: by its reason, and by the words its message contains.
// This keeps diagnosis time flat as the rule set grows (3000 rules cost about what 30 do).
import type { Signal } from '../model/evidence.js';
import type { CompiledRule, CompiledSignal } from './compiled.js';
import { eachWord } from './pattern.js';

export class RuleIndex {
  private readonly byReason = new Map<string, CompiledSignal[]>();
  private readonly byWord = new Map<string, CompiledSignal[]>();
  /** Signals with neither a reason nor an indexable word (exit code or readiness only): tested on every signal. */
  readonly scanned: CompiledSignal[] = [];

  constructor(rules: CompiledRule[]) {
    for (const rule of rules) {
      for (const s of rule.signals) {
        if (s.reasons) for (const r of s.reasons) push(this.byReason, r, s);
        else if (s.message?.keys.length) for (const k of s.message.keys) push(this.byWord, k, s);
        else this.scanned.push(s);
      }
    }
  }

  /** The rule signals worth testing on a signal whose message, lower-cased, is `lower`; each once. */
  candidates(signal: Signal, lower: string | undefined): CompiledSignal[] {
    const out = [...this.scanned];
    const add = (list: CompiledSignal[] | undefined) => {
      if (list) for (const s of list) if (!out.includes(s)) out.push(s);
    };
    if (signal.reason) add(this.byReason.get(signal.reason.toLowerCase()));
    if (lower) eachWord(lower, (word) => add(this.byWord.get(word)));
    return out;
  }

  /** Rule signals tested on every signal (lint reports them: they cost time on every line). */
  get unindexed(): CompiledSignal[] {
    return this.scanned.filter((s) => s.message);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
