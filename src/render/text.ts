// Terminal text: short. The best finding in full (title, one-sentence cause, numbered fix steps, links);
// the others as one line each.
import type { Diagnosis, Finding, FixStep } from '../diagnose/diagnose.js';
import type { Lang } from '../model/lang.js';
import { liveLines, liveNothing } from './live.js';
import { t } from './messages.js';

export function renderText(d: Diagnosis): string {
  const [best, ...others] = d.findings;
  const live = liveLines(d);
  const head = live ? [live.header, ...live.groups.map((g) => `  ${g}`), ...live.notes, ''] : [];
  if (!best) return live ? [...head, liveNothing(d.lang)].join('\n') + '\n' : `${t(d.lang, 'nothing')}\n${t(d.lang, 'hint')}\n`;
  const out = [
    ...head,
    `${best.title}  [${best.category}, ${t(d.lang, 'confidence')} ${Math.round(best.confidence * 100)}%]`,
    '',
    `${t(d.lang, 'cause')}: ${best.cause}`,
    '',
    `${t(d.lang, 'fix')}:`,
  ];
  out.push(...fixLines(best.fix, d.lang));
  if (best.links.length) out.push('', `${t(d.lang, 'links')}:`, ...best.links.map((l) => `  ${l}`));
  if (best.evidence.length) out.push('', `${t(d.lang, 'evidence')}:`, ...best.evidence.map((e) => `  > ${e}`));
  if (others.length) out.push('', `${t(d.lang, 'alsoPossible')}:`, ...others.map(oneLine));
  return out.join('\n') + '\n';
}

/** Numbered steps; a step's warning comes before its commands, so it is read before anything is run. */
export function fixLines(fix: FixStep[], lang: Lang): string[] {
  return fix.flatMap((step, i) => [
    `  ${i + 1}. ${step.text}`,
    ...(step.warning ? [`     ⚠ ${t(lang, 'warning')}: ${step.warning}`] : []),
    ...step.commands.map((c) => `       $ ${c}`),
  ]);
}

function oneLine(f: Finding): string {
  return `  - ${f.title} [${f.category}, ${Math.round(f.confidence * 100)}%]`;
}
