// What kube-doctor says to a text in Slack, whatever the surface: the same core as the console and the CLI
// (normalise → redact → parse → match), plus the Slack decisions: when to stay silent, which buttons to offer,
// and where questions and pod names go.
import { randomBytes } from 'node:crypto';
import { helpText, isHelp } from '../conversation/reply.js';
import { analyse, diagnoseEvidence, InputError, type Diagnosis } from '../diagnose/diagnose.js';
import { decodeSlack } from '../normalise/normalise.js';
import { t } from '../render/messages.js';
import { detectLang, type Lang } from '../model/lang.js';
import { diagnosisMessages, noticeMessage, nothingMatchedMessage, questionAnswerMessage, type OutMessage } from './blocks.js';
import type { PodRef, RequestContext, Services } from './deps.js';
import { formatBytes } from './files.js';
import { looksLikeKubernetesOutput } from './gate.js';
import { keepReport } from './reports.js';
import { parsePodRef, type PodTarget } from '../parse/pod-ref.js';
import { liveNothing } from '../render/live.js';

export type Analysis = { kind: 'diagnosis'; diagnosis: Diagnosis; isOutput: boolean } | { kind: 'input-error'; message: string };

/** Parses and matches once; `isOutput` says whether the text carries Kubernetes output at all. */
export function analyseText(text: string, s: Services, lang: Lang): Analysis {
  try {
    const { evidence, signals } = analyse(text);
    const diagnosis = diagnoseEvidence(evidence, signals, s.kb, { lang });
    const isOutput = looksLikeKubernetesOutput(text, evidence);
    s.observer?.diagnosed(text, diagnosis, isOutput);
    return { kind: 'diagnosis', diagnosis, isOutput };
  } catch (e) {
    if (e instanceof InputError) return { kind: 'input-error', message: e.message };
    throw e;
  }
}

/** The language of the reply follows the user's message (Chinese when written in Chinese). */
export function langOf(text: string, s: Services): Lang {
  return detectLang(decodeSlack(text), s.defaultLang);
}

function newReportId(): string {
  return randomBytes(6).toString('base64url');
}

/** Keeps the (redacted) diagnosis for the buttons and renders it. */
export async function reportMessages(diagnosis: Diagnosis, s: Services, lang: Lang, opts: { share?: boolean } = {}): Promise<OutMessage[]> {
  const reportId = newReportId();
  await keepReport(s.state, reportId, { diagnosis, lang });
  const pod = s.liveLookup ? podOf(diagnosis) : undefined;
  return diagnosisMessages(diagnosis, { lang, reportId, share: opts.share, ...(pod && { checkLive: pod }) });
}

/** The pod a diagnosis is about, when the paste named exactly one. */
function podOf(d: Diagnosis): PodRef | undefined {
  const pods = d.input.objects.filter((o) => o.kind.toLowerCase() === 'pod');
  if (pods.length !== 1) return undefined;
  return { name: pods[0].name, ...(pods[0].namespace && { namespace: pods[0].namespace }) };
}

function helpMessages(lang: Lang, s: Services): OutMessage[] {
  return [noticeMessage(`${helpText(lang)}\n\n${t(lang, 'usage', { command: s.command })}`)];
}

/**
 * A large paste counts against its sender (in the shared state, so across replicas): past the limit it is not read,
 * which keeps one user from taking the bot's CPU from everyone. Resolves to the notice to send, or undefined.
 */
export async function largePasteLimit(text: string, userId: string, s: Services, lang: Lang): Promise<OutMessage | undefined> {
  const { bytes, perUser, windowMs } = s.largePaste;
  if (Buffer.byteLength(text) < bytes) return undefined;
  if ((await s.state.hit(`large-paste:${userId}`, windowMs)) <= perUser) return undefined;
  const wait = Math.max(1, Math.ceil((windowMs - (Date.now() % windowMs)) / 60_000)); // windows are fixed (state.hit)
  return noticeMessage(t(lang, 'largePasteLimited', { count: perUser, size: formatBytes(bytes), window: Math.round(windowMs / 60_000), wait }));
}

