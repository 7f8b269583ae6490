// The reply languages, and which one a message asks for. Below everything: every floor may import it.
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

const CJK = /[\u3400-\u9fff]/;

/** Replies in Chinese when the message is written in Chinese, otherwise in the given default. */
export function detectLang(text: string, fallback: Lang = 'en'): Lang {
  return CJK.test(text) ? 'zh' : fallback;
}
