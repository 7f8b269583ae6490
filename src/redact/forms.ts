// Secrets found by their form: the token formats gitleaks publishes (token-formats.json, run with RE2JS, a
// linear-time engine, and only on lines that hold one of the format's keywords), the looser prefixes those
// formats start with, credentials in URLs, `Bearer x`, SQL `PASSWORD '...'`, `mysql -pSECRET`, and
// high-entropy runs that look like keys (an AWS secret key needs no key word beside it).
import { readFileSync } from 'node:fs';
import { RE2JS } from 're2js';
import { REDACTED } from './names.js';
import { PACKAGE_ROOT } from '../util/package-root.js';
import { alternation } from '../util/regex.js';

interface FormatSpec {
  id: string;
  regex: string;
  keywords: string[];
  secretGroup?: number;
  entropy?: number;
}

/** A format compiles on first use: most pastes hold none of the keywords, and start-up stays quick. */
class Format {
  private compiled?: { re: RE2JS; group: number };
  constructor(readonly spec: FormatSpec) {}
  get re(): RE2JS {
    return this.load().re;
  }
  get group(): number {
    return this.load().group;
  }
  get entropy(): number {
    return this.spec.entropy ?? 0;
  }
  private load(): { re: RE2JS; group: number } {
    if (!this.compiled) {
      const re = RE2JS.compile(this.spec.regex);
      this.compiled = { re, group: this.spec.secretGroup ?? (re.groupCount() > 0 ? 1 : 0) };
    }
    return this.compiled;
  }
}

const data = JSON.parse(readFileSync(new URL('rules/redact/token-formats.json', PACKAGE_ROOT), 'utf8')) as { formats: FormatSpec[] };