/**
 * For surfaces that always answer (DMs, mentions, the slash command): help, a diagnosis, an answer to a
 * question (when the questions feature is plugged in), or "nothing matched" with what to paste.
 */
export async function explicitReply(text: string, s: Services, ctx: RequestContext, opts: { share?: boolean } = {}): Promise<OutMessage[]> {
  const lang = ctx.lang;
  const plain = decodeSlack(text).trim();
  if (!plain || isHelp(plain)) return helpMessages(lang, s);
  const limited = await largePasteLimit(text, ctx.userId, s, lang);
  if (limited) return [limited];
  const a = analyseText(text, s, lang);
  if (a.kind === 'input-error') return [noticeMessage(a.message)];
  if (a.diagnosis.findings.length) return reportMessages(a.diagnosis, s, lang, opts);
  // "hello-minikube-67b8c7bdfd-965qn is broken": a pod name and no paste → read it from the cluster.
  const pod = !a.isOutput && s.liveLookup ? parsePodRef(plain, { strict: true }) : undefined;
  if (pod) return liveMessages(toPodRef(pod), s, ctx);
  if (!a.isOutput && s.answerQuestion) {
    const answer = await s.answerQuestion(plain, ctx);
    if (answer && 'notice' in answer) return answer.notice ? [noticeMessage(answer.notice, { code: answer.code })] : [];
    if (answer && 'findings' in answer) {
      if (answer.findings.length) return reportMessages(answer, s, lang, opts);
    } else if (answer) return [questionAnswerMessage(answer)];
  }
  return [nothingMatchedMessage(lang, a.isOutput ? undefined : t(lang, 'questionNothing'))];
}

/** The live-lookup form of the command: `pod NAME [-n NS]`, `pod NS/NAME`, `deployment/NAME` ... */
const LOOKUP_FORM = /^\s*(?:pods?|po|deployments?|deploy|statefulsets?|sts|daemonsets?|ds|jobs?)(?:\s+|\/)\S/i;

export function parsePodCommand(text: string): PodRef | undefined {
  const plain = decodeSlack(text);
  const target = LOOKUP_FORM.test(plain) ? parsePodRef(plain) : undefined; // the kind word makes it explicit
  return target && toPodRef(target);
}

/** A workload travels to the live lookup as `kind/name`, which it parses like typed text. */
function toPodRef(target: PodTarget): PodRef {
  const name = target.kind && target.kind !== 'Pod' ? `${target.kind.toLowerCase()}/${target.name}` : target.name;
  return { name, ...(target.namespace && { namespace: target.namespace }) };
}

/** Without a cluster: what to run and paste instead (and a pointer for admins). */
function noClusterMessages(pod: PodRef, lang: Lang, s: Services): OutMessage[] {
  const ref = pod.namespace ? `${pod.namespace}/${pod.name}` : pod.name;
  const ns = pod.namespace ?? '<namespace>';
  return [
    noticeMessage(t(lang, 'noCluster', { pod: ref, command: s.command }), {
      code: [`kubectl describe pod ${pod.name} -n ${ns}`, `kubectl get events -n ${ns} --field-selector involvedObject.name=${pod.name}`],
      note: t(lang, 'noClusterAdmin'),
    }),
  ];
}

/** `/kube-doctor pod NAME` and the "Check live" button. */
export async function liveMessages(pod: PodRef, s: Services, ctx: RequestContext): Promise<OutMessage[]> {
  if (!s.liveLookup) return noClusterMessages(pod, ctx.lang, s);
  const result = await s.liveLookup(pod, ctx);
  if (result.kind === 'message') return [noticeMessage(result.text)];
  if (!result.diagnosis.findings.length) return [noticeMessage(liveNothing(ctx.lang))];
  return reportMessages(result.diagnosis, s, ctx.lang);
}
