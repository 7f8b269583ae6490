// Rule patterns: refused at load when they can backtrack catastrophically, and reduced to a literal word
// that any matching text must contain, so the engine runs a pattern only on lines that have that word.
import { createRequire } from 'node:module';
import type { AstNode } from 'regjsparser';
import { RE2JS } from 're2js';
import { remembered } from '../util/remembered.js';

/** The parser is loaded when a pattern is checked, not when cached rules start (importing it costs ~20 ms). */
const regjsparser = (): typeof import('regjsparser') => createRequire(import.meta.url)('regjsparser');

/** What matching needs of a regular expression; RE2JS provides it in time linear in the text, whatever the pattern. */
export interface LinearRegex {
  exec(text: string): RegExpExecArray | null;
  test(text: string): boolean;
}

export interface CompiledPattern {
  source: string;
  regex: LinearRegex;
  /** Lower-case words, one of which every match contains (one per top-level alternative); empty: no index key. */
  keys: string[];
  /** For each top-level alternative, what every match of it contains, as lower-case ASCII strings: each entry is
   *  one string, or the alternatives of a group (`(?:why|how long)`), one of which it contains. A message lacking
   *  them in every alternative cannot match, which `includes` tells far faster than the regex engine. */
  literals: string[][][];
  /** The pattern in the engine's syntax: what a cached rule compiles, without parsing and checking it again. */
  engineSource: string;
}

export class UnsafePatternError extends Error {}

/** Quantifiers allowing more than this many repeats count as unbounded for the nesting check. */
const BIG_REPEAT = 10;
const MAX_WIDE_UNBOUNDED = 2;
const MAX_PATTERN_LENGTH = 2000;
const COMMON_WORDS = new Set([
  'the',
  'to',
  'of',
  'for',
  'on',
  'in',
  'and',
  'is',
  'a',
  'an',
  'image',
  'pod',
  'container',
  'failed',
  'error',
  'http',
  'https',
  'get',
  'desc',
  'code',
  'rpc',
]);

type Node = AstNode<{ namedGroups: true; lookbehind: true }>;

/** Patterns compiled before in this process, by source: a hot reload, `rules lint` after loading, or a second
 *  knowledge base load the same patterns again, and compiling them (parse, safety check, RE2 program) is most of
 *  the cost of loading rules. A pattern's compilation depends on its source alone; a refused one is not kept. */
const compiled = new Map<string, CompiledPattern>();
/** Far above any rule set's patterns; only a process reloading ever-changing rules reaches it (then it starts over). */
const MAX_COMPILED = 20_000;

export function compilePattern(source: string): CompiledPattern {
  return remembered(compiled, MAX_COMPILED, source, compileNew);
}

function compileNew(source: string): CompiledPattern {
  const facts = patternFacts(source);
  return { ...facts, regex: linearRegex(facts.engineSource) };
}

/** What a pattern's source says once checked, without compiling it: index keys, literals, the engine's syntax.
 *  Throws UnsafePatternError for a pattern that is invalid or could backtrack. */
