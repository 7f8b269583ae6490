// Block Kit rendering of a diagnosis: Slack's limits (checked with the emulator's validator, which mirrors Slack's
// invalid_blocks rules), escaping, splitting, and the channel gate's judgement of what is Kubernetes output.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { analyse, diagnose, type Diagnosis, type Finding } from '../../src/diagnose/diagnose.js';
import { diagnosisMessages, escapeSlack, evidenceMessages, linkLabel, SLACK_LIMITS, splitMrkdwn } from '../../src/slack/blocks.js';
import { looksLikeKubernetesOutput } from '../../src/rules/output-phrases.js';
import { validateMessageBlocks } from '../support/slack-block-limits.js';
import { FOR_MAC_1317, founding, kb, rawText, unescapeSlack, visible } from './helpers.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  rule: 'test-rule',
  category: 'test',
  title: 'Pod has no node: NODE is <none>',
  confidence: 0.8,
  evidence: ['web-1   0/1   Pending   0   5m   <none>   <none>'],
  cause: 'The scheduler left NODE at <none> & nominated nothing.',
  fix: [{ text: 'List pods without a node (<none>)', commands: ["kubectl get pods -o wide | grep '<none>' > pending.txt && wc -l pending.txt"] }],
  links: ['https://kubernetes.io/docs/concepts/scheduling-eviction/?a=1&b=2'],
  ...over,
});
const diagnosis = (findings: Finding[]): Diagnosis => ({ input: { kind: 'get-pods', objects: [] }, findings, lang: 'en' });

/** Every mrkdwn string in the blocks (header is plain_text and excluded). */
function mrkdwnTexts(blocks: any[]): string[] {
  return blocks
    .flatMap((b) => [b.text?.type === 'mrkdwn' ? b.text.text : undefined, ...(b.elements ?? []).map((e: any) => (e.type === 'mrkdwn' ? e.text : undefined))])
    .filter((s): s is string => typeof s === 'string');
}

describe('escaping', () => {
  test("kubectl's <none>, & and > survive: escaped on the wire, intact for the reader", () => {
    const [msg] = diagnosisMessages(diagnosis([finding()]), { lang: 'en', reportId: 'r1' });
    for (const text of [...mrkdwnTexts(msg.blocks!), msg.text]) {
      // No raw angle bracket except Slack's own link syntax <url|label> and mention syntax.
      expect(text.replace(/<https?:[^<>]+>/g, '')).not.toMatch(/[<>]/);
    }
    const seen = visible(msg);
    expect(seen).toContain('NODE at <none> & nominated nothing');
    expect(seen).toContain("kubectl get pods -o wide | grep '<none>' > pending.txt && wc -l pending.txt");
    expect(seen).toContain('web-1   0/1   Pending   0   5m   <none>   <none>');
    expect(rawText(msg)).toContain('<https://kubernetes.io/docs/concepts/scheduling-eviction/?a=1&amp;b=2|kubernetes.io/docs/concepts/scheduling-eviction/>');
  });

  test('escapeSlack touches only &, < and >', () => {
    expect(escapeSlack('a <b> & "c" \'d\' `e` *f*')).toBe('a &lt;b&gt; &amp; "c" \'d\' `e` *f*');
    expect(unescapeSlack(escapeSlack('&amp; <none>'))).toBe('&amp; <none>');
  });
});

describe('the founding report', () => {
  const d = diagnose(founding, kb);
  const msgs = diagnosisMessages(d, { lang: 'en', reportId: 'r1', share: true });

  test('is one valid message: title, rule and confidence, cause, fix with commands in code blocks, links, evidence, buttons', () => {
    expect(msgs).toHaveLength(1);
    const [m] = msgs;
    expect(validateMessageBlocks(m.blocks)).toEqual([]);
    expect(m.blocks!.map((b) => b.type)).toEqual(['header', 'context', 'section', 'section', 'section', 'section', 'actions']);
    const seen = visible(m);
    expect(seen).toContain('rule `image-pull-dns-minikube-hyperkit` · image-pull-dns · confidence *95%*');
    expect(seen).toContain('*Cause*\nThe minikube VM');
    expect(seen).toContain('*2.* Point the VM at a public resolver by writing nameserver 8.8.8.8 into /etc/resolv.conf');
    expect(seen).toContain("```\nsudo sh -c 'echo nameserver 8.8.8.8 > /etc/resolv.conf'\n```");
    expect(rawText(m)).toContain(`<${FOR_MAC_1317}|docker/for-mac#1317>`);
    expect(seen).toContain('server misbehaving');
    expect(seen).not.toContain('*Also possible*'); // no catch-all restating the DNS cause
    expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackChars);
    expect(m.text).toContain('minikube');
  });

  test('"Show evidence" lists every finding\'s lines', () => {
    const [m] = evidenceMessages(d, 'en');
    expect(validateMessageBlocks(m.blocks)).toEqual([]);
    for (const f of d.findings) expect(visible(m)).toContain(f.rule);
  });
});

