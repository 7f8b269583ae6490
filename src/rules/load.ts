// Loads rules/*.yml, validates every rule and compiles its patterns. A bad file is refused with the file,
// line, rule id and field named, so an operator can fix it without reading TypeScript.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document } from 'yaml';
import { readCachedRules, rememberedByStats, writeCachedRules, type CachedLexiconFile, type PatternFacts, type ValidRule } from './cache.js';
import type { CompiledRule, CompiledSignal } from './compiled.js';
import { LEXICON_DIR, lexiconFilesIn, parseLexicon, type LexiconFile } from './lexicon.js';
import { compilePattern, linearRegex, UnsafePatternError, type CompiledPattern, type LinearRegex } from './pattern.js';
import { schemas, type SignalSpec } from './schema.js';
import { RuleIndex } from './rule-index.js';
import { statsOf } from '../util/file-stats.js';
import { PACKAGE_ROOT } from '../util/package-root.js';

// The YAML reader is loaded only when a rule file has to be read (not when the cache has the rules).
const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml');

export const DEFAULT_RULES_DIR = fileURLToPath(new URL('rules', PACKAGE_ROOT));

export type { CompiledRule, CompiledSignal } from './compiled.js';

export interface KnowledgeBase {
  rules: CompiledRule[];
  byId: Map<string, CompiledRule>;
  index: RuleIndex;
  /** Changes whenever any rule file changes (for caches and logs). */
  version: string;
  dir: string;
  /** The lexicon files beside the rules (rules/lexicon/), as loaded with them. */
  lexicon: LexiconFile[];
}

export interface RuleProblem {
  file: string;
  line: number;
  ruleId?: string;
  field: string;
  message: string;
}

