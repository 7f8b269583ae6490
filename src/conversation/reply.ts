// What the bot says to one message, whatever the surface: the console, the CLI's `ask`, and every Slack surface
// (DM, mention, slash command, a paste in a channel) call respond(); only their renderers differ.
import { ask, PASTE_CONFIDENCE, standingFindings, type Answer } from '../ask/ask.js';
import { questionIndexOf, type QuestionIndex } from '../ask/question-index.js';
import { analyse, diagnoseEvidence, InputError, type Analysis, type Diagnosis, type Finding } from '../diagnose/diagnose.js';
import { isStructuredOutput, looksLikeKubernetesOutput } from '../rules/output-phrases.js';
import { parsePodRef, type PodTarget } from '../parse/pod-ref.js';
import { decodeSlack, normalise } from '../normalise/normalise.js';
import type { KnowledgeBase } from '../rules/load.js';
import { detectLang, type Lang } from '../model/lang.js';

/** What the bot does with words that are not a recognised paste (a question, a plea, chatter). */
export type QuestionReply =
  /** The words name a failure, and the best explanation is confident enough to show. */
  | { kind: 'answer'; answer: Answer; lang: Lang }
  /** About a broken pod, but naming no symptom (or no explanation is confident enough): what to run and paste. */
  | { kind: 'request-output'; answer: Answer; lang: Lang; commands: string[] }
  /** Names a pod, and the cluster can be read: look it up instead of guessing from the words. */
  | { kind: 'lookup'; answer: Answer; lang: Lang; pod: PodTarget }
  /** Not about a failing pod: one short line of what the bot does in a DM, nothing in a channel. */
  | { kind: 'off-topic'; answer: Answer; lang: Lang; say: boolean };

export type Reply =
  | { kind: 'help'; lang: Lang }
  | { kind: 'diagnosis'; diagnosis: Diagnosis; lang: Lang }
  /** Kubernetes output that no rule matched: say so, and what to paste instead. */
  | { kind: 'nothing-matched'; diagnosis: Diagnosis; lang: Lang }
  | QuestionReply
  | { kind: 'input-error'; message: string; lang: Lang }
  /** A channel message nobody addressed to the bot that is not a matched paste: no reply at all. */
  | { kind: 'silent'; lang: Lang };

/**
 * Below this confidence an explanation is not shown; the bot asks for the output instead. Chosen on the tuning
 * part of the question corpus: answers shown at this confidence or more are right about 9 times in 10.
 */
export const ANSWER_THRESHOLD = 0.6;

export interface QuestionOptions {
  lang: Lang;
  /** A DM (or the console) gets one line for an off-topic message; a channel gets nothing. */
  surface: 'dm' | 'channel';
  /** Whether pods can be looked up in a cluster. */
  liveLookup?: boolean;
  /** The paste path's findings when the caller already diagnosed the text. */
  pasted?: Finding[];
}

/** A pod name is looked for where a person types it: in the first lines of a message, not in megabytes of logs. */
const MAX_POD_REF_CHARS = 4000;

/** Symptom first: a failure only when the words name one and the match is confident; else ask, or stay out. */
export function replyToQuestion(text: string, kb: KnowledgeBase, qi: QuestionIndex, o: QuestionOptions): QuestionReply {
  const answer = ask(text, kb, qi, { lang: o.lang, pasted: o.pasted });
  const lang = answer.lang;
  const [best] = answer.findings;
  if (answer.via === 'paste' && best) return { kind: 'answer', answer, lang };
  const pod = parsePodRef(normalise(text.slice(0, MAX_POD_REF_CHARS)).text, { strict: true });
  // A pod the cluster can show is better evidence than any reading of the words about it.
  if (pod && o.liveLookup) return { kind: 'lookup', answer, lang, pod };
  if (best && best.confidence >= ANSWER_THRESHOLD) return { kind: 'answer', answer, lang };
  if (answer.topic === 'off-topic' && !pod) return { kind: 'off-topic', answer, lang, say: o.surface === 'dm' };
  return { kind: 'request-output', answer, lang, commands: outputCommands(pod) };
}

