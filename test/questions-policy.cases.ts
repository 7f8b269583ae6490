// The reply policy for words (src/conversation/reply.ts): symptom first. A failure only when the words name one;
// a vague plea about a broken pod gets what to run and paste; anything else gets one line in a DM and silence in a
// channel. The vague messages below were written for this test (not taken from the corpus), as people write them.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { withoutPlaceholders } from '../src/ask/placeholders.js';
import { buildQuestionIndex } from '../src/ask/question-index.js';
import { analyse, ruleFinding } from '../src/diagnose/diagnose.js';
import { replyToQuestion, respond } from '../src/conversation/reply.js';
import { renderQuestionReply, renderReplyText } from '../src/render/answer.js';
import { loadKnowledgeBase } from '../src/rules/load.js';

const kb = loadKnowledgeBase();
const qi = buildQuestionIndex(kb);
const lang = (text: string) => (/[\u3400-\u9fff]/.test(text) ? 'zh' : 'en') as 'en' | 'zh';
const reply = (text: string, surface: 'dm' | 'channel' = 'dm', liveLookup = false) => replyToQuestion(text, kb, qi, { lang: lang(text), surface, liveLookup });

const VAGUE_EN = [
  'my pod is not working',
  'why is my pod checkout-api-6b7c9d5f4-qp8zn failing?',
  'pod stuck, what do I do',
  'my deployment is broken, help',
  'something is wrong with my pods',
  "the pod doesn't work after I deployed it",
  'help, kubernetes pod failing',
  'our k8s pods are having issues since this morning',
  'my container is not running, any idea?',
  'pods in the staging namespace are broken',
  "what's wrong with my pod?",
  'I deployed to the cluster and it fails',
  'can you debug my pod?',
  'my pod has a problem',
  "the deployment is failing and I don't know why",
  'kubectl shows an error for my pod',
  'my pods are down',
  'the kubelet is acting weird on my node',
  'need help troubleshooting a pod',
  'pod web-7c79c4bf97-5xw2n is not working',
  'our helm release pods are failing',
  'the container keeps having problems',
  // "won't start" says the pod is in trouble, not which: no cause is made up for it.
  "my pod won't start",
  'the new deployment fails to start',
];

const VAGUE_ZH = [
  'pod 起不来',
  'deployment 启动失败',
  '我的 pod 不行了',
  'pod 有问题，怎么办',
  '容器出问题了，帮忙看看',
  '集群里的 pod 不正常',
  '部署完 pod 就报错',
  '我的容器坏了',
  'pod 异常，求助',
  'k8s 里的服务用不了了，pod 有问题',
  '帮我排查一下这个 pod',
  'pod 卡住了',
  '这个 pod 怎么回事',
  '节点上的 pod 都出错了',
  'pod 没反应',
  'kubernetes 的 pod 出故障了',
  '我们的 deployment 有问题',
  'pod 部署失败了，怎么办',
  '集群出问题了，pod 不能用',
  '这个 pod 一直不正常，帮忙看下',
  '容器异常怎么排查',
  'pod web-7c79c4bf97-5xw2n 有问题',
  'k8s 的 pod 出错了',
];

