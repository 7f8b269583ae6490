import { wordsOf } from '../rules/pattern.js';
/** Long lines are tested in overlapping windows, so no pattern ever runs on megabytes at once. */
const WINDOW = 4096;
const OVERLAP = 512;
export function matchRules(signals, evidence, kb) {
    const matches = new Map();
    for (const signal of signals) {
        const words = signal.message ? wordsOf(signal.message) : new Set();
        for (const candidate of kb.index.candidates(signal, words)) {
            const captures = testSignal(candidate, signal);
            if (!captures || !whereHolds(candidate.rule, captures, signal, evidence))
                continue;
            const match = matches.get(candidate.rule.id) ?? { rule: candidate.rule, hits: [] };
            const earlier = match.hits.find((h) => h.signal === signal);
            // One hit per signal; when several entries of the rule match it, keep the one that captured the most.
            if (!earlier)
                match.hits.push({ signal, captures });
            else if (Object.keys(captures).length > Object.keys(earlier.captures).length)
                earlier.captures = captures;
            matches.set(candidate.rule.id, match);
        }
    }
    return [...matches.values()];
}
export function testSignal(c, s) {
    if (c.sources && !c.sources.has(s.source))
        return null;
    if (c.reasons && !(s.reason && c.reasons.has(s.reason.toLowerCase())))
        return null;
    if (c.type && s.eventType !== c.type)
        return null;
    if (c.exitCodes && !(s.exitCode !== undefined && c.exitCodes.has(s.exitCode)))
        return null;
    if (c.ready !== undefined && s.ready !== c.ready)
        return null;
    if (c.init !== undefined && Boolean(s.init) !== c.init)
        return null;
    if (!c.message)
        return {};
    if (!s.message)
        return null;
    const m = execWindowed(c.message.regex, s.message);
    if (!m)
        return null;
    const captures = {};
    for (const [k, v] of Object.entries(m.groups ?? {}))
        if (v !== undefined)
            captures[k] = v;
    return captures;
}
function execWindowed(regex, text) {
    if (text.length <= WINDOW)
        return regex.exec(text);
    for (let start = 0; start < text.length; start += WINDOW - OVERLAP) {
        const m = regex.exec(text.slice(start, start + WINDOW));
        if (m)
            return m;
    }
    return null;
}
/** `where`: any entry whose every variable (a capture, else a fact such as node) matches its pattern. */
function whereHolds(rule, captures, signal, evidence) {
    if (!rule.where)
        return true;
    return rule.where.some((entry) => entry.every(({ name, pattern }) => {
        const values = captures[name] !== undefined ? [captures[name]] : name === 'node' && signal.node ? [signal.node, ...(evidence.facts.node ?? [])] : (evidence.facts[name] ?? []);
        return values.some((v) => pattern.test(v));
    }));
}
