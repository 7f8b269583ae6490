// Fixed texts of the replies, in each language the bot speaks.
import type { Lang } from '../rules/schema.js';

const TEXTS = {
  en: {
    nothing: 'Nothing I know matched this paste.',
    hint: 'Paste the output of `kubectl describe pod <name> -n <namespace>` (the Events at the bottom matter most), or `kubectl get events -n <namespace> --sort-by=.lastTimestamp`.',
    cause: 'Cause',
    fix: 'Fix',
    links: 'Links',
    evidence: 'Evidence',
    alsoPossible: 'Also possible',
    confidence: 'confidence',
  },
  zh: {
    nothing: '没有找到与这段输出匹配的已知问题。',
    hint: '请粘贴 `kubectl describe pod <name> -n <namespace>` 的输出（最重要的是底部的 Events），或 `kubectl get events -n <namespace> --sort-by=.lastTimestamp`。',
    cause: '原因',
    fix: '解决方法',
    links: '参考链接',
    evidence: '依据',
    alsoPossible: '其他可能',
    confidence: '置信度',
  },
} as const;

export type MessageKey = keyof (typeof TEXTS)['en'];

export function t(lang: Lang, key: MessageKey): string {
  return TEXTS[lang][key];
}
