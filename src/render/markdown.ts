// Markdown (GitHub/Slack-like): commands in code blocks so they copy cleanly.
import type { Diagnosis } from '../diagnose/diagnose.js';
import { liveLines, liveNothing } from './live.js';
import { t } from './messages.js';

export function renderMarkdown(d: Diagnosis): string {
  const [best, ...others] = d.findings;
  const live = liveLines(d);
  const head = live ? [`*${live.header}*`, ...live.groups.map((g) => `- ${g}`), ...live.notes.map((n) => `> ${n}`), ''] : [];
  if (!best) return live ? [...head, `**${liveNothing(d.lang)}**`].join('\n') + '\n' : `**${t(d.lang, 'nothing')}**\n\n${t(d.lang, 'hint')}\n`;
  const out = [
    ...head,
    `### ${best.title}`,
    '',
    `*${best.category} · ${t(d.lang, 'confidence')} ${Math.round(best.confidence * 100)}%*`,
    '',
    `**${t(d.lang, 'cause')}:** ${best.cause}`,
    '',
    `**${t(d.lang, 'fix')}:**`,
    '',
  ];
  best.fix.forEach((step, i) => {
    out.push(`${i + 1}. ${step.text}`);
    if (step.warning) out.push(`   > ⚠ **${t(d.lang, 'warning')}:** ${step.warning}`);
    if (step.commands.length) out.push('   ```', ...step.commands.map((c) => `   ${c}`), '   ```');
  });
  if (best.links.length) out.push('', `**${t(d.lang, 'links')}:**`, ...best.links.map((l) => `- ${l}`));
  if (best.evidence.length) out.push('', `**${t(d.lang, 'evidence')}:**`, '```', ...best.evidence, '```');
  if (others.length)
    out.push('', `**${t(d.lang, 'alsoPossible')}:**`, ...others.map((f) => `- ${f.title} (\`${f.rule}\`, ${Math.round(f.confidence * 100)}%)`));
  return out.join('\n') + '\n';
}
