// The CLI's contract: exit 0 diagnosed, 1 nothing recognised, 2 usage/input/rule errors; clear messages, no stack traces.
import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runCli as runInProcess } from '../src/cli/program.js';
import { BIN, runCli, runCliProcess } from './support/cli.js';
import { editCachedRuleTitle } from './support/rules-cache.js';

const founding = readFileSync(new URL('./fixtures/founding/events.txt', import.meta.url), 'utf8');

function rulesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kd-rules-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const goodRule = `
- id: demo-rule
  category: other
  specificity: 50
  title: Demo
  cause: Demo cause
  fix: [Do the thing]
  match:
    - message: 'demo failure happened'
  examples:
    match: ['the demo failure happened here']
    no_match: ['all good']
`;

const noStackTrace = (s: string) => expect(s).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('the installed command (a real process: bin wiring, stdin, the exit status the shell sees)', () => {
  test('a paste on stdin is diagnosed: exit 0', async () => {
    const r = await runCliProcess(['diagnose'], founding);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain('192.168.64.1');
  });

  test('a second start takes the rules from the cache the first one wrote', async () => {
    const env = { KUBE_DOCTOR_RULES: rulesDir({ 'demo.yml': goodRule }), KUBE_DOCTOR_CACHE_DIR: mkdtempSync(join(tmpdir(), 'kd-cache-')) };
    const paste = 'Warning  Failed  1s  kubelet  the demo failure happened\n';
    const first = await runCliProcess(['diagnose'], paste, env);
    expect({ code: first.code, title: first.stdout.split('\n')[0] }).toEqual({ code: 0, title: expect.stringMatching(/^Demo\b/) });
    const [file] = readdirSync(env.KUBE_DOCTOR_CACHE_DIR).filter((f) => f.startsWith('rules-'));
    editCachedRuleTitle(join(env.KUBE_DOCTOR_CACHE_DIR, file), 'demo-rule', 'Demo, as cached');
    const second = await runCliProcess(['diagnose'], paste, env);
    expect({ code: second.code, title: second.stdout.split('\n')[0] }).toEqual({ code: 0, title: expect.stringMatching(/^Demo, as cached\b/) });
  });

  // Exit 1 takes the same way out as exit 2 (bin.js sets the code runCli returns); it is checked in-process below.
  test('a usage error: exit 2', async () => {
    const bad = await runCliProcess(['diagnose', '--format', 'xml'], founding);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('xml');
  });
});

describe('kube-doctor diagnose', () => {
  test('JSON output follows the contract', async () => {
    const r = await runCli(['diagnose', '--format', 'json'], founding);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['input', 'findings']);
    expect(json.input.kind).toBe('describe-pod');
    for (const f of json.findings) {
      expect(Object.keys(f)).toEqual(['rule', 'category', 'title', 'confidence', 'evidence', 'cause', 'fix', 'links']);
      expect(f.confidence).toBeGreaterThan(0);
      expect(f.confidence).toBeLessThanOrEqual(1);
      expect(f.fix.every((s: unknown) => typeof s === 'string')).toBe(true);
    }
    expect(json.findings[0].category).toBe('image-pull-dns');
  });

  test('nothing recognised: exit 1 and a hint of what to paste', async () => {
    const r = await runCli(['diagnose'], 'hello team, lunch at noon?\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('kubectl describe pod');
    const json = await runCli(['diagnose', '-f', 'json'], 'hello team\n');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).findings).toEqual([]);
  });

  test('an empty paste: exit 2 with a clear message', async () => {
    const r = await runCli(['diagnose'], '   \n\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The paste is empty');
    noStackTrace(r.stderr);
  });

  test('binary junk: exit 2, says it is not text', async () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const r = await runCli(['diagnose'], junk);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('binary data');
    noStackTrace(r.stderr);
  });

  test('a 5 MB paste is diagnosed; over the limit is refused with the size', async () => {
    // The describe output inside 5 MB of log lines. (How the time grows with what a paste holds is test/linear's
    // and npm run bench's: here, the size is the point.)
    const filler = 'some unrelated log line that nobody cares about, repeated to fill the paste\n';
    const big = founding + filler.repeat(Math.ceil((5 * 1024 * 1024 - founding.length) / filler.length));
    const r = await runCli(['diagnose', '-f', 'json'], big);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings[0].category).toBe('image-pull-dns');
    const tooBig = await runCli(['diagnose'], 'x'.repeat(11 * 1024 * 1024));
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toMatch(/the limit is 10 MB/);
  }, 60000);

  test('a missing file and an unknown option are usage errors (exit 2)', async () => {
    const missing = await runCli(['diagnose', '/nonexistent/paste.txt']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read /nonexistent/paste.txt');
    const bad = await runCli(['diagnose', '--format', 'xml'], founding);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("argument 'xml' is invalid");
  });
});

