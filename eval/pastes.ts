// The paste corpus (test/fixtures/corpus): real pastes from public threads, labelled with the expected category and
// the thread they come from. Every shown finding is an answer: the first one is the diagnosis, the rest "Also possible".
import { readFileSync } from 'node:fs';
import { diagnose } from '../src/diagnose/diagnose.js';
import type { KnowledgeBase } from '../src/rules/load.js';
import { REPO_ROOT } from './paths.js';
import type { EvalCase, Section } from './score.js';

export interface PasteLabel {
  file: string;
  source: string;
  input_kind: string;
  expected_primary: string;
  expected_reason?: string;
  notes?: string;
}

export const PASTES_DIR = new URL('test/fixtures/corpus/', REPO_ROOT);

export function pasteLabels(dir = PASTES_DIR): PasteLabel[] {
  return JSON.parse(readFileSync(new URL('labels.json', dir), 'utf8'));
}

export function pasteCases(kb: KnowledgeBase, dir = PASTES_DIR): EvalCase[] {
  return pasteLabels(dir).map((l) => ({
    id: l.file,
    expected: l.expected_primary,
    answers: diagnose(readFileSync(new URL(l.file, dir), 'utf8'), kb).findings.map((f) => ({ label: f.category, name: f.rule, confidence: f.confidence })),
  }));
}

export function pasteSection(kb: KnowledgeBase, dir = PASTES_DIR): Section {
  return { title: 'pastes (test/fixtures/corpus)', cases: pasteCases(kb, dir) };
}
