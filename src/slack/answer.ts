// What kube-doctor says to a text in Slack: the core's reply policy (conversation/reply.ts, the same for the
// console and the CLI) rendered as Slack messages, plus what only Slack has: buttons on a report, per-user limits
// on large pastes, and live lookups through the cluster port.
import { randomBytes } from 'node:crypto';
import { helpText, type Reply } from '../conversation/reply.js';
import type { Diagnosis } from '../diagnose/diagnose.js';
import { decodeSlack } from '../normalise/normalise.js';
import { t } from '../render/messages.js';
import { detectLang, type Lang } from '../model/lang.js';
import { diagnosisMessages, noticeMessage, nothingMatchedMessage, type OutMessage } from './blocks.js';
import type { PodRef, RequestContext, Services } from './deps.js';
import { formatBytes } from './files.js';
import { keepReport } from './reports.js';
import { parsePodRef, type PodTarget } from '../parse/pod-ref.js';
import { liveNothing } from '../render/live.js';

/** The language of the reply follows the user's message (Chinese when written in Chinese). */
export function langOf(text: string, s: Services): Lang {
  return detectLang(decodeSlack(text), s.defaultLang);
}

function newReportId(): string {
  return randomBytes(6).toString('base64url');
}

/** Keeps the (redacted) diagnosis for the buttons and renders it. */
async function reportMessages(diagnosis: Diagnosis, s: Services, lang: Lang, opts: { share?: boolean } = {}): Promise<OutMessage[]> {
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
async function largePasteLimit(text: string, userId: string, s: Services, lang: Lang): Promise<OutMessage | undefined> {
  const { bytes, perUser, windowMs } = s.largePaste;
  if (Buffer.byteLength(text) < bytes) return undefined;
  if ((await s.state.hit(`large-paste:${userId}`, windowMs)) <= perUser) return undefined;
  const wait = Math.max(1, Math.ceil((windowMs - (Date.now() % windowMs)) / 60_000)); // windows are fixed (state.hit)
  return noticeMessage(t(lang, 'largePasteLimited', { count: perUser, size: formatBytes(bytes), window: Math.round(windowMs / 60_000), wait }));
}

export interface ReplyOptions {
  /** 'dm' when only the asker sees the reply (a DM, the slash command's ephemeral reply), 'channel' for a mention. */
  surface: 'dm' | 'channel';
  /** False for a channel message not sent to the bot: only a matched paste gets a reply. */
  addressed?: boolean;
  /** Offer "Share in channel" on a report (the slash command's replies are ephemeral). */
  share?: boolean;
}

/** The reply to a text on any Slack surface, as the messages to post ([] for silence). */
export async function replyMessages(text: string, s: Services, ctx: RequestContext, o: ReplyOptions): Promise<OutMessage[]> {
  const limited = await largePasteLimit(text, ctx.userId, s, ctx.lang);
  if (limited) return o.addressed === false ? [] : [limited];
  // s.respond runs the core's policy in a worker thread in production: a big paste holds no one else up.
  const reply = await s.respond(text, {
    kb: s.kb,
    lang: ctx.lang,
    surface: o.surface,
    addressed: o.addressed,
    liveLookup: Boolean(s.liveLookup),
    onDiagnosed: s.observer?.diagnosed.bind(s.observer),
  });
  return slackMessages(reply, s, ctx, o);
}

function slackMessages(reply: Reply, s: Services, ctx: RequestContext, o: ReplyOptions): Promise<OutMessage[]> | OutMessage[] {
  switch (reply.kind) {
    case 'help':
      return helpMessages(reply.lang, s);
    case 'input-error':
      return [noticeMessage(reply.message)];
    case 'diagnosis':
      return reportMessages(reply.diagnosis, s, reply.lang, o);
    case 'answer':
      return reportMessages(reply.answer, s, reply.lang, o);
    case 'nothing-matched':
      return [nothingMatchedMessage(reply.lang)];
    case 'request-output':
      return [noticeMessage(t(reply.lang, 'requestOutput'), { code: reply.commands })];
    case 'lookup':
      return liveMessages(toPodRef(reply.pod), s, { ...ctx, lang: reply.lang });
    case 'off-topic':
      return reply.say ? [noticeMessage(t(reply.lang, 'offTopic'))] : [];
    case 'silent':
      return [];
  }
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