describe('Slack limits', () => {
  test('a huge report is split into valid messages (≤50 blocks, ≤3000 characters a section), losing nothing', () => {
    const fix = Array.from({ length: 80 }, (_, i) => ({ text: `Step ${i} ${'x'.repeat(200)}`, commands: [`echo step-${i} ${'y'.repeat(700)}`] }));
    const big = finding({ fix, cause: 'c'.repeat(7000), evidence: Array.from({ length: 5 }, (_, i) => `line ${i} ${'z'.repeat(390)}`) });
    const msgs = diagnosisMessages(diagnosis([big, finding({ rule: 'other' })]), { lang: 'en', reportId: 'r2' });
    expect(msgs.length).toBeGreaterThan(1);
    for (const m of msgs) {
      expect(validateMessageBlocks(m.blocks)).toEqual([]);
      expect(m.blocks!.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
      expect(JSON.stringify(m.blocks).length).toBeLessThan(13000);
      expect(m.text.length).toBeGreaterThan(0);
    }
    expect(msgs[0].blocks!.at(-1)!.type).toBe('actions');
    expect(msgs.slice(1).every((m) => m.blocks!.every((b) => b.type !== 'actions'))).toBe(true);
    const all = msgs.map(visible).join('\n');
    for (let i = 0; i < 80; i++) expect(all).toContain(`echo step-${i} `);
    expect(all.replace(/[^c]/g, '').length).toBeGreaterThanOrEqual(7000);
  });

  test('splitMrkdwn: every piece fits, every code block is closed, no line is lost', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant('```'), fc.string({ maxLength: 120 }), fc.string({ minLength: 200, maxLength: 900 })), { maxLength: 60 }),
        fc.integer({ min: 200, max: 3000 }),
        (lines, max) => {
          const text = lines
            .map((l) => l.replace(/`/g, "'"))
            .map((l, i) => (lines[i] === '```' ? '```' : l))
            .join('\n');
          const pieces = splitMrkdwn(text, max);
          for (const p of pieces) {
            expect(p.length).toBeLessThanOrEqual(max);
          }
          if (text.length > max) for (const p of pieces) expect((p.match(/```/g) ?? []).length % 2).toBe(0);
          const strip = (s: string) => s.replace(/```/g, '').replace(/\s+/g, '');
          expect(strip(pieces.join(''))).toBe(strip(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a long title is cut to the 150-character header limit', () => {
    const [m] = diagnosisMessages(diagnosis([finding({ title: 'T'.repeat(400) })]), { lang: 'en' });
    expect((m.blocks![0] as any).text.text.length).toBe(150);
    expect(validateMessageBlocks(m.blocks)).toEqual([]);
  });

  test('link labels name GitHub issues the way people cite them', () => {
    expect(linkLabel(FOR_MAC_1317)).toBe('docker/for-mac#1317');
    expect(linkLabel('https://github.com/kubernetes/minikube/pull/3036')).toBe('kubernetes/minikube#3036');
    expect(linkLabel('https://kubernetes.io/docs/concepts/containers/images/#imagepullbackoff')).toBe(
      'kubernetes.io/docs/concepts/containers/images/#imagepullbackoff',
    );
  });
});

describe('the channel gate: is this Kubernetes output?', () => {
  const isOutput = (t: string) => looksLikeKubernetesOutput(t, analyse(t).evidence, kb);
  const corpusDir = new URL('../fixtures/corpus/', import.meta.url);
  const pastes = readdirSync(corpusDir).filter((f) => f.endsWith('.txt'));
  const questions: Array<{ text: string; expected: string }> = JSON.parse(readFileSync(new URL('../fixtures/questions.json', import.meta.url), 'utf8'));

  test.each(pastes)('pasted output %s: yes', (f) => {
    expect(isOutput(readFileSync(new URL(f, corpusDir), 'utf8'))).toBe(true);
  });

  test.each(questions.filter((q) => q.expected === 'none').map((q) => q.text))('chatter "%s": no', (text) => {
    expect(isOutput(text)).toBe(false);
  });

  test.each([
    'why is my pod in CrashLoopBackOff?',
    'What is back off restarting failed container?',
    'Does it mean that the k8s changes the state from "image not found" to "Back-off pulling image" after some time?',
    'ImagePullBackOff',
    'my pod is OOMKilled, how much memory should I give it?',
  ])('a question in prose "%s": no', (text) => {
    expect(isOutput(text)).toBe(false);
  });

  test('a question quoting the error line: yes (the paste is in the sentence)', () => {
    expect(isOutput('help? `Failed to pull image "k8s.gcr.io/pause:3.2": rpc error: code = Unknown desc = i/o timeout`')).toBe(true);
  });
});
