// Operators' tools: rules reload without a restart (bad changes refused, last good rules kept) under the one rules
// policy that also decides a start, and the list of pastes nothing matched.
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { questionIndexOf } from '../src/ask/question-index.js';
import { diagnose } from '../src/diagnose/diagnose.js';
import { DEFAULT_RULES_DIR } from '../src/rules/load.js';
import { examplesPassedBefore } from '../src/ruleset/examples-cache.js';
import { RulesHolder, RulesPolicyError, type ReloadResult } from '../src/ruleset/reload.js';
import { UnmatchedStore } from '../src/unmatched/store.js';
import { runCli } from './support/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'kd-policy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A rule the bundled set lacks (disk quota exceeded), with its examples. */
const newRule = readFileSync(new URL('./fixtures/quota-rule.yml', import.meta.url), 'utf8');

/** One rule with its examples: the smallest folder the policy accepts. */
const oneRule = `rules:
  - { id: demo-rule, category: other, specificity: 50, title: Demo, cause: Demo cause, fix: [Do the thing],
      match: [{ message: 'demo failure happened' }], examples: { match: ['the demo failure happened here'], no_match: ['all good'] } }
`;

describe('rules hot reload', () => {
  test('a good new rule file is picked up; a bad one is refused and the last good rules stay', () => {
    // A small folder, not the bundled rules: each accepted change re-runs every rule's examples, and the bundled set
    // with the new rule ranked first is the next describe's (several rules folders).
    const dir = mkdtempSync(join(tmpdir(), 'kd-reload-'));
    writeFileSync(join(dir, 'demo.yml'), oneRule);
    const events: ReloadResult[] = [];
    const holder = new RulesHolder(dir, (r) => events.push(r));
    const paste = 'Warning  Failed  2s  kubelet  Error: write /data/db.log: disk quota exceeded';
    expect(diagnose(paste, holder.current).findings.map((f) => f.rule)).not.toContain('disk-quota-exceeded');
    expect(holder.check()).toMatchObject({ changed: false, ok: true });

    writeFileSync(join(dir, 'quota.yml'), newRule);
    const good = holder.check();
    expect(good).toMatchObject({ changed: true, ok: true });
    expect(diagnose(paste, holder.current).findings[0].rule).toBe('disk-quota-exceeded');

    const before = holder.current.version;
    writeFileSync(join(dir, 'quota.yml'), newRule.replace('specificity: 60', 'specificity: sixty'));
    const bad = holder.check();
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/quota\.yml:4: rule "disk-quota-exceeded": field "specificity"/);
    expect(holder.current.version).toBe(before);
    expect(diagnose(paste, holder.current).findings[0].rule).toBe('disk-quota-exceeded');
    expect(events.map((e) => e.ok)).toEqual([true, false]);

    // Times alone are no change (a ConfigMap remount touches them); an edit of the same size whose mtime is put
    // back still is one (the files are read again when any of their stats moved).
    const quota = join(dir, 'quota.yml');
    const { atime, mtime } = statSync(quota);
    utimesSync(quota, new Date(), new Date());
    expect(holder.check()).toMatchObject({ changed: false, ok: true });
    writeFileSync(quota, newRule.replace('specificity: 60', 'specificity: 61'));
    utimesSync(quota, atime, mtime);
    expect(holder.check()).toMatchObject({ changed: true, ok: true });
    expect(events.map((e) => e.ok)).toEqual([true, false, true]);
    // An edited example that fails is refused the same way: below, 'one rules policy at start and on reload'.
  });
});

