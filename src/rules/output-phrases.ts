// Is a text Kubernetes output, or words? The reply policy answers output nothing matched with "nothing matched"
// (and, unasked in a channel, with silence), and words with the question path. Output is what a parser recognised,
// or text quoting a phrase only machines write (rules/lexicon/output.yml).
import type { Evidence } from '../model/evidence.js';
import { decodeSlack } from '../normalise/normalise.js';
import { lexiconFilesNamed, type LexiconFile } from './lexicon.js';
import type { KnowledgeBase } from './load.js';
import { exactRegex, foldCase, type LinearRegex, mayMatch, patternFacts, UnsafePatternError } from './pattern.js';

/** Kubernetes output: a parser recognised a format (describe, events, get pods, JSON/YAML, logs), or the text quotes
 *  a phrase only machines write (rules/lexicon/output.yml). */
export function looksLikeKubernetesOutput(text: string, evidence: Evidence, kb: KnowledgeBase): boolean {
  if (isStructuredOutput(evidence)) return true;
  const plain = decodeSlack(text);
  const lower = foldCase(plain);
  // The pre-check first: most messages have none of a phrase's literal text, and `includes` is far cheaper.
  return outputPhrasesOf(kb).phrases.some((p) => mayMatch(p, lower) && p.regex.test(plain));
}

/** Output a parser recognised by its format (describe, events, get pods, JSON/YAML), not phrases in free text. */
export function isStructuredOutput(evidence: Evidence): boolean {
  return evidence.kind !== 'text' || evidence.events.length > 0 || evidence.objects.length > 0;
}

/** A phrase only machines write (rules/lexicon/output.yml): `literals` as a rule pattern's pre-check. */
interface OutputPhrase {
  literals: string[][][];
  regex: LinearRegex;
}

export interface OutputPhrases {
  phrases: OutputPhrase[];
  /** Entries refused (invalid, or could backtrack): `rules lint` reports them; matching goes on without them. */
  refused: { file: string; entry: string; message: string }[];
}

const outputByKb = new WeakMap<KnowledgeBase, OutputPhrases>();

/** The output phrases of a knowledge base's rules folders, read and checked once. */
export function outputPhrasesOf(kb: KnowledgeBase): OutputPhrases {
  let found = outputByKb.get(kb);
  if (!found) outputByKb.set(kb, (found = readOutputPhrases(kb.lexicon)));
  return found;
}

function readOutputPhrases(lexicon: LexiconFile[]): OutputPhrases {
  const result: OutputPhrases = { phrases: [], refused: [] };
  for (const { path, data } of lexiconFilesNamed<{ output?: Record<string, unknown> }>(lexicon, 'output.yml')) {
    for (const [group, entries] of Object.entries(data?.output ?? {})) {
      for (const entry of Array.isArray(entries) ? entries : [entries]) {
        if (typeof entry !== 'string' || !entry) {
          result.refused.push({ file: path, entry: `${group}: ${String(entry)}`, message: 'not a pattern (a non-empty string)' });
          continue;
        }
        try {
          const facts = patternFacts(entry);
          result.phrases.push({ literals: facts.literals, regex: exactRegex(facts.engineSource) });
        } catch (e) {
          if (!(e instanceof UnsafePatternError)) throw e;
          result.refused.push({ file: path, entry, message: e.message });
        }
      }
    }
  }
  return result;
}
