// `kube-doctor rules lint`: what `rules test` cannot see. A rule can pass its own examples and still never be
// shown (a more specific rule always wins), lose its examples to another rule, lack a translation, or promise a
// `{variable}` that nothing fills. Each problem is reported with the file, line and rule id.
import { readFileSync } from 'node:fs';
import regjsparser, { type AstNode } from 'regjsparser';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { rank } from '../diagnose/diagnose.js';
import { templateVariables } from '../diagnose/template.js';
import { checkKubectlCommands, loadCommandTable, type CommandTable } from './commands.js';
import { matchingRules } from './examples.js';
import {
  allRuleFiles,
  DEFAULT_RULES_DIR,
  displayPath,
  loadKnowledgeBase,
  RuleLoadError,
  rulesDirs,
  type CompiledRule,
  type KnowledgeBase,
} from '../rules/load.js';
import { lexiconProblems } from '../rules/lexicon.js';
import { outputPhrasesOf } from '../rules/output-phrases.js';
import type { ExampleSpec, FixStepSpec, LocalisedText } from '../rules/schema.js';
import { LANGS } from '../model/lang.js';

/** The core vocabulary (the JSON contract); anything else must be declared in a rule file's `categories:`. */
export const CATEGORIES = [
  'image-pull-dns',
  'image-pull-auth',
  'image-pull-not-found',
  'image-pull-rate-limit',
  'image-pull-tls',
  'image-pull-network-timeout',
  'image-pull-platform',
  'image-pull-other',
  'invalid-image-name',
  'image-never-pull',
  'crashloop',
  'oom-killed',
  'exec-format-error',
  'run-container-error',
  'create-container-config-error',
  'failed-scheduling-resources',
  'failed-scheduling-taint',
  'failed-scheduling-affinity',
  'failed-scheduling-pvc',
  'failed-scheduling-other',
  'failed-mount-configmap',
  'failed-mount-secret',
  'failed-mount-pvc',
  'failed-mount-other',
  'probe-liveness',
  'probe-readiness',
  'probe-startup',
  'evicted',
  'sandbox-cni',
  'backoff-explained',
  'other',
] as const;

/** Variables the engine fills without a capture: from the signal (container, image, pod, namespace, node) or the facts. */
const FACT_VARIABLES = new Set(['image', 'container', 'pod', 'namespace', 'node']);

type LintCheck =
  | 'load'
  | 'lexicon'
  | 'never-wins'
  | 'example-taken'
  | 'translation'
  | 'examples'
  | 'unindexed'
  | 'template'
  | 'category'
  | 'keywords'
  | 'command';

export interface LintProblem {
  severity: 'error' | 'warning';
  check: LintCheck;
  file: string;
  line: number;
  rule?: string;
  message: string;
}

export interface LintReport {
  rules: number;
  problems: LintProblem[];
  errors: number;
  warnings: number;
}

export function formatLintProblem(p: LintProblem): string {
  return `${p.file}:${p.line}: ${p.severity} [${p.check}] ${p.rule ? `rule "${p.rule}": ` : ''}${p.message}`;
}

/** Loads the folder and lints it; a folder that does not load is reported as `load` errors, not thrown. */
export function lintDir(dir: string): LintReport {
  let kb: KnowledgeBase;
  try {
    kb = loadKnowledgeBase(dir);
  } catch (e) {
    if (!(e instanceof RuleLoadError)) throw e;
    const problems = e.problems.map(
      (p): LintProblem => ({
        severity: 'error',
        check: 'load',
        file: p.file,
        line: p.line,
        rule: p.ruleId,
        message: `${p.field ? `field "${p.field}": ` : ''}${p.message}`,
      }),
    );
    return summarise(0, problems);
  }
  return lintKnowledgeBase(kb, readSources(kb));
}

interface Source {
  doc: Document;
  lines: LineCounter;
  /** `categories:` declared in this file, with the line of each. */
  categories: Map<string, number>;
}

function readSources(kb: KnowledgeBase): Map<string, Source> {
  const files = new Set(kb.rules.map((r) => r.file));
  if (kb.dir) {
    try {
      for (const { file } of allRuleFiles(kb.dir)) files.add(file);
    } catch {
      // a folder that vanished since loading: lint what was loaded
    }
  }
  const out = new Map<string, Source>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    const categories = new Map<string, number>();
    const contents = doc.contents;
    if (isMap(contents)) {
      const declared = contents.items.find((p: any) => p.key?.value === 'categories')?.value;
      if (isMap(declared)) {
        for (const item of declared.items as any[]) {
          const name = String(item.key?.value ?? '');
          categories.set(name, item.key?.range ? lines.linePos(item.key.range[0]).line : 1);
        }
      }
    }
    // named as the loader names them (relative to the working directory when inside it), so rule.file finds its source
    const key = displayPath(file);
    if (!out.has(key)) out.set(key, { doc, lines, categories });
  }
  return out;
}