describe('vague messages about a broken pod get a request for output, never a cause', () => {
  test('at least 20 per language', () => {
    expect(VAGUE_EN.length).toBeGreaterThanOrEqual(20);
    expect(VAGUE_ZH.length).toBeGreaterThanOrEqual(20);
  });

  test.each([...VAGUE_EN, ...VAGUE_ZH])('%s', (text) => {
    const r = reply(text);
    expect(r.kind).toBe('request-output');
    const out = renderQuestionReply(r);
    expect(out).toContain('kubectl describe pod');
    expect(out).toContain('kubectl get events');
  });

  test('a kubelet report of its own action names no cause: "Pod sandbox changed, it will be killed and re-created"', () => {
    const r = respond('we keep seeing "Pod sandbox changed, it will be killed and re-created." every few minutes', { kb, lang: 'en', surface: 'dm' });
    expect(r.kind).toBe('request-output');
  });

  test('the pod the message names is in the command to run', () => {
    const r = reply('why is my pod checkout-api-6b7c9d5f4-qp8zn failing?');
    expect(r.kind === 'request-output' && r.commands[0]).toBe('kubectl describe pod checkout-api-6b7c9d5f4-qp8zn -n NAMESPACE');
    expect(renderQuestionReply(reply('pod web-7c79c4bf97-5xw2n -n shop is not working'))).toContain('kubectl describe pod web-7c79c4bf97-5xw2n -n shop');
  });

  test('with live lookup configured, a vague message that names a pod is looked up instead', () => {
    const r = reply('why is my pod checkout-api-6b7c9d5f4-qp8zn failing?', 'dm', true);
    expect(r.kind === 'lookup' && r.pod.name).toBe('checkout-api-6b7c9d5f4-qp8zn');
    expect(reply('my pod is not working', 'dm', true).kind).toBe('request-output');
  });
});

describe('off-topic messages: one line in a DM, nothing in a channel', () => {
  const OFF_TOPIC = [
    'how do I switch namespace with kubectl?',
    'how do I write a helm chart template',
    'how to set up a CI pipeline for kubernetes',
    // A behaviour's word as the asker's own action ("restarting" is a symptom, "I restart" is a how-to).
    'how do I restart a deployment without downtime',
    'how can we evict a pod from a node by hand?',
    'hi there',
    'thanks!',
    '怎么用 kubectl 切换命名空间',
    'helm 模板怎么写',
  ];
  test.each(OFF_TOPIC)('%s', (text) => {
    const dm = reply(text, 'dm');
    expect(dm.kind).toBe('off-topic');
    const line = renderQuestionReply(dm);
    expect(line.trim().split('\n')).toHaveLength(1);
    expect(line).toMatch(/kubectl describe pod/);
    expect(renderQuestionReply(reply(text, 'channel'))).toBe('');
  });
});

describe('back-off, asked any way, gets the explanation with its constants', () => {
  const FOUNDING = [
    'why is it called BackOff? what algorithm is it?',
    'why is it called ImagePullBackOff',
    '为啥叫 ImagePullBackOff？退避算法是什么',
    'BackOff 是什么意思，多久重试一次',
  ];
  const OTHER_FORMS = [
    'what does back-off mean?',
    'why do restarts get slower',
    'how long until it retries?',
    '退避是什么',
    'why does the BackOff keep growing?',
    // The delay asked the other way round, beside a status name that would otherwise name the crash loop.
    'why does my CrashLoopBackOff pod wait longer and longer between restarts?',
    "what's the maximum delay before a crashing container is restarted again?",
    'the CrashLoopBackOff restart delay is too long, can I change it?',
    'it takes so long to restart my crashed container, why?',
  ];

  // Through the reply policy every surface uses: "为啥叫 ImagePullBackOff？" quotes a status, yet it is a question,
  // not a paste to diagnose at 5% confidence.
  test.each([...FOUNDING, ...OTHER_FORMS])('%s', (text) => {
    const r = respond(text, { kb, lang: 'en', surface: 'dm' });
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    expect(r.answer.findings[0].category).toBe('backoff-explained');
    const out = renderReplyText(r);
    expect(out).toMatch(/10 ?(?:s|秒)/);
    expect(out).toMatch(/300 ?(?:s|秒)/);
    expect(out).toMatch(/10 (?:minutes|分钟)/);
    expect(out).toContain('pkg/kubelet/kubelet.go');
    expect(out).toMatch(lang(text) === 'zh' ? /指数退避/ : /exponential back-off[^.]*networking/);
  });

  test('a generic exponential-backoff question about a library is not answered', () => {
    expect(reply("It's good practice to have exponential backoff for retries in axios. Any plans to implement this?").kind).toBe('off-topic');
  });
});