/** What to run for a precise diagnosis, with the pod's name when the message gave it. */
function outputCommands(pod?: PodTarget): string[] {
  const name = pod?.name ?? 'POD';
  const ns = pod?.namespace ?? 'NAMESPACE';
  const kind = pod?.kind && pod.kind !== 'Pod' ? pod.kind.toLowerCase() : 'pod';
  return [`kubectl describe ${kind} ${name} -n ${ns}`, `kubectl get events -n ${ns} --sort-by=.lastTimestamp`];
}

const HELP = /^\s*(?:help|\?|帮助|幫助|usage)\s*$/i;

export function isHelp(text: string): boolean {
  return HELP.test(text);
}

export interface ReplyContext {
  kb: KnowledgeBase;
  /** The reply's language when the message does not decide (it does when written in Chinese). */
  lang: Lang;
  /** False when the user chose the language (`--lang`): then the message does not decide. */
  langFromMessage?: boolean;
  /** 'dm' when only the asker reads the reply (a DM, the console, the CLI, a slash command); 'channel' for a mention. */
  surface: 'dm' | 'channel';
  /** False for a channel message not sent to the bot: only a matched paste of Kubernetes output gets a reply. */
  addressed?: boolean;
  /** Whether pods can be looked up in a cluster. */
  liveLookup?: boolean;
  /** Sees every diagnosis of a text, and whether the text was Kubernetes output (metrics, the unmatched store). */
  onDiagnosed?: (text: string, diagnosis: Diagnosis, isOutput: boolean) => void;
  /** `analyse(text)` when the caller has it already (the channel gate read the same text): not read twice. */
  analysis?: Analysis;
}

/**
 * The one reply policy: help; a diagnosis when a rule matches the text; for output no rule matched, say so; for
 * words, the question path (answer, look the pod up, ask for the output, or stay out). Unasked in a channel, only
 * a matched paste of output is answered: noise is what users of other Kubernetes bots complain about most.
 */
export function respond(text: string, c: ReplyContext): Reply {
  const lang = c.langFromMessage === false ? c.lang : detectLang(text, c.lang);
  const addressed = c.addressed ?? true;
  const plain = decodeSlack(text).trim();
  if (!plain || isHelp(plain)) return addressed ? { kind: 'help', lang } : { kind: 'silent', lang };
  let analysis: Analysis;
  try {
    analysis = c.analysis ?? analyse(text);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return addressed ? { kind: 'input-error', message: e.message, lang } : { kind: 'silent', lang };
  }
  const diagnosis = diagnoseEvidence(analysis.evidence, analysis.signals, c.kb, { lang });
  const isOutput = looksLikeKubernetesOutput(text, analysis.evidence, c.kb);
  c.onDiagnosed?.(text, diagnosis, isOutput);
  if (!addressed) return isOutput && diagnosis.findings.length ? { kind: 'diagnosis', diagnosis, lang } : { kind: 'silent', lang };
  if (isStructuredOutput(analysis.evidence)) {
    return diagnosis.findings.length ? { kind: 'diagnosis', diagnosis, lang } : { kind: 'nothing-matched', diagnosis, lang };
  }
  // Free text (log lines, an error quoted in a sentence, a question): a confident reading of it is a diagnosis (of
  // the messages that are about a pod here: standingFindings); else the words are read as a question ("为啥叫
  // ImagePullBackOff？" is no ImagePullBackOff paste).
  const qi = questionIndexOf(c.kb);
  const standing = standingFindings(diagnosis.findings, plain, isOutput, c.kb, qi);
  if ((standing[0]?.confidence ?? 0) >= PASTE_CONFIDENCE) return { kind: 'diagnosis', diagnosis: { ...diagnosis, findings: standing }, lang };
  return replyToQuestion(plain, c.kb, qi, { lang, surface: c.surface, liveLookup: c.liveLookup, pasted: [] });
}

/** What a reply shows as findings: a diagnosis, an answer, or output nothing matched; undefined for the rest. */
export function shownDiagnosis(reply: Reply): Diagnosis | undefined {
  if (reply.kind === 'answer') return reply.answer;
  return reply.kind === 'diagnosis' || reply.kind === 'nothing-matched' ? reply.diagnosis : undefined;
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