/** The kubectl table describes kubectl, not a rules folder: the one shipped with the default rules serves any folder. */
let defaultCommands: CommandTable | undefined;

/**
 * How to give an unindexed pattern a key: a word counts only when the pattern bounds it on both sides (`\b`, `^`,
 * `$`, a space or punctuation), and every top-level alternative needs one. `hello (?<who>\w+)` could match inside
 * "othello", so "hello" is no key; `\bhello (?<who>\w+)` has one.
 */
function unindexedFix(source: string): string {
  const bounded = /^[A-Za-z0-9]/.test(source) ? `\\b${source}` : /[A-Za-z0-9]$/.test(source) ? `${source}\\b` : undefined;
  const howTo = 'a word counts when the pattern bounds it on both sides (\\b, ^, $, a space or punctuation), and every top-level alternative needs one';
  return bounded ? `${howTo}: try ${bounded}, or add a literal word the message always contains` : `${howTo}: add a literal word the message always contains`;
}

export function lintKnowledgeBase(
  kb: KnowledgeBase,
  sources: Map<string, Source> = new Map(),
  commands: CommandTable = (defaultCommands ??=
    loadCommandTable(DEFAULT_RULES_DIR)),
): LintReport {
  const problems: LintProblem[] = [];
  const declared = new Map<string, { file: string; line: number }>();
  for (const [file, src] of sources) for (const [name, line] of src.categories) if (!declared.has(name)) declared.set(name, { file, line });
  const lineOf = (rule: CompiledRule, path: (string | number)[]) => exampleLine(sources.get(rule.file), rule, path);

  const matchCache = new Map<string, ReturnType<typeof matchingRules> | null>();
  const matchesOf = (text: string) => {
    if (!matchCache.has(text)) {
      try {
        matchCache.set(text, matchingRules(text, kb));
      } catch {
        matchCache.set(text, null); // unreadable examples are `rules test`'s to report
      }
    }
    return matchCache.get(text)!;
  };
  const childrenOf = new Map<string, string[]>();
  for (const r of kb.rules) if (r.spec.extends) childrenOf.set(r.spec.extends, [...(childrenOf.get(r.spec.extends) ?? []), r.id]);

  for (const rule of kb.rules) {
    const add = (check: LintCheck, message: string, line = rule.line, severity: LintProblem['severity'] = 'error') =>
      problems.push({ severity, check, file: rule.file, line, rule: rule.id, message });
    const spec = rule.spec;
    const family = new Set([rule.id, ...(spec.extends ? [spec.extends] : []), ...(childrenOf.get(rule.id) ?? [])]);

    // Examples: at least two that match, at least one near miss.
    if (spec.examples.match.length < 2)
      add(
        'examples',
        `has ${spec.examples.match.length} match example; give at least 2, in the wordings of different versions or runtimes`,
        lineOf(rule, ['examples', 'match']),
      );
    if (spec.examples.no_match.length < 1)
      add('examples', 'has no no_match example; give at least one near miss that must not match', lineOf(rule, ['examples']));
    if (spec.keywords.length === 0)
      add(
        'keywords',
        'has no keywords: add `keywords: [...]` with what people call this failure (status names, common phrasings, Chinese terms); the question matcher uses them',
        lineOf(rule, ['id']),
      );

    // Translations.
    const missing: string[] = [];
    const checkText = (t: LocalisedText, field: string) => {
      for (const lang of LANGS) if (lang !== 'en' && (typeof t === 'string' || !t[lang])) missing.push(`${field}.${lang}`);
    };
    checkText(spec.title, 'title');
    checkText(spec.cause, 'cause');
    spec.fix.forEach((step, i) => checkText(typeof step === 'string' ? step : { en: step.en, zh: step.zh }, `fix[${i}]`));
    spec.fix.forEach((step, i) => typeof step !== 'string' && step.warning && checkText(step.warning, `fix[${i}].warning`));
    if (missing.length) add('translation', `missing translation: ${missing.join(', ')}; give each text in every language, as { en: "...", zh: "..." }`);

    // Category.
    if (!(CATEGORIES as readonly string[]).includes(spec.category) && !declared.has(spec.category)) {
      add(
        'category',
        `category "${spec.category}" is not in the vocabulary; declare it in a rule file's \`categories:\` map (name: { en, zh }) if it is intended`,
        lineOf(rule, ['category']),
      );
    }

    // Unindexed patterns: tested on every line of every paste.
    // (RuleIndex.unindexed; a variant that reuses its base's match is reported on the base only)
    const unindexed = new Set(kb.index.unindexed);
    if (spec.match) {
      rule.signals.forEach((s, i) => {
        if (!unindexed.has(s)) return;
        add(
          'unindexed',
          `match[${i}].message has no literal word the index can key on, so it runs on every line: ${s.message!.source}; ${unindexedFix(s.message!.source)}`,
          lineOf(rule, ['match', i]),
        );
      });
    }

    // Template variables.
    const captures = rule.signals.map((s) => (s.message ? capturedGroups(s.message.source) : { all: new Set<string>(), always: new Set<string>() }));
    const anyCapture = new Set(captures.flatMap((c) => [...c.all]));
    const texts: { field: string; text: string }[] = [];
    const pushLocalised = (t: LocalisedText, field: string) =>
      (typeof t === 'string' ? [t] : [t.en, t.zh ?? '']).forEach((text) => texts.push({ field, text }));
    pushLocalised(spec.cause, 'cause');
    spec.fix.forEach((step: FixStepSpec, i) => {
      if (typeof step === 'string') return texts.push({ field: `fix[${i}]`, text: step });
      pushLocalised({ en: step.en, zh: step.zh }, `fix[${i}]`);
      for (const run of Array.isArray(step.run) ? step.run : step.run ? [step.run] : []) texts.push({ field: `fix[${i}].run`, text: run });
    });
    const unknown = new Set<string>();
    for (const { field, text } of texts) {
      for (const v of templateVariables(text)) if (!anyCapture.has(v) && !FACT_VARIABLES.has(v)) unknown.add(`{${v}} in ${field}`);
    }
    for (const u of unknown)
      add(
        'template',
        `${u}: no capture of this rule and no fact provides it, so it always renders as <name>; capture it with (?<name>...) in a match pattern, or take it out`,
      );
    const titleVars = new Set((typeof spec.title === 'string' ? [spec.title] : [spec.title.en, spec.title.zh ?? '']).flatMap(templateVariables));
    for (const v of titleVars) {
      const lacking = captures.map((c, i) => (c.always.has(v) ? -1 : i)).filter((i) => i >= 0);
      if (lacking.length)
        add(
          'template',
          `{${v}} in the title is not captured by every match of match[${lacking.join('], match[')}], so the title can show <${v}>; keep variables out of titles unless every pattern always captures them`,
          lineOf(rule, ['title']),
        );
    }

    // Commands: every kubectl subcommand and flag must exist (rules/commands/kubectl.json, from kubectl --help).
    spec.fix.forEach((step, i) => {
      if (typeof step === 'string' || !step.run) return;
      for (const run of Array.isArray(step.run) ? step.run : [step.run]) {
        for (const problem of checkKubectlCommands(run, commands)) add('command', `fix[${i}].run: ${problem}: ${run}`, lineOf(rule, ['fix', i]));
      }
    });

    // Can it ever win, and do its examples come out first?
    const examples = spec.examples.match.map((e) => exampleTextOf(e));
    let beaters: Set<string> | null = null;
    examples.forEach((text, i) => {
      const matches = matchesOf(text);
      if (!matches?.some((m) => m.rule === rule)) {
        beaters = new Set();
        add('examples', `examples.match[${i}] does not match this rule (\`kube-doctor rules test\` shows why)`, lineOf(rule, ['examples', 'match', i]));
        return;
      }
      const higher = new Set(matches.filter((m) => m.rule.spec.specificity > spec.specificity && !family.has(m.rule.id)).map((m) => m.rule.id));
      beaters = beaters === null ? higher : new Set([...beaters].filter((id) => higher.has(id)));
      const first = rank(matches)[0]?.rule;
      if (first && first !== rule && first.spec.extends !== rule.id) {
        add(
          'example-taken',
          `examples.match[${i}] is diagnosed first as "${first.id}" (specificity ${first.spec.specificity} > ${spec.specificity}); make the example specific to this rule, or the rules' specificities right`,
          lineOf(rule, ['examples', 'match', i]),
        );
      }
    });
    spec.examples.no_match.forEach((e, i) => {
      if (matchesOf(exampleTextOf(e))?.some((m) => m.rule === rule))
        add(
          'examples',
          `examples.no_match[${i}] matches this rule, but must not; narrow the pattern (\`kube-doctor rules test\` shows the match), or give a near miss that is really another failure`,
          lineOf(rule, ['examples', 'no_match', i]),
        );
    });
    if (beaters && (beaters as Set<string>).size) {
      add(
        'never-wins',
        `can never win: ${[...(beaters as Set<string>)].map((id) => `"${id}" (specificity ${kb.byId.get(id)!.spec.specificity})`).join(', ')} also match${(beaters as Set<string>).size === 1 ? 'es' : ''} every one of its examples with a higher specificity; raise its specificity above theirs, make its pattern and examples more specific, or make it a variant of one of them (\`extends:\`)`,
      );
    }
  }

  const used = new Set(kb.rules.map((r) => r.spec.category));
  for (const [name, at] of declared) {
    if ((CATEGORIES as readonly string[]).includes(name))
      problems.push({
        severity: 'warning',
        check: 'category',
        file: at.file,
        line: at.line,
        message: `category "${name}" is already in the vocabulary; no need to declare it`,
      });
    else if (!used.has(name))
      problems.push({
        severity: 'warning',
        check: 'category',
        file: at.file,
        line: at.line,
        message: `category "${name}" is declared but no rule uses it; remove the declaration`,
      });
  }
  for (const [file, src] of sources) {
    const declaredHere = src.doc.toJS()?.categories as Record<string, LocalisedText> | undefined;
    for (const [name, text] of Object.entries(declaredHere ?? {})) {
      if (typeof text === 'string' || !text.zh)
        problems.push({
          severity: 'error',
          check: 'translation',
          file,
          line: src.categories.get(name) ?? 1,
          message: `declared category "${name}" has no zh description; declare it as ${name}: { en: "...", zh: "..." }`,
        });
    }
  }
  for (const { path, problem } of lexiconProblems(rulesDirs(kb.dir)))
    problems.push({ severity: 'error', check: 'lexicon', file: displayPath(path), line: 1, message: problem });
  for (const refused of outputPhrasesOf(kb).refused)
    problems.push({
      severity: 'error',
      check: 'lexicon',
      file: displayPath(refused.file),
      line: 1,
      message: `output phrase refused: ${refused.entry}: ${refused.message}`,
    });
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return summarise(kb.rules.length, problems);
}

