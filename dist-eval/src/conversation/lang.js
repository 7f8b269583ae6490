const CJK = /[\u3400-\u9fff]/;
/** Replies in Chinese when the message is written in Chinese, otherwise in the given default. */
export function detectLang(text, fallback = 'en') {
    return CJK.test(text) ? 'zh' : fallback;
}
