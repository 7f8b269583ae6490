// Whether a channel message nobody addressed to the bot carries Kubernetes output at all (a parse, no rule
// matching): only then is it worth reading further, joining to its thread, or mentioning its unreadable files.
import { analyse } from '../diagnose/diagnose.js';
import { looksLikeKubernetesOutput } from '../rules/output-phrases.js';
import type { KnowledgeBase } from '../rules/load.js';

export function isOutput(text: string, kb: KnowledgeBase): boolean {
  if (!text.trim()) return false;
  try {
    return looksLikeKubernetesOutput(text, analyse(text).evidence, kb);
  } catch {
    return false; // binary or over the core's size cap: not a paste to answer unasked
  }
}
