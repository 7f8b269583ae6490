// Secrets found by their name: a key, a flag or a header whose name says it holds a secret, in any of the
// forms a paste shows (`KEY=v`, `key: v`, `"key": "v"`, `'key': 'v'`, `--flag=v`, `--flag v`, `X-Api-Key: v`).
// The value is read by a hand-written scanner (quotes, escapes, `;`/`&` tails), which is linear by construction.
import { alternation } from '../util/regex.js';

export const REDACTED = '[redacted]';

/** Words that make a name secret wherever they stand in it (`PGPASSWORD`, `dbPassword`, `client_secret`). */
const SECRET_PARTS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'privatekey', 'accountkey', 'accesskey', 'credential', 'creds'];
/** Segments that make a name secret when they end it (`sig=`, `SENTRY_DSN`; not `sig-storage/...`). */
const SECRET_SEGMENTS = new Set([
  'auth',
  'authorization',
  'signature',
  'sig',
  'dsn',
  'sas',
  'cookie',
  'salt',
  'jwt',
  'pat',
  'otp',
  'pgp',
  'gpg',
  'dockerconfigjson',
  'dockercfg',
  'identitytoken',
]);
/** Segments that are secret only beside another segment (`DB_PASS`, `API_KEY`, `tls.key`): `key:` alone is a selector. */
const PAIRED_SEGMENTS = new Set(['pass', 'pwd', 'key', 'pw']);
/** A name ending so names the secret, it does not hold it (`secretName`, `TOKEN_FILE`, `--password-stdin`). */
const NEUTRAL_LAST = new Set([
  'name',
  'names',
  'ref',
  'refs',
  'file',
  'files',
  'path',
  'paths',
  'dir',
  'id',
  'ids',
  'type',
  'kind',
  'mode',
  'method',
  'length',
  'ttl',
  'seconds',
  'secs',
  'expiry',
  'expires',
  'expiration',
  'url',
  'uri',
  'endpoint',
  'enabled',
  'disabled',
  'required',
  'count',
  'size',
  'provider',
  'version',
  'namespace',
  'user',
  'username',
  'email',
  'field',
  'header',
  'policy',
  'timeout',
  'algorithm',
  'format',
  'prefix',
  'source',
  'selector',
  'keys',
  'stdin',
  'location',
  'store',
  'server',
  'host',
  'port',
  'issuer',
  'audience',
  'scope',
  'scopes',
  'rotation',
  'hash',
  'length',
  'env',
  'volume',
  'mount',
  'items',
  'optional',
  'realm',
  'affinity',
  'lifetime',
  'age',
  'duration',
  'interval',
  'period',
  'limit',
  'class',
  'template',
  'annotations',
  'labels',
  'generation',
  'sources',
  'projection',
  // an error's name (`SignatureValidationFailed: Source image rejected`), not a key
  'failed',
  'failure',
  'error',
  'errors',
  'invalid',
  'missing',
  'denied',
  'expired',
  'rejected',
  'mismatch',
  'status',
  'message',
  'reason',
  'exception',
]);
const NEUTRAL_ANY = new Set(['public', 'pub']);

