// Secrets in pasted text are replaced before anything is parsed, shown or logged.
export const REDACTED = '[redacted]';
const SECRET_WORDS = 'password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?';
const SECRET_WORD = new RegExp(SECRET_WORDS, 'i');
const SECRET_KEY = String.raw `[\w.-]{0,40}(?:${SECRET_WORDS})(?![\w-]{0,40}(?:name|ref))[\w.-]{0,40}`;
const PATTERNS = [
    [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, `-----BEGIN PRIVATE KEY----- ${REDACTED}`],
    [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+\/=-]{8,}/g, `$1 ${REDACTED}`],
    [/\bxox[abposr]-[A-Za-z0-9-]{6,}/g, REDACTED],
    [/\bxapp-[A-Za-z0-9-]{6,}/g, REDACTED],
    [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, REDACTED],
    [/\bglpat-[A-Za-z0-9_-]{16,}/g, REDACTED],
    [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED],
    [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g, REDACTED],
    [/\b([a-z][a-z0-9+.-]{0,20}:\/\/[^\s:\/@"']{1,255}):[^\s@\/"']{1,255}@/gi, `$1:${REDACTED}@`],
    [/("(?:auth|password|identitytoken|\.dockerconfigjson|\.dockercfg|token)"\s*:\s*")[^"]{1,20000}(")/gi, `$1${REDACTED}$2`],
    // Environment variables in `-o json` / `-o yaml`: {"name": "X", "value": "..."} and `- name: X` / `value: ...`.
    [/("name"\s*:\s*"[^"\n]{1,200}"\s*,\s*"value"\s*:\s*")[^"\n]{1,20000}(")/g, `$1${REDACTED}$2`],
    [/(^\s*-\s+name:\s*\S{1,200}[ \t]*\n\s+value:[ \t]*)(?!\[redacted\])\S[^\n]{0,20000}/gm, `$1${REDACTED}`],
];
/** Patterns keyed on a secret-like name; only tried when the text has such a word (they are costly on long texts). */
const KEYED_PATTERNS = [
    // KEY=value anywhere, `KEY: value` at the start of a line or a JSON/YAML field, where the key names a secret
    // (but not `secretName:` or the prose of `failed to fetch oauth token: unexpected status`).
    [new RegExp(`\\b(${SECRET_KEY})(\\s*=\\s*)(?!<set to|\\[redacted\\])("?)[^\\s"',;&]{1,500}`, 'gi'), `$1$2$3${REDACTED}`],
    // (a JSON key needs `{` or `,` before its quote: `image "headscale-api-key": Error ...` is not one)
    [new RegExp(`(^\\s*-?\\s*"?|[{,]\\s*"?)(${SECRET_KEY})("?\\s*:\\s*)(?!<set to|\\[redacted\\]|[{[]|(?:true|false|null)\\b)("?)[^\\s"',;]{1,500}`, 'gim'), `$1$2$3$4${REDACTED}`],
];
/** `kubectl describe` prints container environment values in clear: keep the names, drop the values. */
function redactEnvironmentBlocks(text) {
    const lines = text.split('\n');
    let envIndent = -1;
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        const indent = line.length - line.trimStart().length;
        if (/^\s*Environment:\s*$/.test(line)) {
            envIndent = indent;
            continue;
        }
        if (envIndent < 0)
            continue;
        if (!line.trim() || indent <= envIndent) {
            envIndent = -1;
            continue;
        }
        lines[i] = line.replace(/^(\s*[\w.-]+:\s+)(?=\S)(?!<set to the key|\(v1:|\[redacted\])(.+)$/, `$1${REDACTED}`);
    }
    return lines.join('\n');
}
export function redact(text) {
    let out = redactEnvironmentBlocks(text);
    for (const [pattern, replacement] of PATTERNS)
        out = out.replace(pattern, replacement);
    if (SECRET_WORD.test(out))
        for (const [pattern, replacement] of KEYED_PATTERNS)
            out = out.replace(pattern, replacement);
    return out;
}
