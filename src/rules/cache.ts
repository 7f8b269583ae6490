// Rules that were validated once are kept, by the content hash of the rule files and the code that checks them, so
// a start with unchanged rules parses no YAML and loads no schema library. The cache is only a shortcut: a folder
// that cannot be read or written, or a file that is not what was written, means the rule files are read as usual.
//
// Where: $KUBE_DOCTOR_CACHE_DIR, else $KUBE_DOCTOR_DATA_DIR/cache (the bot's volume in the container), else
// $XDG_CACHE_HOME/kube-doctor, else ~/.cache/kube-doctor.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FileStats, statsOf } from '../util/file-stats.js';
import type { CompiledPattern } from './pattern.js';
import type { RuleSpec } from './schema.js';

export type PatternFacts = Pick<CompiledPattern, 'keys' | 'literals' | 'engineSource'>;

/** A rule as its file gave it, after the schema accepted it. */
export interface ValidRule {
  spec: RuleSpec;
  file: string;
  line: number;
  /** Which folder of KUBE_DOCTOR_RULES it came from (0 = the first). */
  layer: number;
  /** What the index and the pre-check need of each `match` message pattern, known once it was compiled (see
   *  compilePattern): with them a start compiles no pattern until a paste reaches it. */
  patterns?: Record<string, PatternFacts>;
}

/** A lexicon file as cached: its name within its rules folder (`0/lexicon/zh.yml`), its name in `lexicon/`, its data. */
export interface CachedLexiconFile {
  file: string;
  name: string;
  data: unknown;
}

/** The fields of a rule that only answers, questions and rule tests read. A cache file holds one line of JSON with
 *  the version, every rule without these, the lexicon and a hash of the rest; then one line per rule with these.
 *  A rule's line is parsed when one of them is first read: most of the file is these texts, and a start that
 *  parsed them all spent a tenth of a cold diagnose on them (reading, parsing and collecting the garbage). */
const TEXT_FIELDS = ['title', 'cause', 'fix', 'links', 'keywords', 'examples'] as const satisfies readonly (keyof RuleSpec)[];
type TextField = (typeof TEXT_FIELDS)[number];

/** What the cache keeps of a rule set: the rules as validated, and the lexicon beside them as parsed. */
export interface CachedRules {
  rules: ValidRule[];
  lexicon: CachedLexiconFile[];
}

/** The modules whose code decides what a valid rule (and a parsed lexicon) is: a change to any of them makes every
 *  cached entry stale. */
const CHECKING_CODE = ['load', 'schema', 'pattern', 'lexicon', 'cache'];
/** What is kept of each kind: the most recently used entries, at most this many and this many bytes (about a
 *  dozen full rule sets, or many small ones: one-off folders of a rule or two do not push out the rules in use). */
const KEEP_FILES = 64;
const KEEP_BYTES = 8 * 1024 * 1024;
/** A file being written is renamed within milliseconds; one this old was left by a process that died. */
const ABANDONED_MS = 10 * 60_000;

let codeVersion: string | undefined;
function checkingCodeVersion(): string {
  if (codeVersion === undefined) {
    const ext = extname(fileURLToPath(import.meta.url)); // .js when built, .ts under the test runner
    const files = CHECKING_CODE.map((name) => fileURLToPath(new URL(`./${name}${ext}`, import.meta.url)));
    codeVersion = rememberedByStats(statsOf(files), () => {
      const hash = createHash('sha256');
      for (const file of files) hash.update(readFileSync(file));
      return hash.digest('hex').slice(0, 12);
    });
  }
  return codeVersion;
}

/** A blank value is unset. */
function env(name: string): string | undefined {
  return process.env[name]?.trim() || undefined;
}

export function cacheDir(): string {
  const data = env('KUBE_DOCTOR_DATA_DIR');
  return env('KUBE_DOCTOR_CACHE_DIR') ?? (data ? join(data, 'cache') : join(env('XDG_CACHE_HOME') ?? join(homedir(), '.cache'), 'kube-doctor'));
}

function cacheFile(rulesVersion: string): string {
  return join(cacheDir(), `rules-${rulesVersion}-${checkingCodeVersion()}.json`);
}

/** The rules validated earlier for exactly these rule files and this code, if the cache has them. */
export function readCachedRules(rulesVersion: string): CachedRules | undefined {
  try {
    const file = cacheFile(rulesVersion);
    const bytes = readFileSync(file); // bytes, not a string: the rules' texts stay out of the JS heap until read
    const headEnd = bytes.indexOf(NEWLINE);
    if (headEnd < 0) return undefined;
    const data = JSON.parse(bytes.toString('utf8', 0, headEnd));
    const texts = bytes.subarray(headEnd + 1);
    const lines = lineRanges(texts);
    if (
      data?.version === rulesVersion &&
      Array.isArray(data.rules) &&
      data.rules.every(looksValid) &&
      Array.isArray(data.lexicon) &&
      data.lexicon.every((f: CachedLexiconFile) => typeof f?.file === 'string' && typeof f.name === 'string') &&
      lines.length === data.rules.length &&
      data.texts === sha256(texts)
    ) {
      touch(file);
      const rules = (data.rules as ValidRule[]).map((r, i) => ({
        ...r,
        spec: withTexts(r.spec, () => JSON.parse(texts.toString('utf8', lines[i][0], lines[i][1]))),
      }));
      return { rules, lexicon: data.lexicon };
    }
  } catch {
    // missing, unreadable or cut short: no cache
  }
  return undefined;
}

