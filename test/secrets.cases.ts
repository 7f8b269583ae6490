// The secret corpus: no planted secret survives `kube-doctor redact`, any output format (text, JSON, markdown,
// Slack blocks and the evidence view), the debug log or the unmatched-paste store.
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnose } from '../src/diagnose/diagnose.js';
import { pasteFields } from '../src/ops/log.js';
import { redact } from '../src/redact/redact.js';
import { render } from '../src/render/render.js';
import { loadKnowledgeBase } from '../src/rules/load.js';
import { diagnosisMessages, evidenceMessages } from '../src/slack/blocks.js';
import { UnmatchedStore } from '../src/unmatched/store.js';
import { markers, secretCases, type SecretCase } from './fixtures/secrets.js';
import { runCli } from './support/cli.js';
import { capturedLogger } from './support/captured-log.js';

const kb = loadKnowledgeBase();
const cases = secretCases();

function leaks(c: SecretCase, out: string): string[] {
  return markers(c).filter((m) => out.includes(m));
}

function expectNoLeak(where: string, outputs: Map<SecretCase, string>): void {
  const found = [...outputs].flatMap(([c, out]) => leaks(c, out).map((m) => `${c.kind}: "${m}" in ${where}`));
  expect(found).toEqual([]);
}

describe('the secret corpus', () => {
  test('has at least 80 pastes, each secret unique and findable before redaction', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
    expect(new Set(cases.map((c) => c.secret)).size).toBe(cases.length);
    for (const c of cases) {
      expect(markers(c).length).toBeGreaterThan(0);
      expect(leaks(c, c.paste)).toEqual(markers(c)); // the check can fail: every marker is in the raw paste
    }
  });

  test('redact() leaves no marker', () => {
    expectNoLeak('redact()', new Map(cases.map((c) => [c, redact(c.paste)])));
  });

  test('`kube-doctor redact -` leaves no marker and keeps the rest of the paste', async () => {
    const cut = '\n\n=====8<=====\n\n';
    const r = await runCli(['redact', '-'], cases.map((c) => c.paste).join(cut));
    expect(r.code).toBe(0);
    const parts = r.stdout.split(cut);
    expect(parts).toHaveLength(cases.length);
    expectNoLeak('kube-doctor redact', new Map(cases.map((c, i) => [c, parts[i]])));
    expect(r.stdout).toContain('no such host');
    expect(r.stdout).toContain('kubernetes.io/dockerconfigjson');
  }, 30_000);

  test('no marker in any output format, in Slack blocks or the evidence view', () => {
    const outputs = new Map<SecretCase, string>();
    let diagnosed = 0;
    for (const c of cases) {
      const d = diagnose(c.paste, kb);
      if (d.findings.length) diagnosed++;
      const slack = [...diagnosisMessages(d, { lang: 'en', reportId: 'r1' }), ...evidenceMessages(d, 'en')];
      outputs.set(c, [render(d, 'text'), render(d, 'json'), render(d, 'markdown'), JSON.stringify(slack)].join('\n'));
    }
    expect(diagnosed).toBeGreaterThan(5); // evidence lines are shown: the check covers them
    expectNoLeak('output', outputs);
  });

  test('no marker in the debug log or the unmatched store', () => {
    const { logger, lines: logLines } = capturedLogger('debug');
    const store = new UnmatchedStore(join(mkdtempSync(join(tmpdir(), 'kd-secrets-')), 'unmatched.jsonl'));
    const logged = new Map<SecretCase, string>();
    const hashes = new Map<SecretCase, string>();
    for (const c of cases) {
      logLines.length = 0;
      logger.debug({ ...pasteFields(logger, c.paste) }, 'paste');
      logged.set(c, logLines.join(''));
      hashes.set(c, store.add(c.paste, 'test', 'unknown').hash);
    }
    expect([...logged.values()].every((l) => l.includes('"paste"'))).toBe(true);
    expectNoLeak('debug log', logged);
    // what the store keeps on disk, line by line
    const lines = new Map(
      readFileSync(store.file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => [JSON.parse(l).hash as string, l]),
    );
    expect(lines.size).toBe(cases.length);
    expectNoLeak('unmatched store', new Map(cases.map((c) => [c, lines.get(hashes.get(c)!)!])));
  });
});
