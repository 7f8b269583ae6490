// The knowledge base proves itself: every rule's examples pass through the whole pipeline (`rules test`), and the
// linter finds nothing (`rules lint`): no rule that can never win, no example another rule takes, no missing
// translation, no unindexed pattern, no {variable} that nothing fills, no undeclared category.
import { describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { CATEGORIES, capturedGroups, formatLintProblem, lintDir, lintKnowledgeBase } from '../src/ruleset/lint.js';
import { compileKnowledgeBase, DEFAULT_RULES_DIR, loadKnowledgeBase, type KnowledgeBase } from '../src/rules/load.js';
import { looksLikeKubernetesOutput } from '../src/rules/output-phrases.js';
import { analyse, diagnose } from '../src/diagnose/diagnose.js';
import { runCli } from './support/cli.js';

const kb = loadKnowledgeBase(DEFAULT_RULES_DIR);

function rulesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kd-rules-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A complete, lint-clean rule; tests break one thing at a time. */
const rule = (over: Partial<Record<'id' | 'category' | 'specificity' | 'title' | 'match' | 'examples' | 'extra', string>> = {}) => `
  - id: ${over.id ?? 'demo-rule'}
    category: ${over.category ?? 'other'}
    specificity: ${over.specificity ?? '50'}
    title: ${over.title ?? '{ en: "Demo", zh: "演示" }'}
    cause: { en: "Demo cause", zh: "演示原因" }
    fix:
      - { en: "Do the thing", zh: "照做" }
    keywords: [demo]
    match:
${over.match ?? "      - message: '\\bdemo failure happened\\b'"}
${over.extra ?? ''}
    examples:
${over.examples ?? "      match: ['the demo failure happened here', 'demo failure happened again']\n      no_match: ['all good']"}
`;

// Through the command itself (in this process): the same report as testExamples / lintDir, plus the exit status.
// Each check runs once: every example and the whole linter are the costly part of this file.
describe('the real rules', () => {
  test('every example passes: `kube-doctor rules test` lists no failure and exits 0', async () => {
    const t = await runCli(['rules', 'test']);
    expect(t.stdout.split('\n').filter((line) => line.startsWith('FAIL '))).toEqual([]);
    const [, rules, examples] = /^(\d+) rules, (\d+) examples: \d+ passed, 0 failed$/m.exec(t.stdout) ?? [];
    expect(Number(rules)).toBe(kb.rules.length);
    expect(Number(examples)).toBeGreaterThan(2 * kb.rules.length);
    expect(t.code).toBe(0);
  });

  test('the linter finds nothing: `kube-doctor rules lint` prints no problem and exits 0', async () => {
    const l = await runCli(['rules', 'lint']);
    expect(l.stdout).toBe(`${kb.rules.length} rules: 0 errors, 0 warnings\n`);
    expect(l.code).toBe(0);
  });

  test('a value read from the paste is shown at most 400 characters long, however long the line it ends', () => {
    const error = `rpc error: code = Unknown desc = ${'failed to fetch layer; '.repeat(400)}`;
    const [first] = diagnose(`Failed to pull image "registry.example.com/web:1": ${error}`, kb).findings;
    expect(first.cause).toContain(error.slice(0, 400) + '…');
    expect(first.cause).not.toContain(error.slice(0, 401));
  });

  test('every category of the vocabulary has at least one rule', () => {
    const used = new Set(kb.rules.map((r) => r.spec.category));
    expect(CATEGORIES.filter((c) => !used.has(c))).toEqual([]);
  });

  test('every rule has English and Chinese title, cause and fix, links and keywords', () => {
    const incomplete = kb.rules
      .filter(
        (r) =>
          typeof r.spec.title === 'string' ||
          typeof r.spec.cause === 'string' ||
          !r.spec.title.zh ||
          !r.spec.cause.zh ||
          r.spec.fix.some((s) => typeof s === 'string' || !s.zh) ||
          !r.spec.links.length ||
          !r.spec.keywords.length,
      )
      .map((r) => r.id);
    expect(incomplete).toEqual([]);
  });

  test('links are https URLs', () => {
    const bad = kb.rules.flatMap((r) => r.spec.links.filter((l) => !/^https:\/\/[\w.-]+\.[a-z]{2,}\//.test(l)).map((l) => `${r.id}: ${l}`));
    expect(bad).toEqual([]);
  });
});

describe('kube-doctor rules lint', () => {
  test('reports a rule that can never win', () => {
    const dir = rulesDir({
      'a.yml': `rules:${rule({ id: 'generic', specificity: '40' })}${rule({ id: 'shadow', specificity: '60' })}`,
    });
    const report = lintDir(dir);
    const never = report.problems.filter((p) => p.check === 'never-wins');
    expect(never.map((p) => p.rule)).toEqual(['generic']);
    expect(never[0].message).toContain('"shadow"');
    expect(never[0].file).toMatch(/a\.yml$/);
    expect(never[0].line).toBeGreaterThan(1);
  });

  test('a variant (extends) does not make its base rule "never win", but an example it takes is reported', () => {
    const dir = rulesDir({
      'a.yml': `rules:${rule({ id: 'base', examples: "      match: ['demo failure happened on node minikube', 'the demo failure happened']\n      no_match: ['ok']" })}
  - id: base-minikube
    extends: base
    category: other
    specificity: 60
    where:
      - node: '^minikube$'
    title: { en: "Demo on minikube", zh: "minikube 上的演示" }
    cause: { en: "Demo cause", zh: "演示原因" }
    fix: [{ en: "Do it", zh: "照做" }]
    keywords: [minikube]
    examples:
      match:
        - "Warning  Odd  5s  kubelet, minikube  the demo failure happened"
        - "Normal  Scheduled  5s  default-scheduler  Successfully assigned default/x to minikube\\nWarning  Odd  4s  kubelet  demo failure happened"
      no_match: ["Warning  Odd  5s  kubelet, node-1  the demo failure happened"]
`,
    });
    const report = lintDir(dir);
    expect(report.problems.filter((p) => p.check === 'never-wins')).toEqual([]);
    // base's examples carry no node, so the variant does not take them
    expect(report.problems.filter((p) => p.check === 'example-taken')).toEqual([]);
  });

  test('reports an example that a more specific rule takes', () => {
    const dir = rulesDir({
      'a.yml': `rules:${rule({ id: 'wide', specificity: '40', examples: "      match: ['demo failure happened with a special twist', 'the demo failure happened']\n      no_match: ['ok']" })}${rule({ id: 'narrow', specificity: '70', match: "      - message: '\\bspecial twist\\b'", examples: "      match: ['a special twist', 'special twist again']\n      no_match: ['ok']" })}`,
    });
    const taken = lintDir(dir).problems.filter((p) => p.check === 'example-taken');
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ rule: 'wide', severity: 'error' });
    expect(taken[0].message).toContain('examples.match[0]');
    expect(taken[0].message).toContain('"narrow"');
  });

  test('reports missing translations, too few examples, no near miss, missing keywords', () => {
    const dir = rulesDir({
      'a.yml': `rules:
  - id: sloppy
    category: other
    specificity: 50
    title: Only English
    cause: { en: "Cause" }
    fix: [Step one]
    match:
      - message: '\\bsloppy thing\\b'
    examples:
      match: ['a sloppy thing']
`,
    });
    const report = lintDir(dir);
    const byCheck = (c: string) => report.problems.filter((p) => p.check === c).map((p) => p.message);
    expect(byCheck('translation').join(' ')).toMatch(/title\.zh.*cause\.zh.*fix\[0\]\.zh/);
    expect(byCheck('examples')).toHaveLength(2);
    expect(byCheck('keywords')).toHaveLength(1);
    expect(report.errors).toBe(report.problems.length);
    // Each says how to fix what it reports.
    expect(byCheck('translation')[0]).toContain('give each text in every language, as { en: "...", zh: "..." }');
    expect(byCheck('keywords')[0]).toContain('add `keywords: [...]` with what people call this failure');
    expect(byCheck('examples').join('\n')).toMatch(/give at least 2[\s\S]*give at least one near miss/);
  });

  test('an unindexed pattern is told how to get a key: `hello (?<foo>\\w+)` could match inside "othello"', () => {
    const report = lintDir(
      rulesDir({
        'a.yml': `rules:${rule({ match: "      - message: 'hello (?<foo>\\w+)'", examples: "      match: ['hello world', 'say hello there']\n      no_match: ['ok']" })}`,
      }),
    );
    const [unindexed] = report.problems.filter((p) => p.check === 'unindexed');
    expect(unindexed.message).toContain('has no literal word the index can key on, so it runs on every line: hello (?<foo>\\w+)');
    expect(unindexed.message).toContain('a word counts when the pattern bounds it on both sides');
    expect(unindexed.message).toContain('try \\bhello (?<foo>\\w+)');
    // on the pattern's own line, for a rules folder outside the working directory too
    expect(readFileSync(unindexed.file, 'utf8').split('\n')[unindexed.line - 1]).toContain("message: 'hello (?<foo>");
    // … and the suggested pattern has one.
    const fixed = lintDir(
      rulesDir({
        'a.yml': `rules:${rule({ match: "      - message: '\\bhello (?<foo>\\w+)'", examples: "      match: ['hello world', 'say hello there']\n      no_match: ['ok']" })}`,
      }),
    );
    expect(fixed.problems).toEqual([]);
  });

  test('reports unindexed patterns and template variables nothing can fill', () => {
    const dir = rulesDir({
      'a.yml': `rules:${rule({
        id: 'vars',
        title: '{ en: "Volume {volume} failed", zh: "卷 {volume} 失败" }',
        match: "      - message: '(?:alpha|beta) (?<volume>\\w+) broke'\n      - message: '\\bgamma (?:(?<volume>\\w+) )?broke\\b'",
        examples: "      match: ['alpha data broke', 'gamma data broke']\n      no_match: ['ok']",
        extra: '',
      }).replace('Demo cause', 'Demo cause for {volume} on {node}, not {nothing}')}`,
    });
    const report = lintDir(dir);
    const byCheck = (c: string) => report.problems.filter((p) => p.check === c).map((p) => p.message);
    expect(byCheck('unindexed')).toHaveLength(1);
    const template = byCheck('template').join('\n');
    expect(template).toContain('{nothing} in cause');
    expect(template).not.toContain('{node}');
    expect(template).toMatch(/\{volume\} in the title is not captured by every match of match\[1\]/);
  });

  test('reports categories outside the vocabulary unless declared', () => {
    const undeclared = lintDir(rulesDir({ 'a.yml': `rules:${rule({ category: 'my-own-kind' })}` }));
    expect(undeclared.problems.map((p) => p.check)).toEqual(['category']);
    const declared = lintDir(rulesDir({ 'a.yml': `categories:\n  my-own-kind: { en: "Mine", zh: "我的" }\nrules:${rule({ category: 'my-own-kind' })}` }));
    expect(declared.problems).toEqual([]);
  });

  test('a folder that does not load is reported as errors with file and line, not thrown', () => {
    const report = lintDir(rulesDir({ 'a.yml': `rules:${rule({ match: "      - message: '(a+)+b'" })}` }));
    expect(report.errors).toBe(1);
    expect(report.problems[0]).toMatchObject({ check: 'load', rule: 'demo-rule' });
    expect(formatLintProblem(report.problems[0])).toMatch(/a\.yml:\d+: error \[load\] rule "demo-rule": .*unsafe pattern/);
  });

  test('output phrases are lexicon data: an operator folder adds one; `rules lint` reports one it refuses, and a lexicon file that is not YAML', () => {
    const quoting = 'our deploy says: flux capacitor ran dry (code 88) since this morning';
    const isOutput = (k: KnowledgeBase) => looksLikeKubernetesOutput(quoting, analyse(quoting).evidence, k);
    expect(isOutput(kb)).toBe(false);
    const operator = rulesDir({ 'a.yml': `rules:${rule()}` });
    mkdirSync(join(operator, 'lexicon'));
    writeFileSync(join(operator, 'lexicon', 'output.yml'), "output:\n  ours:\n    - '\\bflux capacitor ran dry \\(code \\d+\\)'\n    - '(a+)+b'\n");
    const layered = loadKnowledgeBase(`${DEFAULT_RULES_DIR}${delimiter}${operator}`);
    expect(isOutput(layered)).toBe(true);
    // Machines print their phrases exactly: the same words in other letter case are prose.
    expect(looksLikeKubernetesOutput(quoting.toUpperCase(), analyse(quoting).evidence, layered)).toBe(false);
    // The bundled phrases still count.
    const quoted = 'when I deploy I get rpc error: code = Unknown desc = something odd';
    expect(looksLikeKubernetesOutput(quoted, analyse(quoted).evidence, layered)).toBe(true);
    // A lexicon file that is not YAML is left out (the rest still works), and reported.
    writeFileSync(join(operator, 'lexicon', 'zh.yml'), 'lexicon:\n  拉不下来: [pull\n');
    expect(isOutput(loadKnowledgeBase(`${DEFAULT_RULES_DIR}${delimiter}${operator}`))).toBe(true);
    const report = lintDir(operator);
    expect(report.problems.map(formatLintProblem)).toEqual([
      expect.stringMatching(/lexicon\/output\.yml:1: error \[lexicon\] output phrase refused: \(a\+\)\+b: nested quantifiers/),
      expect.stringMatching(/lexicon\/zh\.yml:1: error \[lexicon\] not valid YAML: /),
    ]);
  });

  test('lints an in-memory knowledge base too', () => {
    const memory = compileKnowledgeBase([{ file: 'mem.yml', text: `rules:${rule()}` }]);
    expect(lintKnowledgeBase(memory).problems).toEqual([]);
  });

  test('capturedGroups knows which groups every match fills', () => {
    const g = capturedGroups('(?<a>x)(?:(?<b>y))?(?:(?<c>z)|(?<c2>w))(?<d>q)+');
    expect([...g.all].sort()).toEqual(['a', 'b', 'c', 'c2', 'd']);
    expect([...g.always].sort()).toEqual(['a', 'd']);
  });
});

describe('the CLI', () => {
  const broken = rulesDir({
    'a.yml': `rules:${rule({ examples: "      match: ['this does not match at all', 'the demo failure happened']\n      no_match: ['ok']" })}`,
  });

  test('`rules test` and `rules lint` fail on a folder with a broken example, naming the rule and the file', async () => {
    const t = await runCli(['rules', 'test', broken]);
    expect(t.code).not.toBe(0);
    expect(t.stdout).toContain('FAIL demo-rule');
    expect(t.stdout).toContain('examples.match[0]');
    const l = await runCli(['rules', 'lint', broken]);
    expect(l.code).not.toBe(0);
    expect(l.stdout).toMatch(/a\.yml:\d+: error \[examples\] rule "demo-rule": examples\.match\[0\] does not match this rule/);
  });

  test('`rules lint` exits 1 on lint errors and prints file:line and the rule id', async () => {
    const dir = rulesDir({ 'a.yml': `rules:${rule({ id: 'generic', specificity: '40' })}${rule({ id: 'shadow', specificity: '60' })}` });
    const l = await runCli(['rules', 'lint', dir]);
    expect(l.code).toBe(1);
    expect(l.stdout).toMatch(/a\.yml:\d+: error \[never-wins\] rule "generic": can never win/);
  });
});
