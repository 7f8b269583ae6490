// What the bot says to one message, whatever the surface (console, Slack DM, mention, slash command).
import { ask, type Answer } from '../ask/ask.js';
import type { QuestionIndex } from '../ask/question-index.js';
import { diagnose, InputError, type Diagnosis } from '../diagnose/diagnose.js';
import type { KnowledgeBase } from '../rules/load.js';
import type { Lang } from '../rules/schema.js';
import { detectLang } from './lang.js';

export type Reply =
  | { kind: 'help'; lang: Lang }
  | { kind: 'diagnosis'; diagnosis: Diagnosis; lang: Lang }
  /** A question (or anything that is not a recognised paste) when a question index is given. */
  | { kind: 'answer'; answer: Answer; lang: Lang }
  | { kind: 'input-error'; message: string; lang: Lang };

const HELP = /^\s*(?:help|\?|帮助|幫助|usage)\s*$/i;

export function isHelp(text: string): boolean {
  return HELP.test(text);
}

export function replyTo(text: string, kb: KnowledgeBase, defaultLang: Lang = 'en', questions?: QuestionIndex): Reply {
  const lang = detectLang(text, defaultLang);
  if (!text.trim() || isHelp(text)) return { kind: 'help', lang };
  try {
    const diagnosis = diagnose(text, kb, { lang });
    if (diagnosis.findings.length || !questions) return { kind: 'diagnosis', diagnosis, lang };
    return { kind: 'answer', answer: ask(text, kb, questions, { lang, pasted: [] }), lang };
  } catch (e) {
    if (e instanceof InputError) return { kind: 'input-error', message: e.message, lang };
    throw e;
  }
}

export function helpText(lang: Lang): string {
  return lang === 'zh'
    ? [
        'kube-doctor 根据粘贴的 kubectl 输出诊断 Pod 故障：原因、修复命令和参考链接。',
        '可以粘贴：',
        '  • kubectl describe pod <name> -n <namespace> 的输出（底部的 Events 最重要）',
        '  • kubectl get events / kubectl get pods 的输出',
        '  • Pod 或 Event 的 -o json / -o yaml',
        '  • kubelet / containerd 日志行，或一条错误信息',
        '例如：Failed to pull image "nginx": ... lookup registry-1.docker.io on 192.168.64.1:53: server misbehaving',
        '也可以直接提问，例如：为啥叫 ImagePullBackOff？ 或者 pod 一直 Pending 怎么办',
      ].join('\n')
    : [
        'kube-doctor diagnoses pod failures from pasted kubectl output: the cause, the fix as commands, and the links that prove it.',
        'Paste any of:',
        '  • the output of `kubectl describe pod <name> -n <namespace>` (the Events at the bottom matter most)',
        '  • `kubectl get events` or `kubectl get pods` output',
        '  • a Pod or Event as `-o json` / `-o yaml`',
        '  • kubelet / containerd log lines, or a single error message',
        'For example: Failed to pull image "nginx": ... lookup registry-1.docker.io on 192.168.64.1:53: server misbehaving',
        'Or ask a question, e.g. "why is my pod stuck in ImagePullBackOff?" or "what does OOMKilled mean?"',
      ].join('\n');
}