describe('unmatched pastes', () => {
  test('are kept redacted and once each, listed newest first by `kube-doctor unmatched`', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kd-unmatched-')), 'unmatched.jsonl');
    const store = new UnmatchedStore(file);
    store.add('Warning  Weird  3s  kubelet  something no rule knows, token=abc123def', 'slack-channel', 'describe-pod');
    store.add('Warning  Odd  1s  kubelet  another unknown failure', 'console', 'describe-pod');
    store.add('Warning  Odd  1s  kubelet  another unknown failure', 'console', 'describe-pod');
    expect(readFileSync(file, 'utf8')).not.toContain('abc123def');
    const r = await runCli(['unmatched', '--file', file, '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list).toHaveLength(2);
    expect(list[0].text).toContain('another unknown failure');
    expect(list[1].text).toContain('token=[redacted]');
    const text = await runCli(['unmatched', '--file', file]);
    expect(text.stdout).toContain('slack-channel');
  });
});

describe('several rules folders (KUBE_DOCTOR_RULES=/app/rules:/etc/kube-doctor/rules)', () => {
  test("an operator's folder adds rules and overrides a bundled one by id", async () => {
    const extra = mkdtempSync(join(tmpdir(), 'kd-extra-'));
    writeFileSync(join(extra, 'quota.yml'), newRule);
    const override = readFileSync(join(DEFAULT_RULES_DIR, 'image-pull', 'dns.yml'), 'utf8').replace(
      'Open a shell on the minikube VM"',
      'Open a shell on the minikube VM (our team runbook: go/minikube-dns)"',
    );
    writeFileSync(join(extra, 'dns-override.yml'), override);
    const founding = readFileSync(new URL('./fixtures/founding/events.txt', import.meta.url), 'utf8');
    const r = await runCli(['diagnose', '--rules', `${DEFAULT_RULES_DIR}:${extra}`], founding);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('our team runbook: go/minikube-dns');
    const quota = await runCli(['diagnose', '--rules', `${DEFAULT_RULES_DIR}:${extra}`], 'Error: write /data/x: disk quota exceeded');
    expect(quota.stdout).toContain("The volume's disk quota is exceeded");
  });
});

describe('one rules policy at start and on reload', () => {
  test('an emptied rules folder on reload is refused, the last good rules stay, and why is reported', () => {
    const dir = join(tmp, 'reload');
    mkdirSync(dir);
    writeFileSync(join(dir, 'demo.yml'), oneRule);
    const events: ReloadResult[] = [];
    const holder = new RulesHolder(dir, (r) => events.push(r));
    rmSync(join(dir, 'demo.yml'));
    const r = holder.check();
    expect(r).toMatchObject({ changed: true, ok: false, reason: 'empty' });
    expect(r.error).toContain('no rules in');
    expect(holder.current.rules.map((x) => x.id)).toEqual(['demo-rule']);
    expect(events).toHaveLength(1);
  });

  test('examples that passed are remembered for these rules and this program; an edited example that fails is refused', () => {
    const dir = join(tmp, 'cached');
    mkdirSync(dir);
    writeFileSync(join(dir, 'demo.yml'), oneRule);
    const holder = new RulesHolder(dir);
    expect(examplesPassedBefore(holder.current.version)).toBe(true);
    writeFileSync(join(dir, 'demo.yml'), oneRule.replace("match: ['the demo failure happened here']", "match: ['no failure in this one']"));
    const r = holder.check();
    expect(r).toMatchObject({ changed: true, ok: false, reason: 'examples' });
    expect(r.error).toContain('rule examples fail');
    expect(holder.current.rules.map((x) => x.id)).toEqual(['demo-rule']);
  });

  test('a lexicon file that is not YAML is refused at start, named with the problem', () => {
    const dir = join(tmp, 'broken-lexicon');
    mkdirSync(join(dir, 'lexicon'), { recursive: true });
    writeFileSync(join(dir, 'demo.yml'), oneRule);
    // Accepted once (remembered for these files), then the lexicon file alone breaks: that is a new version, checked again.
    writeFileSync(join(dir, 'lexicon', 'context.yml'), 'context: [pod, node]\n');
    expect(new RulesHolder(dir).current.rules.map((r) => r.id)).toEqual(['demo-rule']);
    writeFileSync(join(dir, 'lexicon', 'context.yml'), 'context: [pod, node\n');
    expect(() => new RulesHolder(dir)).toThrow(/lexicon\/context\.yml: not valid YAML/);
  });

  test('an edit to the lexicon alone is a reload: the new words count', () => {
    const dir = join(tmp, 'lexicon-edit');
    mkdirSync(join(dir, 'lexicon'), { recursive: true });
    writeFileSync(join(dir, 'demo.yml'), oneRule);
    writeFileSync(join(dir, 'lexicon', 'context.yml'), 'context: [pod]\n');
    const holder = new RulesHolder(dir);
    expect(questionIndexOf(holder.current).context.test('the frobnicator broke')).toBe(false);
    writeFileSync(join(dir, 'lexicon', 'context.yml'), 'context: [pod, frobnicator]\n');
    expect(holder.check()).toMatchObject({ changed: true, ok: true });
    expect(questionIndexOf(holder.current).context.test('the frobnicator broke')).toBe(true);
  });

  test('zero rules or an unreadable folder at start is a RulesPolicyError', () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    expect(() => new RulesHolder(empty)).toThrow(RulesPolicyError);
    expect(() => new RulesHolder(join(tmp, 'no-such-folder'))).toThrow(/cannot read the rules folder/);
  });
});