export class RuleLoadError extends Error {
  constructor(readonly problems: RuleProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

function formatProblem(p: RuleProblem): string {
  return `${p.file}:${p.line}: ${p.ruleId ? `rule "${p.ruleId}"` : 'file'}: ${p.field ? `field "${p.field}": ` : ''}${p.message}`;
}

export function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      // A mounted ConfigMap keeps its files in `..data` / `..2026_11_28...` and links them from the top level.
      if (name.startsWith('.')) continue;
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        if (name !== LEXICON_DIR) walk(path);
      } else if (/\.ya?ml$/.test(name)) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** Paths inside the working directory are shown relative to it, others in full. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** KUBE_DOCTOR_RULES may list several folders, PATH-style: a rule in a later folder replaces one with its id. */
export function rulesDirs(spec: string): string[] {
  return spec.split(delimiter).filter(Boolean);
}

export function allRuleFiles(spec: string): { file: string; layer: number }[] {
  return rulesDirs(spec).flatMap((dir, layer) => ruleFiles(dir).map((file) => ({ file, layer })));
}

export function loadKnowledgeBase(dir: string = DEFAULT_RULES_DIR): KnowledgeBase {
  let sources: RuleSetSources;
  try {
    sources = ruleSetSources(dir);
  } catch (e) {
    throw new RuleLoadError([{ file: dir, line: 0, field: '', message: `cannot read the rules folder: ${(e as Error).message}` }]);
  }
  const { rules, lexicon: lexiconSources, all } = sources;
  const version = versionOfSources(all);
  const shown = new Map(all.map((s) => [s.name, s.file]));
  // Rules validated before (same files, same code) come from the cache: no YAML parsed, no schema checked. The
  // cache names each file within its folder; it is shown as found here.
  const cached = readCachedRules(version);
  if (cached) {
    try {
      return assemble(
        cached.rules.map((entry) => {
          const valid = { ...entry, file: shown.get(entry.file) ?? entry.file };
          return { valid, rule: compileRule(valid, refuseCached, valid.patterns) };
        }),
        [],
        version,
        dir,
        cached.lexicon.map(({ file, name, data }) => ({ name, path: shown.get(file) ?? file, data })),
      );
    } catch {
      // Not what the cache promised: read the files as if there were no cache.
    }
  }
  const problems: RuleProblem[] = [];
  const loaded = rules.flatMap(({ file, text, layer }) => loadFile(file, text, layer, problems));
  const lexicon = parseLexicon(lexiconSources);
  const kb = assemble(loaded, problems, version, dir, lexicon);
  const nameOf = new Map(all.map((s) => [s.file, s.name]));
  writeCachedRules(version, {
    rules: loaded.map(({ valid }) => ({ ...valid, file: nameOf.get(valid.file) ?? valid.file })),
    lexicon: lexicon.map(({ name, path, data }): CachedLexiconFile => ({ file: nameOf.get(path) ?? path, name, data })),
  });
  return kb;
}

type RuleSetSources = ReturnType<typeof ruleSetSources>;

/** The rule files and the lexicon files (part of the rule set: a changed lexicon file is checked again) of the rules
 *  folder(s) `dir`. Each is named within its folder: the same rules in another folder (a copy, a mount, another
 *  working directory) are the same rule set. */
function ruleSetSources(dir: string) {
  const folders = rulesDirs(dir);
  const rules = allRuleFiles(dir).map(({ file, layer }) => sourceFile(file, `${layer}/${relative(folders[layer], file)}`, layer));
  const lexicon = lexiconSourcesIn(folders);
  return { rules, lexicon, all: [...rules, ...lexicon] };
}

/** Every file of the rule set in `dir` (rule and lexicon files). */
export function ruleSetFiles(dir: string): string[] {
  return ruleSetSources(dir).all.map((s) => s.path);
}

/** The version loadKnowledgeBase gives the rule set in `dir` now (the reload compares it with the rules in force). */
export function ruleSetVersion(dir: string): string {
  return versionOfSources(ruleSetSources(dir).all);
}

/** A hash of the files' names and contents, remembered by their stats: unchanged files are not read to compute it. */
function versionOfSources(all: RuleSetSources['all']): string {
  return rememberedByStats(statsOf(all.map((s) => s.path)), () => versionOf(all.map(({ name, text }) => ({ file: name, text }))));
}

/** A rule or lexicon file: its path, the path shown, its name within its rules folder, its folder's layer; its text,
 *  read when first used (a spread would read it). */
function sourceFile(path: string, name: string, layer: number) {
  let text: string | undefined;
  return {
    path,
    file: displayPath(path),
    name,
    layer,
    get text(): string {
      return (text ??= readFileSync(path, 'utf8'));
    },
  };
}

/** The lexicon files of these rules folders, named within their folder (`0/lexicon/zh.yml`, as rule files are). */
function lexiconSourcesIn(folders: string[]) {
  return folders.flatMap((folder, layer) => lexiconFilesIn(folder).map((path) => sourceFile(path, `${layer}/${relative(folder, path)}`, layer)));
}

/** Builds a knowledge base from rule file texts (hot reload and tests), with the lexicon of the rules folder(s)
 *  `dir` when one is given. */
export function compileKnowledgeBase(sources: { file: string; text: string; layer?: number }[], dir = ''): KnowledgeBase {
  const problems: RuleProblem[] = [];
  const loaded = sources.flatMap(({ file, text, layer = 0 }) => loadFile(file, text, layer, problems));
  return assemble(loaded, problems, versionOf(sources), dir, parseLexicon(lexiconSourcesIn(rulesDirs(dir))));
}

/** Changes whenever any rule file changes (names and contents, in order): for caches and logs. */
function versionOf(sources: { file: string; text: string }[]): string {
  const hash = createHash('sha256');
  for (const { file, text } of sources) hash.update(file).update('\0').update(text).update('\0');
  return hash.digest('hex').slice(0, 12);
}

/** A knowledge base as plain data (structured-clone safe): a worker thread rebuilds exactly these rules from it,
 *  without reading files (which may have changed to rules that a reload refused). */
export interface PortableRules {
  version: string;
  dir: string;
  rules: ValidRule[];
  lexicon: LexiconFile[];
}

export function toPortable(kb: KnowledgeBase): PortableRules {
  const rules = kb.rules.map((r) => ({
    spec: r.spec,
    file: r.file,
    line: r.line,
    layer: 0, // overrides are already resolved: kb.rules holds one rule per id
    patterns: patternFactsOf(r),
  }));
  return { version: kb.version, dir: kb.dir, rules, lexicon: kb.lexicon };
}

/** The rules were checked where they were loaded: their patterns compile when a paste first reaches them. */
export function fromPortable(p: PortableRules): KnowledgeBase {
  return assemble(
    p.rules.map((valid) => ({ valid, rule: compileRule(valid, refuseCached, valid.patterns) })),
    [],
    p.version,
    p.dir,
    p.lexicon,
  );
}

interface Loaded {
  valid: ValidRule;
  rule: CompiledRule;
}

/** Ids across files (an operator's folder overrides a bundled rule), then `extends`; throws every problem found. */
function assemble(loaded: Loaded[], problems: RuleProblem[], version: string, dir: string, lexicon: LexiconFile[]): KnowledgeBase {
  const layer = new Map(loaded.map((l) => [l.rule, l.valid.layer]));
  let rules = loaded.map((l) => l.rule);
  const byId = new Map<string, CompiledRule>();
  const overridden = new Set<CompiledRule>();
  for (const rule of rules) {
    const twin = byId.get(rule.id);
    if (!twin) byId.set(rule.id, rule);
    else if (layer.get(twin) === layer.get(rule))
      problems.push({ file: rule.file, line: rule.line, ruleId: rule.id, field: 'id', message: `duplicate id (also at ${twin.file}:${twin.line})` });
    else {
      byId.set(rule.id, rule); // an operator's folder overrides a bundled rule
      overridden.add(twin);
    }
  }
  if (overridden.size) rules = rules.filter((r) => !overridden.has(r));
  for (const rule of rules) {
    if (!rule.spec.extends) continue;
    const parent = byId.get(rule.spec.extends);
    if (!parent) problems.push({ file: rule.file, line: rule.line, ruleId: rule.id, field: 'extends', message: `no rule has the id "${rule.spec.extends}"` });
    else if (parent.spec.extends)
      problems.push({
        file: rule.file,
        line: rule.line,
        ruleId: rule.id,
        field: 'extends',
        message: `"${parent.id}" itself extends another rule; extend the base rule`,
      });
    else if (rule.signals.length === 0) rule.signals = parent.signals.map((s) => ({ ...s, rule }));
  }
  if (problems.length) throw new RuleLoadError(problems);
  return { rules, byId, index: new RuleIndex(rules), version, dir, lexicon };
}

/** YAML → schema-checked rules → compiled rules; each problem is reported with its line. */
function loadFile(file: string, text: string, layer: number, problems: RuleProblem[]): Loaded[] {
  const { LineCounter, parseDocument } = yaml();
  const { RuleFileSchema, RuleSchema } = schemas();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  if (doc.errors.length) {
    for (const err of doc.errors) problems.push({ file, line: lineOf(err.pos[0]), field: '', message: `not valid YAML: ${err.message.split('\n')[0]}` });
    return [];
  }
  const file_ = RuleFileSchema.safeParse(doc.toJS());
  if (!file_.success) {
    problems.push({ file, line: 1, field: '', message: 'a rule file is a list of rules, or a map with a `rules:` list' });
    return [];
  }
  const list = Array.isArray(file_.data) ? file_.data : file_.data.rules;
  const basePath = Array.isArray(file_.data) ? [] : ['rules'];
  const out: Loaded[] = [];
  list.forEach((raw, i) => {
    const path = [...basePath, i];
    const ruleLine = lineOf(nodeAt(doc, path)?.range?.[0]);
    const ruleId = typeof (raw as any)?.id === 'string' ? (raw as any).id : undefined;
    const parsed = RuleSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '');
        const node = nodeAt(doc, [...path, ...issue.path]) ?? nodeAt(doc, [...path, ...issue.path.slice(0, -1)]);
        problems.push({ file, line: node ? lineOf(node.range?.[0]) : ruleLine, ruleId, field, message: issue.message });
      }
      return;
    }
    const valid: ValidRule = { spec: parsed.data, file, line: ruleLine, layer };
    const rule = compileRule(valid, (field, message) => {
      const node = nodeAt(doc, [...path, ...field]);
      problems.push({
        file,
        line: node ? lineOf(node.range?.[0]) : ruleLine,
        ruleId: valid.spec.id,
        field: field
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
          .join('')
          .replace(/^\./, ''),
        message,
      });
    });
    valid.patterns = patternFactsOf(rule);
    out.push({ valid, rule });
  });
  return out;
}

