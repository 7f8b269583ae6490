export function fixStepText(step) {
    return step.commands.length ? `${step.text}: ${step.commands.map((c) => `\`${c}\``).join(' ; ')}` : step.text;
}
export function toJson(d) {
    return {
        input: { kind: d.input.kind, objects: d.input.objects },
        findings: d.findings.map((f) => ({
            rule: f.rule,
            category: f.category,
            title: f.title,
            confidence: f.confidence,
            evidence: f.evidence,
            cause: f.cause,
            fix: f.fix.map(fixStepText),
            links: f.links,
        })),
        // Only for live lookups (`kube-doctor pod`): what was read, and a workload's pods grouped by failure.
        ...(d.live && { live: d.live }),
    };
}
export function renderJson(d) {
    return JSON.stringify(toJson(d), null, 2);
}