const NEWLINE = 0x0a;

/** Start and end of each line of `bytes` (the last one ends at the end, or at a final newline). */
function lineRanges(bytes: Buffer): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(NEWLINE, start);
    out.push([start, end < 0 ? bytes.length : end]);
    start = end < 0 ? bytes.length : end + 1;
  }
  return out;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The spec with its text fields read, on first use, from `read` (all of them at once). */
function withTexts(rest: Omit<RuleSpec, TextField>, read: () => Pick<RuleSpec, TextField>): RuleSpec {
  let texts: Pick<RuleSpec, TextField> | undefined;
  const spec = { ...rest } as RuleSpec;
  for (const field of TEXT_FIELDS) Object.defineProperty(spec, field, { enumerable: true, configurable: true, get: () => (texts ??= read())[field] });
  return spec;
}

function looksValid(r: ValidRule): boolean {
  return typeof r?.spec?.id === 'string' && typeof r.file === 'string' && Number.isInteger(r.line) && Number.isInteger(r.layer);
}

export function writeCachedRules(rulesVersion: string, cached: CachedRules): void {
  try {
    const file = cacheFile(rulesVersion);
    mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
    const texts = Buffer.from(cached.rules.map((r) => asciiJson(pick(r.spec, TEXT_FIELDS))).join('\n'));
    const rules = cached.rules.map((r) => ({ ...r, spec: omit(r.spec, TEXT_FIELDS) }));
    const head = asciiJson({ version: rulesVersion, rules, lexicon: cached.lexicon, texts: sha256(texts) });
    // Written beside and renamed: a reader never sees half a file, and two processes starting at once do not clash.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.concat([Buffer.from(`${head}\n`), texts]), { mode: 0o600 });
    renameSync(partial, file);
    keepRecent(/^rules-.*\.json$/);
  } catch {
    // A read-only home or volume: the next start reads the rule files again, nothing else changes.
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

function omit<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Omit<T, K> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k as K))) as Omit<T, K>;
}

/** A file changed within one tick of the filesystem's clock before its stats were taken may change again in that tick
 *  with the same stats (the kernel stamps files with a clock of a few ms; some filesystems keep whole seconds). Such
 *  stats are not remembered: the files are read next time, as git treats a "racy" index entry. */
const racyMs = (stats: FileStats) => (stats.wholeSeconds ? 2000 : 50);

/** A version of files (a hash of their contents) computed with `compute` once, then remembered by their stats: a
 *  start whose files' stats are as they were reads none of them. */
export function rememberedByStats(stats: FileStats, compute: () => string): string {
  const file = join(cacheDir(), `stats-${sha256(stats.key).slice(0, 24)}`);
  try {
    const version = readFileSync(file, 'utf8');
    if (/^[0-9a-f]{12}$/.test(version)) {
      touch(file);
      return version;
    }
  } catch {
    // not remembered
  }
  const version = compute();
  if (Date.now() - stats.newestMs < racyMs(stats)) return version;
  try {
    mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, version, { mode: 0o600 });
    renameSync(partial, file);
    keepRecent(/^stats-/);
  } catch {
    // as for the rules: the next start reads the files again
  }
  return version;
}

/** JSON with every character outside ASCII escaped (\uXXXX): reading pure ASCII skips UTF-8 decoding, which
 *  took half the time of reading the file (the rules' Chinese texts). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Marks an entry as used now, so pruning keeps the rule sets in use rather than the last ones written (a few
 *  one-off folders, `rules lint` on a draft, must not push out the rules every start reads). */
export function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // read-only cache: pruning is by write time there, nothing else changes
  }
}

/** Keeps the most recently used entries of one kind (rule sets, examples-passed markers) within KEEP_FILES and
 *  KEEP_BYTES, and removes partial files that were abandoned. */
export function keepRecent(kind: RegExp): void {
  const now = Date.now();
  const files = readdirSync(cacheDir())
    .map((name) => ({ name, path: join(cacheDir(), name) }))
    .map((f) => ({ ...f, stat: statSync(f.path) }))
    .sort((a, b) => b.stat.mtimeMs - a.stat.mtimeMs);
  let bytes = 0;
  let kept = 0;
  for (const { name, path, stat } of files) {
    if (name.endsWith('.tmp') && now - stat.mtimeMs > ABANDONED_MS) unlinkSync(path);
    if (!kind.test(name)) continue;
    bytes += stat.size;
    if (++kept > KEEP_FILES || (kept > 1 && bytes > KEEP_BYTES)) unlinkSync(path);
  }
}