export function patternFacts(source: string): Omit<CompiledPattern, 'regex'> {
  if (source.length > MAX_PATTERN_LENGTH) throw new UnsafePatternError(`pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  let ast: Node;
  try {
    ast = regjsparser().parse(source, '', { namedGroups: true, lookbehind: true }) as Node;
  } catch (e) {
    throw new UnsafePatternError(`not a valid regular expression: ${(e as Error).message.split('\n')[0]}`);
  }
  checkSafety(ast);
  const engineSource = RE2JS.translateRegExp(re2Source(source, ast));
  return { source, keys: indexKeys(ast), literals: requiredLiterals(ast), engineSource };
}

/** Engine programs built before in this process, by engine source: cached rules loaded again (a reload, `rules lint`
 *  after `rules test`) build none twice. */
const engines = new Map<string, LinearRegex>();

/** A pattern already in the engine's syntax (see `engineSource`), compiled. */
export function linearRegex(engineSource: string): LinearRegex {
  return remembered(engines, MAX_COMPILED, engineSource, (s) => engine(s, RE2JS.CASE_INSENSITIVE));
}

/** The same engine, matching case as written: for text that machines print exactly (rules/lexicon/output.yml). */
export function exactRegex(engineSource: string): LinearRegex {
  return engine(engineSource, 0);
}

/** Throws UnsafePatternError when the engine refuses the pattern. */
function engine(engineSource: string, flags: number): LinearRegex {
  try {
    return RE2JS.compile(engineSource, flags) as unknown as LinearRegex;
  } catch (e) {
    throw new UnsafePatternError(`not a valid regular expression: ${(e as Error).message}`);
  }
}

/** False only when the lower-cased text (see `foldCase`) cannot contain a match: a fast pre-check, never the answer. */
export function mayMatch(pattern: Pick<CompiledPattern, 'literals'>, lowerText: string): boolean {
  return pattern.literals.length === 0 || pattern.literals.some((branch) => branch.every((anyOf) => anyOf.some((l) => lowerText.includes(l))));
}

/**
 * Lower case as the engine's case-insensitive matching sees ASCII letters: Unicode simple case folding maps only the
 * Kelvin sign (which toLowerCase already makes `k`) and the long s `ſ` onto ASCII letters.
 */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  return lower.includes('ſ') ? lower.replaceAll('ſ', 's') : lower;
}

/** RE2 refuses repeat counts above 1000. */
const RE2_MAX_REPEAT = 1000;
/** The engine compiles `x{0,N}` as N copies of `x` and, to read captures, runs every copy at once: a line costs N
 *  times as much. A bound this long only stood for "the rest of the line" (the safety check already counts it as
 *  unbounded), and a linear engine needs none, so `[^\n]{0,1000}` is read as `[^\n]*`. Measured: 1 MB of events
 *  diagnosed in 300 ms with `{0,1000}` bounds, 200 ms without. */
const ENGINE_MAX_REPEAT = 100;

function re2Source(source: string, root: Node): string {
  const edits: { from: number; to: number; text: string }[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'quantifier') {
      if (node.min > RE2_MAX_REPEAT) throw new UnsafePatternError(`a repeat of at least ${node.min} is more than ${RE2_MAX_REPEAT}`);
      if (node.max !== undefined && node.max > ENGINE_MAX_REPEAT) {
        const bodyEnd = (node.body[node.body.length - 1] as Node).range[1];
        edits.push({ from: bodyEnd, to: node.range[1], text: `{${node.min},}${node.greedy ? '' : '?'}` });
      }
    }
    if ('body' in node && Array.isArray(node.body)) node.body.forEach((n) => visit(n as Node));
  };
  visit(root);
  let out = source;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

function isUnbounded(q: { max?: number }): boolean {
  return q.max === undefined || q.max > BIG_REPEAT;
}

function isWide(node: Node): boolean {
  if (node.type === 'dot') return true;
  if (node.type === 'characterClassEscape') return ['S', 'W', 'D'].includes(node.value);
  if (node.type === 'characterClass') return node.negative;
  if (node.type === 'group') return node.body.length === 1 && isWide(node.body[0] as Node);
  return false;
}

function checkSafety(root: Node): void {
  let wideUnbounded = 0;
  const visit = (node: Node, insideUnbounded: boolean): void => {
    switch (node.type) {
      case 'reference':
        throw new UnsafePatternError('backreferences are not allowed (patterns must run in linear time)');
      case 'group':
        if (node.behavior !== 'normal' && node.behavior !== 'ignore') {
          throw new UnsafePatternError('lookahead and lookbehind are not allowed (patterns must run in linear time)');
        }
        node.body.forEach((n) => visit(n as Node, insideUnbounded));
        return;
      case 'quantifier': {
        const unbounded = isUnbounded(node);
        if (unbounded && insideUnbounded) {
          throw new UnsafePatternError(`nested quantifiers ("${node.raw}" inside another repeat) can backtrack catastrophically`);
        }
        if (unbounded && node.body.some((n) => isWide(n as Node))) wideUnbounded++;
        if (unbounded) checkAlternationOverlap(node.body[0] as Node);
        node.body.forEach((n) => visit(n as Node, insideUnbounded || unbounded));
        return;
      }
      case 'alternative':
      case 'disjunction':
        node.body.forEach((n) => visit(n as Node, insideUnbounded));
        return;
      default:
        return;
    }
  };
  visit(root, false);
  if (wideUnbounded > MAX_WIDE_UNBOUNDED) {
    throw new UnsafePatternError(`more than ${MAX_WIDE_UNBOUNDED} unbounded wildcards (.*, \\S+, [^x]+) can backtrack polynomially on long lines`);
  }
}

/** `(a|ab)+` style repeats of alternatives that can start alike are exponential. */
function checkAlternationOverlap(node: Node): void {
  const inner = node.type === 'group' && node.body.length === 1 ? (node.body[0] as Node) : node;
  if (inner.type !== 'disjunction') return;
  const firsts = inner.body.map((b) => firstChar(b as Node));
  for (let i = 0; i < firsts.length; i++) {
    for (let j = i + 1; j < firsts.length; j++) {
      if (firsts[i] === null || firsts[j] === null || firsts[i] === firsts[j]) {
        throw new UnsafePatternError('a repeated group of alternatives that can start with the same character can backtrack catastrophically');
      }
    }
  }
}

function firstChar(node: Node): string | null {
  if (node.type === 'value') return String.fromCodePoint(node.codePoint).toLowerCase();
  if (node.type === 'alternative') return node.body.length ? firstChar(node.body[0] as Node) : null;
  if (node.type === 'group' && node.body.length === 1) return firstChar(node.body[0] as Node);
  return null;
}

interface Run {
  text: string;
  leftBounded: boolean;
}

/** Words every match must contain: for each top-level alternative, its best complete literal word. */
function indexKeys(root: Node): string[] {
  const branches = root.type === 'disjunction' ? (root.body as Node[]) : [root];
  const keys: string[] = [];
  for (const branch of branches) {
    const key = bestWord(literalRuns(branch));
    if (!key) return [];
    keys.push(key);
  }
  return [...new Set(keys)];
}

/** Each top-level alternative's literal runs, and its groups of literal alternatives (one of which a match
 *  contains); an alternative without either leaves nothing to check. */
function requiredLiterals(root: Node): string[][][] {
  const branches = root.type === 'disjunction' ? (root.body as Node[]) : [root];
  const literals = branches.map((branch) => [...plainLiterals(branch).map((l) => [l]), ...literalChoices(branch)]);
  return literals.some((l) => l.length === 0) ? [] : literals;
}

/** A sequence's literal runs, cut at any character outside ASCII (whose case folding `includes` cannot follow). */
function plainLiterals(node: Node): string[] {
  return literalRuns(node).flatMap((run) =>
    run.text
      .split(/[^\x00-\x7f]+/)
      .filter((l) => l.length >= 2)
      .map((l) => l.toLowerCase()),
  );
}

/** The sequence's groups of alternatives (not repeated, not optional) that each have a literal: every match
 *  contains one alternative's longest literal. */
function literalChoices(node: Node): string[][] {
  const terms = node.type === 'alternative' ? (node.body as Node[]) : [node];
  const choices: string[][] = [];
  for (const term of terms) {
    if (term.type !== 'group' || term.body.length !== 1) continue;
    const inner = term.body[0] as Node;
    if (inner.type !== 'disjunction') continue;
    const longest = (inner.body as Node[]).map((alt) => plainLiterals(alt).sort((a, b) => b.length - a.length)[0]);
    if (longest.every(Boolean)) choices.push(longest);
  }
  return choices;
}

function literalRuns(node: Node): { text: string; leftBounded: boolean; rightBounded: boolean }[] {
  const runs: { text: string; leftBounded: boolean; rightBounded: boolean }[] = [];
  let current: Run = { text: '', leftBounded: false };
  const close = (rightBounded: boolean) => {
    if (current.text) runs.push({ ...current, rightBounded });
    current = { text: '', leftBounded: rightBounded };
  };
  const walk = (n: Node): void => {
    if (n.type === 'value') current.text += String.fromCodePoint(n.codePoint);
    else if (n.type === 'alternative') n.body.forEach((c) => walk(c as Node));
    // a group is its sequence, captured or not (`(?<tag>v\d+) not found`); only alternatives inside it end the run
    else if (n.type === 'group' && n.body.every((c) => (c as Node).type !== 'disjunction')) n.body.forEach((c) => walk(c as Node));
    else if (n.type === 'anchor' && (n.kind === 'boundary' || n.kind === 'start' || n.kind === 'end')) close(true);
    else close(matchesOnlyNonWord(n));
  };
  walk(node);
  close(false);
  return runs;
}

/** True when the node can only match non-word characters (`\\s+`, `[:/]`), so it bounds the words beside it. */
function matchesOnlyNonWord(n: Node): boolean {
  if (n.type === 'characterClassEscape') return n.value === 's' || n.value === 'W';
  if (n.type === 'value') return !/\w/.test(String.fromCodePoint(n.codePoint));
  if (n.type === 'characterClass') return !n.negative && n.body.every((b) => matchesOnlyNonWord(b as Node));
  if (n.type === 'quantifier') return n.min >= 1 && n.body.every((b) => matchesOnlyNonWord(b as Node));
  return false;
}

function bestWord(runs: { text: string; leftBounded: boolean; rightBounded: boolean }[]): string | null {
  let best: string | null = null;
  let bestScore = 0;
  for (const run of runs) {
    const lower = run.text.toLowerCase();
    for (const m of lower.matchAll(/[a-z0-9]+/g)) {
      const start = m.index!;
      const end = start + m[0].length;
      const leftOk = start > 0 || run.leftBounded;
      const rightOk = end < lower.length || run.rightBounded;
      if (!leftOk || !rightOk) continue;
      const score = m[0].length + (COMMON_WORDS.has(m[0]) ? 0 : 10);
      if (score > bestScore) {
        best = m[0];
        bestScore = score;
      }
    }
  }
  return best;
}

/** Calls `visit` with each word (run of a-z0-9) of a lower-cased text, as the index sees words; no regex, no set. */
export function eachWord(lower: string, visit: (word: string) => void): void {
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      visit(lower.slice(start, i));
      start = -1;
    }
  }
}