type Fail = (field: (string | number)[], message: string) => void;

/** Stands for a refused `where` pattern while the rest of the file is checked (the load fails anyway). */
const NEVER: CompiledPattern = { source: '$^', regex: /$^/, keys: [], literals: [], engineSource: '$^' };

/** A cached rule whose patterns no longer compile: the cache is not trusted (the files are read instead). */
const refuseCached: Fail = (field, message) => {
  throw new Error(`${field.join('.')}: ${message}`);
};

/** What a later start needs of each checked pattern of a rule (`match` messages and `where`), without checking it
 *  again. */
function patternFactsOf(rule: CompiledRule): Record<string, PatternFacts> {
  const patterns = [...rule.signals.flatMap((s) => s.message ?? []), ...(rule.where ?? []).flat().map((w) => w.pattern)];
  return Object.fromEntries(patterns.map((m) => [m.source, { keys: m.keys, literals: m.literals, engineSource: m.engineSource }]));
}

/** A pattern accepted before (same source, same code): compiled when a paste first gets past its literal
 *  pre-check, since most patterns of a start are never tried; its index keys and literals are known. */
function deferredPattern(source: string, facts: PatternFacts): CompiledPattern {
  return { source, ...facts, regex: deferredRegex(() => linearRegex(facts.engineSource)) };
}