function segments(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True when a key, flag or header of this name holds a secret. */
function isSecretName(name: string): boolean {
  if (/last-applied-configuration$/i.test(name)) return true; // a whole manifest, env values and Secrets included
  const segs = segments(name);
  if (!segs.length) return false;
  const last = segs[segs.length - 1];
  if (NEUTRAL_LAST.has(last) || segs.some((s) => NEUTRAL_ANY.has(s))) return false;
  if (/(?:name|ref)$/.test(last) && last !== 'name') return false; // `secretname`, `keyref` written as one word
  if (SECRET_SEGMENTS.has(last)) return true;
  for (const s of segs) if (SECRET_PARTS.some((p) => s.includes(p))) return true;
  return segs.length > 1 && segs.some((s) => PAIRED_SEGMENTS.has(s));
}

/** Values that are structure or a pointer, not a secret (kept: they help the diagnosis and hold nothing). */
const KEEP_VALUE = /^(?:\[redacted\]|<set to |<none>|<unset>|\(v1:|\{|\[|(?:true|false|null|~)(?![\w-])|\$\{|\$\(|\$[A-Z_]+\b|\*{3,})/i;

/** Ends of an unquoted value; `;`, `&`, `,` and `)` end it only before another `name=` or the end of a word. */
const HARD_END = new Set([' ', '\t', '"', "'", '`', '}', ']', '<', '>']);
const SOFT_END = new Set([';', '&', ',', ')']);

export interface ValueSpan {
  start: number;
  end: number;
  /** The value opened a quote or a block that goes on past this line. */
  open?: 'double' | 'single' | 'block';
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\w.-]/.test(c);
}

/** Where the value that starts at `at` ends (an unquoted run, or a quoted string with escapes). */
export function scanValue(line: string, at: number): ValueSpan | null {
  if (at >= line.length) return null;
  const c = line[at];
  const escapedQuote = c === '\\' && line[at + 1] === '"';
  if (c === '"' || c === "'" || escapedQuote) {
    const quote = escapedQuote ? '\\"' : c;
    const start = at + quote.length;
    for (let i = start; i < line.length; i++) {
      if (escapedQuote) {
        if (line[i] === '\\' && line[i + 1] === '"') return { start, end: i };
        if (line[i] === '\\' && line[i + 1] === '\\') i++;
      } else if (quote === '"' && line[i] === '\\') i++;
      else if (line[i] === quote) return { start, end: i };
    }
    return { start, end: line.length, open: quote === "'" ? 'single' : 'double' };
  }
  if ((c === '|' || c === '>') && /^[|>][-+0-9]*\s*$/.test(line.slice(at))) return { start: at, end: at, open: 'block' };
  let i = at;
  for (; i < line.length; i++) {
    const ch = line[i];
    if (HARD_END.has(ch)) break;
    if (SOFT_END.has(ch)) {
      // `password=a;Database=b`, `token=x&user=y`: the tail is the next setting; `pw=a;b` is one value
      let j = i + 1;
      while (j < line.length && isWordChar(line[j])) j++;
      if ((j === i + 1 && (j >= line.length || line[j] === ' ' || line[j] === '\t')) || line[j] === '=' || line[j] === ':') break;
    }
  }
  return i > at ? { start: at, end: i } : null;
}

/** A name run: not inside a longer word; dashes in front for flags (`--password`). */
const NAME = /(?<![\w./\\-])(\\?["']?)(-{0,2}[A-Za-z_][\w./-]{0,100})(\\?["']?)([ \t]*)(:=|=>|=|:|[ \t])/g;
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|Digest|Negotiate|Bot|AWS4-HMAC-SHA256|token|bearer|basic)[ \t]+/;
const PROSE_VALUE = /^[A-Za-z][a-z]*(?:[ \t.,]|$)/;

/** Flags whose next argument is `user:password`. */
const USER_FLAGS = new Set(['-u', '--user', '--proxy-user', '-U']);

/**
 * Every name redacted here holds one of these as a substring (a secret word or segment, a paired segment, the
 * last-applied-configuration annotation, or a user flag): a line without any has nothing to redact, and skips the
 * name scan, which visits every word (a fifth of a large paste's redaction time).
 */
const MAY_NAME_A_SECRET = new RegExp(alternation([...SECRET_PARTS, ...SECRET_SEGMENTS, ...PAIRED_SEGMENTS, 'last-applied-configuration', ...USER_FLAGS]), 'i');

export interface NameResult {
  line: string;
  /** A value that goes on past this line: the caller redacts the lines that continue it. */
  open?: 'double' | 'single' | 'block';
}

/** Redacts, in one line, every value whose key, flag or header names a secret. */
export function redactNamedValues(line: string): NameResult {
  if (!MAY_NAME_A_SECRET.test(line)) return { line };
  let out = '';
  let copied = 0;
  let open: NameResult['open'];
  NAME.lastIndex = 0;
  for (let m = NAME.exec(line); m; m = NAME.exec(line)) {
    const [whole, openQuote, name, closeQuote, , sep] = m;
    const start = m.index + whole.length;
    const isFlag = name.startsWith('-');
    if (openQuote && !closeQuote) continue;
    // a quoted key is a JSON/YAML key only at the start of a line or after `{`, `,` or `[`
    if (openQuote && !/(?:^|[{,[])\s*$/.test(line.slice(Math.max(0, m.index - 40), m.index))) continue;
    if (sep === ' ' || sep === '\t') {
      // `--password VALUE`, `-u user:pass`; prose words are not flags
      if (!isFlag) continue;
      if (line[start] === '-' || start >= line.length) continue;
    }
    const userFlag = USER_FLAGS.has(name);
    // `--pass x`: on a flag, `pass` and `pwd` alone name a password
    const bare = name.replace(/^-+/, '');
    if (!userFlag && !isSecretName(bare) && !(isFlag && name.startsWith('--') && PAIRED_SEGMENTS.has(bare.toLowerCase()) && bare.toLowerCase() !== 'key'))
      continue;
    let at = start;
    while (line[at] === ' ' || line[at] === '\t') at++;
    if (KEEP_VALUE.test(line.slice(at, at + 24))) continue;
    const scheme = AUTH_SCHEME.exec(line.slice(at, at + 40));
    if (scheme) at += scheme[0].length;
    const span = scanValue(line, at);
    if (!span) continue;
    if (span.open === 'block') {
      open = 'block';
      break;
    }
    let { start: vs } = span;
    const { end: ve } = span;
    if (userFlag) {
      const colon = line.indexOf(':', vs);
      if (colon < 0 || colon >= ve) continue;
      vs = colon + 1;
    }
    // `oauth token: unexpected status` is prose, not a key and its value
    const midLineColon = sep === ':' && !openQuote && line.slice(0, m.index).trim() !== '' && !/[{,[-]\s*$/.test(line.slice(0, m.index));
    if (midLineColon && !span.open && (PROSE_VALUE.test(line.slice(vs, ve + 1)) || ve - vs < 4)) continue;
    if (ve > vs) {
      out += line.slice(copied, vs) + REDACTED;
      copied = ve;
    }
    if (span.open) {
      open = span.open;
      break;
    }
    NAME.lastIndex = Math.max(NAME.lastIndex, ve);
  }
  return { line: out + line.slice(copied), open };
}
