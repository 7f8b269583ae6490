// `kube-doctor rules test`: every rule's examples, run through the whole pipeline like a real paste.
import { analyse } from '../diagnose/diagnose.js';
import { matchRules } from '../diagnose/match.js';
import type { CompiledRule, KnowledgeBase } from '../rules/load.js';
import type { ExampleSpec } from '../rules/schema.js';

interface ExampleFailure {
  rule: string;
  file: string;
  line: number;
  example: string;
  message: string;
}

export interface ExampleReport {
  rules: number;
  examples: number;
  failures: ExampleFailure[];
}

const exampleText = (e: ExampleSpec) => (typeof e === 'string' ? e : e.text);

/** Which rules match a text (before ranking, so a base rule is still seen when a variant also matched). */
export function matchingRules(text: string, kb: KnowledgeBase) {
  const { evidence, signals } = analyse(text);
  return matchRules(signals, evidence, kb);
}

export function testExamples(kb: KnowledgeBase): ExampleReport {
  const report: ExampleReport = { rules: kb.rules.length, examples: 0, failures: [] };
  for (const rule of kb.rules) {
    const fail = (kind: string, i: number, message: string) =>
      report.failures.push({ rule: rule.id, file: rule.file, line: rule.line, example: `examples.${kind}[${i}]`, message });
    rule.spec.examples.match.forEach((example, i) => {
      report.examples++;
      const hit = findHit(rule, exampleText(example), kb, fail, 'match', i);
      if (!hit) return;
      const expected = typeof example === 'string' ? undefined : example.captures;
      for (const [name, value] of Object.entries(expected ?? {})) {
        if (hit[name] !== value) fail('match', i, `capture "${name}" is ${JSON.stringify(hit[name])}, expected ${JSON.stringify(value)}`);
      }
    });
    rule.spec.examples.no_match.forEach((example, i) => {
      report.examples++;
      try {
        if (matchingRules(exampleText(example), kb).some((m) => m.rule === rule)) fail('no_match', i, 'matched, but this example must not match');
      } catch (e) {
        fail('no_match', i, `the example could not be read: ${(e as Error).message}`);
      }
    });
  }
  return report;
}

function findHit(
  rule: CompiledRule,
  text: string,
  kb: KnowledgeBase,
  fail: (k: string, i: number, m: string) => void,
  kind: string,
  i: number,
): Record<string, string> | null {
  try {
    const match = matchingRules(text, kb).find((m) => m.rule === rule);
    if (!match) {
      fail(kind, i, 'did not match, but this example must match');
      return null;
    }
    return Object.assign({}, ...match.hits.map((h) => h.captures).reverse());
  } catch (e) {
    fail(kind, i, `the example could not be read: ${(e as Error).message}`);
    return null;
  }
}
