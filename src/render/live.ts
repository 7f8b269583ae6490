// The part of a reply that says what a live lookup read: the pod or workload, its pods grouped by failure
// ("3 of 5 pods: ..."), and what could not be read. Empty for pastes.
import type { Diagnosis, LiveGroup } from '../diagnose/diagnose.js';
import type { Lang } from '../model/lang.js';

const TEXTS = {
  en: {
    live: 'Live',
    pods: (n: number) => `${n} pod${n === 1 ? '' : 's'}`,
    of: (count: number, total: number) => `${count} of ${total} pods`,
    context: 'context',
    note: 'Note',
    nothing: 'Nothing I know matched what I read from the cluster.',
  },
  zh: {
    live: '实时查询',
    pods: (n: number) => `${n} 个 Pod`,
    of: (count: number, total: number) => `${total} 个 Pod 中的 ${count} 个`,
    context: '上下文',
    note: '注意',
    nothing: '从集群读到的内容没有匹配任何已知问题。',
  },
} as const;

const MAX_NAMES = 3;

function names(g: LiveGroup): string {
  const shown = g.pods.slice(0, MAX_NAMES).join(', ');
  return g.pods.length > MAX_NAMES ? `${shown}, …` : shown;
}

/** Plain lines (no markup); the renderers indent or format them. */
export function liveLines(d: Diagnosis): { header: string; groups: string[]; notes: string[] } | undefined {
  const live = d.live;
  if (!live) return undefined;
  const tx = TEXTS[d.lang] ?? TEXTS.en;
  const target = `${live.target.kind.toLowerCase()} ${live.target.namespace ? `${live.target.namespace}/` : ''}${live.target.name}`;
  const parts = [target];
  if (live.owner) parts[0] += ` (${live.owner.kind.toLowerCase()}/${live.owner.name})`;
  const isPod = live.target.kind === 'Pod';
  if (isPod && live.groups[0]) parts.push(live.groups[0].status);
  if (!isPod) parts.push(tx.pods(live.pods));
  if (live.context) parts.push(`${tx.context} ${live.context}`);
  const groups = isPod
    ? []
    : live.groups.map((g) => `${tx.of(g.count, live.pods)}: ${g.title}${g.rule || g.title !== g.status ? ` [${g.status}]` : ''} (${names(g)})`);
  return { header: `${tx.live}: ${parts.join(' · ')}`, groups, notes: live.notes.map((n) => `${tx.note}: ${n}`) };
}

export function liveNothing(lang: Lang): string {
  return (TEXTS[lang] ?? TEXTS.en).nothing;
}