describe("an error any program prints is a pod's error only beside Kubernetes words (rules say any_program)", () => {
  const shown = (text: string) => respond(text, { kb, lang: 'en', surface: 'dm' });
  test.each(['my external drive says no space left on device when I back up my music', 'EMFILE: too many open files when my webpack dev server starts'])(
    'free text without one is not diagnosed: %s',
    (text) => {
      expect(shown(text).kind).toBe('off-topic');
    },
  );

  test.each([
    ['the pod fails with no space left on device', 'no-space-left-on-device'],
    // A kubelet log line: klog's header makes it Kubernetes output, whatever its words.
    ['E0304 10:00:00.000000    1234 manager.go:123] inotify_add_watch /sys/fs/cgroup/memory/kubepods/pod1: no space left on device', 'inotify-limit'],
  ])('Kubernetes words or output are: %s', (text, rule) => {
    const r = shown(text);
    expect(r.kind).toBe('diagnosis');
    if (r.kind === 'diagnosis') expect(r.diagnosis.findings[0].rule).toBe(rule);
  });
});

describe('no answer shows an unfilled placeholder', () => {
  const questions: { text: string; lang: 'en' | 'zh' }[] = JSON.parse(readFileSync(new URL('./fixtures/questions.json', import.meta.url), 'utf8'));

  test('every answer to the question corpus, in both languages', () => {
    const found: string[] = [];
    for (const q of questions) {
      for (const l of ['en', 'zh'] as const) {
        const out = renderQuestionReply(replyToQuestion(q.text, kb, qi, { lang: l, surface: 'dm' }));
        // `<none>` is kubectl's; a `<...>` the question itself contains is the user's own text, quoted back.
        for (const [hit] of out.matchAll(/<[a-zA-Z][\w-]*>/g)) {
          if (hit !== '<none>' && !q.text.includes(hit)) found.push(`${hit} in the ${l} answer to: ${q.text.slice(0, 60)}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  test('no explanation names a thing twice ("set up volume the volume"), in either language', () => {
    const twice = { en: /\b([A-Za-z]+) (?:the|a|its) \1\b/gi, zh: /([\p{Script=Han}A-Za-z]+) ?该 ?\1/gu };
    const found: string[] = [];
    for (const rule of kb.rules) {
      for (const l of ['en', 'zh'] as const) {
        const f = withoutPlaceholders(ruleFinding(rule.spec, {}, l, 0.9, []), l, qi.placeholders);
        for (const text of [f.title, f.cause, ...f.fix.map((s) => s.text)]) {
          for (const [hit] of text.matchAll(twice[l])) found.push(`${rule.id} (${l}): ${hit}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  test("the question's own numbers fill the template", () => {
    const out = renderQuestionReply(reply('pod pending 0/3 nodes available: insufficient memory'));
    expect(out).toContain('memory');
    expect(out).not.toMatch(/<\w+>/);
  });
});

test("the reply starts from the caller's analysis of the text when given one (the channel gate's), instead of reading it again", () => {
  const kb = loadKnowledgeBase();
  const founding = readFileSync(new URL('./fixtures/founding/events.txt', import.meta.url), 'utf8');
  const asked = respond(founding, { kb, lang: 'en', surface: 'dm' });
  expect(asked.kind === 'diagnosis' && asked.diagnosis.findings[0].rule).toBe('image-pull-dns-minikube-hyperkit');
  // The same words with another text's analysis: the analysis given is what the reply reads.
  const other = analyse('Warning  Failed  kubelet  Failed to pull image "nginx:nope": manifest unknown');
  const given = respond(founding, { kb, lang: 'en', surface: 'dm', analysis: other });
  expect(given.kind === 'diagnosis' && given.diagnosis.findings[0].rule).not.toBe('image-pull-dns-minikube-hyperkit');
});
