// The literal pre-check (rules/pattern.ts): a pattern runs only on text that has what every match contains. It may
// only ever save work: a text it turns away must be one the pattern does not match.
import { expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { compilePattern, foldCase, mayMatch } from '../src/rules/pattern.js';
import { loadKnowledgeBase } from '../src/rules/load.js';
import { PASTES_DIR } from '../eval/pastes.js';

const kb = loadKnowledgeBase();

test('a group of literal alternatives is required too: one of them, not any text', () => {
  const backoff = compilePattern(String.raw`\bback-off\b[^\n]{0,200}?\b(?:how long|why|reset|5 ?min(?:utes)?)\b`);
  expect(backoff.literals).toEqual([[['back-off'], ['how long', 'why', 'reset', 'min']]]);
  expect(mayMatch(backoff, foldCase('Warning  BackOff  kubelet  Back-off pulling image "nginx"'))).toBe(false);
  expect(mayMatch(backoff, foldCase('Back-off: WHY does it wait'))).toBe(true);
  expect(mayMatch(backoff, foldCase('back-off 5 minutes'))).toBe(true);

  // An optional or repeated group, or one with an alternative that has no literal, requires nothing.
  expect(compilePattern(String.raw`\bpull(?:ing|ed)? image`).literals).toEqual([[['pull'], [' image']]]);
  expect(compilePattern(String.raw`\bfailed (?:to|\d+) pull`).literals).toEqual([[['failed '], [' pull']]]);
  // A named group of alternatives counts like any other.
  expect(compilePattern(':53: (?<dnsError>no such host|server misbehaving)').literals).toEqual([[[':53: '], ['no such host', 'server misbehaving']]]);
});

/** Every line of every rule's examples and of every corpus paste, as the matcher sees it. */
const texts = [
  ...kb.rules.flatMap((r) => [...r.spec.examples.match, ...r.spec.examples.no_match].map((e) => (typeof e === 'string' ? e : e.text))),
  ...readdirSync(PASTES_DIR)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(new URL(f, PASTES_DIR), 'utf8')),
].flatMap((t) => t.split('\n'));

/** The rule patterns whose pre-check has a group of alternatives (the plain literals are runs of the pattern's own
 *  text; every rule example and corpus test goes through them). */
const withChoices = kb.rules.flatMap((rule) =>
  rule.signals.flatMap((s) => (s.message?.literals.some((branch) => branch.some((anyOf) => anyOf.length > 1)) ? [{ rule, pattern: s.message }] : [])),
);

test(`the pre-check never turns away a line its pattern matches (${withChoices.length} rule patterns with groups, ${texts.length} lines)`, () => {
  expect(withChoices.length).toBeGreaterThan(20);
  const wrong: string[] = [];
  for (const { rule, pattern } of withChoices)
    for (const line of texts) if (!mayMatch(pattern, foldCase(line)) && pattern.regex.test(line)) wrong.push(`${rule.id}: ${pattern.source}\n  ${line}`);
  expect(wrong).toEqual([]);
});

test('a repeat bounded above 100 is read as unbounded (the engine would run every copy); up to 100 the bound holds', () => {
  const gap = (n: number) => `connect ${'x'.repeat(n)} refused`;
  expect(compilePattern('connect [^\\n]{0,1000}? refused').regex.test(gap(1500))).toBe(true);
  expect(compilePattern('connect [^\\n]{0,100}? refused').regex.test(gap(100))).toBe(true);
  expect(compilePattern('connect [^\\n]{0,100}? refused').regex.test(gap(101))).toBe(false);
  expect(compilePattern('lookup (?<host>[\\w.-]{1,253}):').regex.exec(`lookup ${'h'.repeat(300)}: no such host`)?.groups?.host).toHaveLength(300);
});
