// What the bot says to one message, whatever the surface (console, Slack DM, mention, slash command).
import { ask } from '../ask/ask.js';
import { diagnose, InputError } from '../diagnose/diagnose.js';
import { parsePodRef } from '../kube/ref.js';
import { normalise } from '../normalise/normalise.js';
import { detectLang } from './lang.js';
/**
 * Below this confidence an explanation is not shown; the bot asks for the output instead. Chosen on the tuning
 * part of the question corpus: answers shown at this confidence or more are right about 9 times in 10.
 */
export const ANSWER_THRESHOLD = 0.6;
/** Symptom first: a failure only when the words name one and the match is confident; else ask, or stay out. */
export function replyToQuestion(text, kb, qi, o) {
    const answer = ask(text, kb, qi, { lang: o.lang, pasted: o.pasted });
    const lang = answer.lang;
    const [best] = answer.findings;
    if (best && (answer.via === 'paste' || best.confidence >= ANSWER_THRESHOLD))
        return { kind: 'answer', answer, lang };
    const pod = parsePodRef(normalise(text).text, { strict: true });
    if (answer.topic === 'off-topic' && !pod)
        return { kind: 'off-topic', answer, lang, say: o.surface === 'dm' };
    if (pod && o.liveLookup)
        return { kind: 'lookup', answer, lang, pod };
    return { kind: 'request-output', answer, lang, commands: outputCommands(pod) };
}
/** What to run for a precise diagnosis, with the pod's name when the message gave it. */
export function outputCommands(pod) {
    const name = pod?.name ?? 'POD';
    const ns = pod?.namespace ?? 'NAMESPACE';
    const kind = pod?.kind && pod.kind !== 'Pod' ? pod.kind.toLowerCase() : 'pod';
    return [`kubectl describe ${kind} ${name} -n ${ns}`, `kubectl get events -n ${ns} --sort-by=.lastTimestamp`];
}
const HELP = /^\s*(?:help|\?|帮助|幫助|usage)\s*$/i;
export function isHelp(text) {
    return HELP.test(text);
}
export function replyTo(text, kb, defaultLang = 'en', questions) {
    const lang = detectLang(text, defaultLang);
    if (!text.trim() || isHelp(text))
        return { kind: 'help', lang };
    try {
        const diagnosis = diagnose(text, kb, { lang });
        if (diagnosis.findings.length || !questions)
            return { kind: 'diagnosis', diagnosis, lang };
        return replyToQuestion(text, kb, questions, { lang, surface: 'dm', pasted: [] });
    }
    catch (e) {
        if (e instanceof InputError)
            return { kind: 'input-error', message: e.message, lang };
        throw e;
    }
}
export function helpText(lang) {
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