function deferredRegex(compile: () => LinearRegex): LinearRegex {
  let regex: LinearRegex | undefined;
  const compiled = () => (regex ??= compile());
  return { exec: (text) => compiled().exec(text), test: (text) => compiled().test(text) };
}

/** A schema-checked rule's patterns, compiled (each unsafe one reported through `fail`); with `known` keys, deferred. */
function compileRule(valid: ValidRule, fail: Fail, known?: Record<string, PatternFacts>): CompiledRule {
  const { spec, file, line } = valid;
  const rule: CompiledRule = { spec, id: spec.id, file, line, signals: [] };
  const pattern = (source: string) => (known?.[source] ? deferredPattern(source, known[source]) : compilePattern(source));
  (spec.match ?? []).forEach((signal, j) => {
    try {
      rule.signals.push(compileSignal(signal, rule, pattern));
    } catch (e) {
      if (e instanceof UnsafePatternError) fail(['match', j, 'message'], `unsafe pattern: ${e.message}`);
      else throw e;
    }
  });
  rule.where = spec.where?.map((entry, j) =>
    Object.entries(entry).map(([name, source]) => {
      try {
        return { name, pattern: pattern(source) };
      } catch (e) {
        if (!(e instanceof UnsafePatternError)) throw e;
        fail(['where', j, name], `unsafe pattern: ${e.message}`);
        return { name, pattern: NEVER };
      }
    }),
  );
  return rule;
}

function compileSignal(spec: SignalSpec, rule: CompiledRule, pattern: (source: string) => CompiledPattern): CompiledSignal {
  const list = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  return {
    rule,
    message: spec.message ? pattern(spec.message) : undefined,
    reasons: list(spec.reason) && new Set(list(spec.reason)!.map((r) => r.toLowerCase())),
    sources: list(spec.in) && new Set(list(spec.in)),
    type: spec.type,
    exitCodes: list(spec.exitCode) && new Set(list(spec.exitCode)),
    ready: spec.ready,
    init: spec.init,
  };
}

function nodeAt(doc: Document, path: (string | number | PropertyKey)[]): { range?: [number, number, number] | null } | undefined {
  const { isMap, isSeq } = yaml();
  let node: any = doc.contents;
  for (const key of path) {
    if (isMap(node)) node = node.items.find((p: any) => p.key?.value === key)?.value ?? node.items.find((p: any) => p.key?.value === key)?.key;
    else if (isSeq(node) && typeof key === 'number') node = node.items[key];
    else return node ?? undefined;
    if (!node) return undefined;
  }
  return node;
}