const byKeyword = new Map<string, Format[]>();
const prefixes = new Set<string>();
for (const spec of data.formats) {
  const format = new Format(spec);
  for (const k of spec.keywords) byKeyword.set(k, [...(byKeyword.get(k) ?? []), format]);
  // `xoxe-`, `sk_live_`, `npm_`: a format's literal start, read loosely (short and odd-length tokens too)
  const literal = /^(?:\(\?i\))?(?:\\b)?\(?(?:\?:)?([A-Za-z0-9]{2,12}[_-](?:[a-z0-9]{2,8}[_-])?)(?![?*{|])/.exec(spec.regex);
  // `hf_`, `npm_`, `glpat-`: short `-` prefixes (`API-`, `sk-`) begin pod and image names too, so they need 5 characters
  if (literal && (literal[1].includes('_') ? literal[1].length >= 3 : literal[1].length >= 5)) prefixes.add(literal[1]);
}
// Slack's other token kinds, whose gitleaks patterns start with a class (`xox[ar]-`), not a literal
// and OpenAI's project and service keys, whose pattern needs a marker inside the key
for (const p of ['xoxa-', 'xoxb-', 'xoxe-', 'xoxo-', 'xoxp-', 'xoxr-', 'xoxs-', 'xapp-', 'sk-proj-', 'sk-svcacct-', 'sk-admin-']) prefixes.add(p);
const KEYWORDS = new RegExp(alternation(byKeyword.keys()), 'gi');
const PREFIXED = new RegExp(`(?<![A-Za-z0-9_-])(?:${alternation(prefixes)})([A-Za-z0-9_\\-]{2,})`, 'g');

/** Long lines are matched in windows cut at spaces: RE2 is linear, this bounds the cost of one line's matches. */
const WINDOW = 8192;

function shannon(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

function windows(line: string): [number, number][] {
  if (line.length <= WINDOW) return [[0, line.length]];
  const out: [number, number][] = [];
  for (let start = 0; start < line.length; ) {
    let end = Math.min(line.length, start + WINDOW);
    if (end < line.length) {
      const space = line.lastIndexOf(' ', end);
      if (space > start + WINDOW / 2) end = space;
    }
    out.push([start, end]);
    start = end;
  }
  return out;
}

type Span = [number, number];

function formatSpans(line: string): Span[] {
  const candidates = new Set<Format>();
  KEYWORDS.lastIndex = 0;
  for (let m = KEYWORDS.exec(line); m; m = KEYWORDS.exec(line)) for (const f of byKeyword.get(m[0].toLowerCase()) ?? []) candidates.add(f);
  if (!candidates.size) return [];
  const spans: Span[] = [];
  for (const [from, to] of windows(line)) {
    const part = line.slice(from, to);
    for (const f of candidates) {
      if (!f.re.test(part)) continue;
      const m = f.re.matcher(part);
      while (m.find()) {
        const s = m.start(f.group);
        const e = m.end(f.group);
        if (s < 0 || e <= s) continue;
        if (f.entropy && shannon(part.slice(s, e)) < f.entropy) continue;
        spans.push([from + s, from + e]);
      }
    }
  }
  return spans;
}

/** `scheme://user:password@host`: the password may hold `/` and `@`, so the userinfo ends at the last `@`. */
function urlSpans(line: string): Span[] {
  const spans: Span[] = [];
  if (!line.includes('://')) return spans;
  const RUN = /[^\s"'<>`]+/g;
  for (let m = RUN.exec(line); m; m = RUN.exec(line)) {
    const run = m[0];
    const scheme = run.indexOf('://');
    const at = run.lastIndexOf('@');
    if (scheme < 0 || at < scheme) continue;
    const userinfo = run.slice(scheme + 3, at);
    const colon = userinfo.indexOf(':');
    // `host/repo:tag@sha256:...` is an image digest: a user name holds no `/` (the password may)
    if (run.startsWith('sha256:', at + 1) || userinfo.slice(0, Math.max(colon, 0)).includes('/')) continue;
    const base = m.index + scheme + 3;
    if (colon >= 0) {
      if (colon + 1 < userinfo.length && !userinfo.startsWith(REDACTED, colon + 1)) spans.push([base + colon + 1, base + userinfo.length]);
    } else if (userinfo.length >= 16 && !userinfo.includes('/') && userinfo !== REDACTED) spans.push([base, base + userinfo.length]); // `https://TOKEN@github.com`
  }
  return spans;
}

const FIXED: RegExp[] = [
  // an environment variable in compact `-o json`: {"name": "X", "value": "..."}
  /"name"[ \t]*:[ \t]*"[^"\n]{0,200}"[ \t]*,[ \t]*"value"[ \t]*:[ \t]*"((?:[^"\\\n]|\\.){1,20000})"/dg,
  // a credential after its scheme; `Bearer realm="..."` is a challenge, not a token
  /\b(?:Bearer|Basic|bearer)[ \t]+(?!realm=|error=|scope=|charset=|token\b|\[redacted\])([A-Za-z0-9._~+/=-]+)/dg,
  // SQL: `CREATE USER x WITH PASSWORD 'p'`, `IDENTIFIED BY 'p'`
  /\b(?:PASSWORD|IDENTIFIED BY)[ \t]+'([^'\n]{1,500})'/dgi,
  // `docker login -u x -p SECRET registry`: `-p` is the password only for a login
  /\b(?:docker|podman|nerdctl|buildah|skopeo|oras|crane|helm registry) login\b[^\n]{0,300}?[ \t](?:-p|--password)(?:[ \t]+|=)([^\s-]\S{0,500})/dg,
  // `mysql -u root -pSECRET` (the password glued to the flag)
  /\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^\n]{0,300}?[ \t]-p([^\s-][^\s]{0,200})/dg,
];

/** The characters of a key-like run: base64, base64url and hex. */
const KEY_CHARS = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_=-') KEY_CHARS[c.charCodeAt(0)] = 1;
const MIN_KEY = 24;
/**
 * Runs that look like keys: long, mixed case and digits, not hex, spread over many symbols, and not made of
 * words (`ReplicaSet/billing-api-5d8f7b9c6` is a name: most of it is words between separators).
 */
const WORDY = /^(?:[a-z]+|[A-Z]?[a-z]+(?:[A-Z][a-z]+)*|[A-Z]+|[0-9]+)$/;
function looksLikeKey(run: string): boolean {
  if (!/[A-Z]/.test(run) || !/[a-z]/.test(run) || !/[0-9]/.test(run) || /^[0-9a-fA-F-]+$/.test(run)) return false;
  let wordy = 0;
  // words, numbers and hex digests (commit ids in image tags) are what names are made of
  for (const part of run.split(/[/_.=-]/)) if ((part.length >= 3 && WORDY.test(part)) || (part.length >= 7 && /^[0-9a-f]+$/.test(part))) wordy += part.length;
  return wordy * 2 < run.length && shannon(run) >= 4.2;
}
/**
 * Every maximal run of key characters at least MIN_KEY long, by one pass over the line: the regular expression
 * `/[A-Za-z0-9+/_=-]{24,}/g` tried again from each character of every shorter run (a tenth of a large paste's
 * redaction time).
 */
function entropySpans(line: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    const c = i < line.length ? line.charCodeAt(i) : 0;
    if (c < 128 && KEY_CHARS[c]) continue;
    if (i - start >= MIN_KEY) {
      const run = line.slice(start, i);
      const parts = (run.match(/\//g)?.length ?? 0) >= 3 ? run.split('/') : [run];
      let offset = start;
      for (const part of parts) {
        if (part.length >= MIN_KEY && looksLikeKey(part)) spans.push([offset, offset + part.length]);
        offset += part.length + 1;
      }
    }
    start = i + 1;
  }
  return spans;
}

function merge(line: string, spans: Span[]): string {
  if (!spans.length) return line;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let copied = 0;
  for (const [s, e] of spans) {
    if (e <= copied) continue;
    out += line.slice(copied, Math.max(s, copied)) + REDACTED;
    copied = e;
  }
  return out + line.slice(copied);
}

/** Redacts every secret recognised by its form in one line. */
export function redactForms(line: string): string {
  const spans: Span[] = [...formatSpans(line), ...urlSpans(line)];
  for (const re of FIXED) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const [start, end] = m.indices![1]!;
      spans.push([start, end]);
    }
  }
  PREFIXED.lastIndex = 0;
  for (let m = PREFIXED.exec(line); m; m = PREFIXED.exec(line)) {
    // a derived prefix may start an ordinary word (`npm_config_cache`): its tail must look made, not written
    if (/^(?:xox|xapp)/i.test(m[0]) || /[0-9]/.test(m[1]) || m[1].length >= 8) spans.push([m.index, m.index + m[0].length]);
  }
  spans.push(...entropySpans(line));
  return merge(line, spans);
}
