// The stable JSON contract other tools read (see README): fix steps become strings, commands in backticks; a
// risky step carries its warning in the string too ("⚠ Warning: ..."), so a tool that prints the steps shows it.
import type { Diagnosis, FixStep } from '../diagnose/diagnose.js';
import type { Lang } from '../model/lang.js';
import { t } from './messages.js';

function fixStepText(step: FixStep, lang: Lang): string {
  const text = step.warning ? `${step.text} (⚠ ${t(lang, 'warning')}: ${step.warning})` : step.text;
  return step.commands.length ? `${text}: ${step.commands.map((c) => `\`${c}\``).join(' ; ')}` : text;
}

export function toJson(d: Diagnosis) {
  return {
    input: { kind: d.input.kind, objects: d.input.objects },
    findings: d.findings.map((f) => ({
      rule: f.rule,
      category: f.category,
      title: f.title,
      confidence: f.confidence,
      evidence: f.evidence,
      cause: f.cause,
      fix: f.fix.map((step) => fixStepText(step, d.lang)),
      links: f.links,
    })),
    // Only for live lookups (`kube-doctor pod`): what was read, and a workload's pods grouped by failure.
    ...(d.live && { live: d.live }),
  };
}

export function renderJson(d: Diagnosis): string {
  return JSON.stringify(toJson(d), null, 2);
}