describe('the command line itself', () => {
  test('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  });

  test('with --format json every error is JSON on stdout, with the same exit code', async () => {
    const missing = await runCli(['diagnose', '/nonexistent/paste.txt', '--format', 'json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('');
    expect(JSON.parse(missing.stdout)).toEqual({
      error: "cannot read /nonexistent/paste.txt: ENOENT: no such file or directory, open '/nonexistent/paste.txt'.",
      exitCode: 2,
    });
    const unknown = await runCli(['diagnose', '--format', 'json', '--bogus'], founding);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('');
    expect(JSON.parse(unknown.stdout)).toEqual({ error: "unknown option '--bogus'", exitCode: 2 });
    const empty = await runCli(['diagnose', '-f', 'json'], '');
    expect(empty.code).toBe(2);
    expect(JSON.parse(empty.stdout)).toEqual({ error: expect.any(String), exitCode: 2 });
    const limit = await runCli(['unmatched', '-n', 'abc', '--format=json']);
    expect(limit.code).toBe(2);
    expect(JSON.parse(limit.stdout).error).toContain('Give a whole number from 1 to 500.');
    const config = await runCli(['diagnose', '--format', 'json'], founding, { KUBE_DOCTOR_RULES: '', RULES_RELOAD_SECONDS: 'often' });
    expect(config.code).toBe(2);
    expect(JSON.parse(config.stdout).error).toContain('RULES_RELOAD_SECONDS is malformed: expected a whole number from 1 to 86400, got "often".');
  });

  test('output piped into a reader that stops early (| head) ends quietly, without a stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'redact'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.on('error', () => undefined);
    // 900 KB: many times what a pipe holds (64 KB), so the command is still writing when the reader goes.
    child.stdin.end(`${'Warning  Failed  kubelet  Failed to pull image\n'.repeat(20_000)}`);
    await new Promise((r) => child.on('close', r));
    expect(stderr).toBe('');
  });

  test('diagnose at a terminal says what it waits for; piped input gets no such line', async () => {
    let stderr = '';
    const stdin = Object.assign(Readable.from([Buffer.from(founding)]), { isTTY: true });
    const sink = (write: (s: string) => void) =>
      new Writable({
        write(chunk, _e, done) {
          write(String(chunk));
          done();
        },
      });
    const code = await runInProcess(['diagnose'], { stdin, stdout: sink(() => undefined), stderr: sink((s) => (stderr += s)), env: process.env });
    expect(code).toBe(0);
    expect(stderr).toBe('Paste the kubectl output, then press Ctrl-D on an empty line (or give a file: kube-doctor diagnose FILE).\n');
    expect((await runCli(['diagnose'], founding)).stderr).toBe('');
  });

  test.each([['abc'], ['-5'], ['0'], ['1.5'], ['501']])('unmatched -n %s is refused (exit 2)', async (n) => {
    const r = await runCli(['unmatched', '-n', n]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Give a whole number from 1 to 500.');
  });

  test('diagnose, ask and pod accept the same formats', async () => {
    const md = await runCli(['ask', '--format', 'markdown', 'why is my pod stuck in ImagePullBackOff?']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^### /m);
    expect(md.stdout).toContain('```');
    const help = await Promise.all(['diagnose', 'ask', 'pod'].map((c) => runCli([c, '--help'])));
    for (const h of help) expect(h.stdout.replace(/\s+/g, ' ')).toContain('"text", "json", "markdown"');
  });
});

describe('rule files', () => {
  // That the bundled rules pass is test/rules.cases.ts's (the same examples, run once there).
  test('kube-doctor rules test checks the configured rules: all passed is exit 0', async () => {
    const r = await runCli(['rules', 'test'], '', { KUBE_DOCTOR_RULES: rulesDir({ 'demo.yml': goodRule }) });
    expect(r.stdout).toBe('1 rules, 2 examples: 2 passed, 0 failed\n');
    expect(r.code).toBe(0);
  });

  test('a failing example is reported with the rule id and exit 1', async () => {
    const dir = rulesDir({ 'demo.yml': goodRule.replace("match: ['the demo failure happened here']", "match: ['something else entirely']") });
    const r = await runCli(['rules', 'test', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL demo-rule \(.*demo\.yml:2\) examples\.match\[0\]: did not match/);
  });

  test('a missing field names the file, line, rule id and field; exit 2 and no stack trace', async () => {
    const dir = rulesDir({ 'bad.yml': goodRule.replace('  cause: Demo cause\n', '') });
    const r = await runCli(['rules', 'test', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yml:2: rule "demo-rule": field "cause": /);
    noStackTrace(r.stderr);
  });

  test('a wrongly typed field points at its own line', async () => {
    const dir = rulesDir({ 'bad.yml': goodRule.replace('specificity: 50', 'specificity: high') });
    const r = await runCli(['diagnose', '--rules', dir], founding);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yml:4: rule "demo-rule": field "specificity": /);
  });

  test('invalid YAML is refused with its line', async () => {
    const dir = rulesDir({ 'broken.yml': goodRule.replace('  title: Demo', '  title: [Demo') });
    const r = await runCli(['rules', 'test', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yml:\d+: file: not valid YAML/);
  });

  test.each([
    ['nested quantifiers', '(a+)+$', 'nested quantifiers'],
    ['overlapping alternation', '(?:ab|a)*c', 'start with the same character'],
    ['backreference', '(\\w)\\1', 'backreferences'],
    ['three wildcards', 'a.*b.*c.*d', 'unbounded wildcards'],
  ])('an unsafe pattern (%s) is refused at load', async (_name, pattern, reason) => {
    const dir = rulesDir({ 'unsafe.yml': goodRule.replace("'demo failure happened'", () => `'${pattern}'`) });
    const r = await runCli(['rules', 'test', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`unsafe\\.yml:9: rule "demo-rule": field "match\\[0\\]\\.message": unsafe pattern: .*${reason}`));
  });

  test('duplicate ids and unknown extends are refused', async () => {
    const dir = rulesDir({ 'a.yml': goodRule, 'b.yml': goodRule.replace('category: other', 'category: other\n  extends: nope') });
    const r = await runCli(['rules', 'test', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('duplicate id (also at');
    expect(r.stderr).toContain('field "extends": no rule has the id "nope"');
  });
});
