// Whether a channel message nobody addressed to the bot carries Kubernetes output at all (a parse, no rule
// matching): only then is it worth reading further, joining to its thread, or mentioning its unreadable files.
import { analyse, type Analysis } from '../diagnose/diagnose.js';
import type { KnowledgeBase } from '../rules/load.js';
import { looksLikeKubernetesOutput } from '../rules/output-phrases.js';

/** The text's analysis when it is Kubernetes output (the reply can start from it), else undefined. */
export function outputAnalysis(text: string, kb: KnowledgeBase): Analysis | undefined {
  if (!text.trim()) return undefined;
  try {
    const analysis = analyse(text);
    return looksLikeKubernetesOutput(text, analysis.evidence, kb) ? analysis : undefined;
  } catch {
    return undefined; // binary or over the core's size cap: not a paste to answer unasked
  }
}

export function isOutput(text: string, kb: KnowledgeBase): boolean {
  return outputAnalysis(text, kb) !== undefined;
}
