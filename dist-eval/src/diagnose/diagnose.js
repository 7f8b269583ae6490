import { normalise } from '../normalise/normalise.js';
import { parse } from '../parse/parse.js';
import { toSignals } from '../parse/signals.js';
import { redact } from '../redact/redact.js';
import { matchRules } from './match.js';
import { fill, localise } from './template.js';
export class InputError extends Error {
}
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;
const MAX_EVIDENCE_LINES = 5;
const MAX_EVIDENCE_CHARS = 400;
/** Structured sources (an event, a container state) say more than the same words found in loose text. */
const LOOSE_TEXT_FACTOR = 0.9;
/** Refuses what cannot be a paste: nothing at all, binary data, or more than the size cap. */
export function checkInput(text) {
    if (Buffer.byteLength(text, 'utf8') > MAX_INPUT_BYTES) {
        throw new InputError(`The paste is ${(Buffer.byteLength(text, 'utf8') / 1048576).toFixed(1)} MB; the limit is ${MAX_INPUT_BYTES / 1048576} MB. Paste the events and the container section of \`kubectl describe pod\` instead.`);
    }
    if (!text.trim())
        throw new InputError('The paste is empty. Paste the output of `kubectl describe pod <name>` or `kubectl get events`.');
    const sample = text.slice(0, 65536);
    const junk = (sample.match(/[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]/g) ?? []).length;
    if (junk > sample.length * 0.05)
        throw new InputError('This looks like binary data, not text. Paste the text output of `kubectl describe pod <name>` or `kubectl get events`.');
}
export function analyse(text) {
    checkInput(text);
    const evidence = parse(redact(normalise(text).text));
    return { evidence, signals: toSignals(evidence) };
}
export function diagnose(text, kb, options = {}) {
    const { evidence, signals } = analyse(text);
    return diagnoseEvidence(evidence, signals, kb, options);
}
/** Also the entry point for live lookups, which build evidence from the API instead of from text. */
export function diagnoseEvidence(evidence, signals, kb, options = {}) {
    const lang = options.lang ?? 'en';
    const ranked = rank(matchRules(signals, evidence, kb));
    return {
        input: { kind: evidence.kind, objects: objectsOf(evidence) },
        findings: ranked.map((m) => toFinding(m, evidence, lang)),
        lang,
    };
}
/** Most specific root cause first; a variant that matched hides the base rule it extends. */
export function rank(matches) {
    const matched = new Set(matches.map((m) => m.rule.id));
    const hidden = new Set(matches.map((m) => m.rule.spec.extends).filter((id) => Boolean(id && matched.has(id))));
    return matches
        .filter((m) => !hidden.has(m.rule.id))
        .sort((a, b) => score(b) - score(a) || firstLine(a) - firstLine(b) || a.rule.id.localeCompare(b.rule.id));
}
function score(m) {
    return m.rule.spec.specificity * 100 + (m.hits.some((h) => h.signal.source !== 'line') ? 10 : 0) + Math.min(m.hits.length, 9);
}
function firstLine(m) {
    return Math.min(...m.hits.map((h) => h.signal.line));
}
export function confidence(m) {
    const structured = m.hits.some((h) => h.signal.source !== 'line');
    const base = (m.rule.spec.specificity / 100) * (structured ? 1 : LOOSE_TEXT_FACTOR) + Math.min(m.hits.length - 1, 5) * 0.01;
    return Math.round(Math.min(0.99, Math.max(0.05, base)) * 100) / 100;
}
function varsOf(m, evidence) {
    const vars = {};
    for (const [name, values] of Object.entries(evidence.facts))
        vars[name] = values[0];
    for (const { signal } of [...m.hits].reverse()) {
        Object.assign(vars, {
            ...(signal.image && { image: signal.image }),
            ...(signal.container && { container: signal.container }),
            ...(signal.node && { node: signal.node }),
            ...(signal.object?.name && { pod: signal.object.name }),
            ...(signal.object?.namespace && { namespace: signal.object.namespace }),
        });
    }
    for (const { captures } of [...m.hits].reverse())
        Object.assign(vars, captures);
    return vars;
}
function toFinding(m, evidence, lang) {
    const spec = m.rule.spec;
    const vars = varsOf(m, evidence);
    const evidenceLines = [...new Set(m.hits.map((h) => h.signal.text))]
        .slice(0, MAX_EVIDENCE_LINES)
        .map((t) => (t.length > MAX_EVIDENCE_CHARS ? t.slice(0, MAX_EVIDENCE_CHARS) + '…' : t));
    return ruleFinding(spec, vars, lang, confidence(m), evidenceLines);
}
/** A rule's texts filled in for one answer (also used to explain a rule in reply to a question, without evidence). */
export function ruleFinding(spec, vars, lang, confidence, evidence) {
    return {
        rule: spec.id,
        category: spec.category,
        title: fill(localise(spec.title, lang), vars),
        confidence,
        evidence,
        cause: fill(localise(spec.cause, lang), vars),
        fix: spec.fix.map((step) => ({
            text: fill(typeof step === 'string' ? step : localise(step, lang), vars),
            commands: typeof step === 'string' || !step.run ? [] : (Array.isArray(step.run) ? step.run : [step.run]).map((c) => fill(c, vars)),
        })),
        links: spec.links,
    };
}
function objectsOf(evidence) {
    const seen = new Map();
    const add = (o) => {
        if (!o?.name)
            return;
        const key = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
        if (!seen.has(key))
            seen.set(key, { kind: o.kind, name: o.name, ...(o.namespace && { namespace: o.namespace }) });
    };
    evidence.objects.forEach(add);
    evidence.events.forEach((e) => add(e.object));
    return [...seen.values()];
}
