import { liveLines, liveNothing } from './live.js';
import { t } from './messages.js';
export function renderText(d) {
    const [best, ...others] = d.findings;
    const live = liveLines(d);
    const head = live ? [live.header, ...live.groups.map((g) => `  ${g}`), ...live.notes, ''] : [];
    if (!best)
        return live ? [...head, liveNothing(d.lang)].join('\n') + '\n' : `${t(d.lang, 'nothing')}\n${t(d.lang, 'hint')}\n`;
    const out = [...head, `${best.title}  [${best.category}, ${t(d.lang, 'confidence')} ${Math.round(best.confidence * 100)}%]`, '', `${t(d.lang, 'cause')}: ${best.cause}`, '', `${t(d.lang, 'fix')}:`];
    best.fix.forEach((step, i) => {
        out.push(`  ${i + 1}. ${step.text}`);
        for (const c of step.commands)
            out.push(`       $ ${c}`);
    });
    if (best.links.length)
        out.push('', `${t(d.lang, 'links')}:`, ...best.links.map((l) => `  ${l}`));
    if (best.evidence.length)
        out.push('', `${t(d.lang, 'evidence')}:`, ...best.evidence.map((e) => `  > ${e}`));
    if (others.length)
        out.push('', `${t(d.lang, 'alsoPossible')}:`, ...others.map(oneLine));
    return out.join('\n') + '\n';
}
function oneLine(f) {
    return `  - ${f.title} [${f.category}, ${Math.round(f.confidence * 100)}%]`;
}
