// A rule as the engine uses it: its spec, and its patterns compiled. Shared by the loader and the rule index.
import type { SignalSource } from '../model/evidence.js';
import type { CompiledPattern } from './pattern.js';
import type { RuleSpec } from './schema.js';

export interface CompiledSignal {
  rule: CompiledRule;
  message?: CompiledPattern;
  reasons?: Set<string>;
  sources?: Set<SignalSource>;
  type?: string;
  exitCodes?: Set<number>;
  ready?: boolean;
  init?: boolean;
}

export interface CompiledRule {
  spec: RuleSpec;
  id: string;
  file: string;
  line: number;
  signals: CompiledSignal[];
  where?: { name: string; pattern: CompiledPattern }[][];
}