function summarise(rules: number, problems: LintProblem[]): LintReport {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { rules, problems, errors, warnings: problems.length - errors };
}

const exampleTextOf = (e: ExampleSpec) => (typeof e === 'string' ? e : e.text);

function exampleLine(src: Source | undefined, rule: CompiledRule, path: (string | number)[]): number {
  if (!src) return rule.line;
  const root = src.doc.contents;
  const list = isMap(root) ? root.items.find((p: any) => p.key?.value === 'rules')?.value : root;
  if (!isSeq(list)) return rule.line;
  let node: any = list.items.find((item: any) => isMap(item) && item.get('id') === rule.id);
  for (const key of path) {
    if (isMap(node)) {
      const pair: any = node.items.find((p: any) => p.key?.value === key);
      if (!pair) break;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof key === 'number' && node.items[key]) node = node.items[key];
    else break;
  }
  const offset = node?.range?.[0];
  return offset === undefined ? rule.line : src.lines.linePos(offset).line;
}

type Node = AstNode<{ namedGroups: true; lookbehind: true }>;

/** Named groups of a pattern: all of them, and those that every match is sure to fill (not optional, not in one branch only). */
export function capturedGroups(source: string): { all: Set<string>; always: Set<string> } {
  let ast: Node;
  try {
    ast = regjsparser.parse(source, '', { namedGroups: true, lookbehind: true }) as Node;
  } catch {
    return { all: new Set(), always: new Set() };
  }
  const all = new Set<string>();
  const walk = (n: Node): Set<string> => {
    switch (n.type) {
      case 'alternative':
        return union(n.body.map((c) => walk(c as Node)));
      case 'disjunction': {
        const branches = n.body.map((c) => walk(c as Node));
        const [first, ...rest] = branches;
        return new Set([...first].filter((x) => rest.every((b) => b.has(x))));
      }
      case 'group': {
        const inner = union(n.body.map((c) => walk(c as Node)));
        const name = (n as any).name?.value as string | undefined;
        if (name) {
          all.add(name);
          inner.add(name);
        }
        return n.behavior === 'normal' || n.behavior === 'ignore' ? inner : new Set();
      }
      case 'quantifier': {
        const inner = union(n.body.map((c) => walk(c as Node)));
        return n.min > 0 ? inner : new Set();
      }
      default:
        return new Set();
    }
  };
  const always = walk(ast);
  return { all, always };
}

function union(sets: Set<string>[]): Set<string> {
  const out = new Set<string>();
  for (const s of sets) for (const x of s) out.add(x);
  return out;
}
