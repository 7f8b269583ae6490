// Rules hot reload: a change in the rules folder (a ConfigMap update swaps a symlink) is loaded, validated — the
// files must load and every rule's own examples must pass — and swapped in. A bad change is refused and the last
// good rules stay in force. Polling, because ConfigMap updates are symlink swaps that file watchers often miss.
import { readFileSync, statSync } from 'node:fs';
import { testExamples } from './examples.js';
import { examplesPassedBefore, rememberExamplesPassed } from './examples-cache.js';
import { lexiconFilesIn, lexiconProblems } from '../rules/lexicon.js';
import { allRuleFiles, displayPath, loadKnowledgeBase, RuleLoadError, rulesDirs, type KnowledgeBase } from '../rules/load.js';
import { statsOf } from '../util/file-stats.js';

export interface ReloadResult {
  changed: boolean;
  ok: boolean;
  version: string;
  error?: string;
  /** Why a change was refused, as a metric label: unreadable, invalid, examples or empty. */
  reason?: PolicyFailure;
}

export type PolicyFailure = 'unreadable' | 'invalid' | 'examples' | 'empty';

/** Rules that break the policy: at start the bot exits with this message, on reload the last good rules stay. */
export class RulesPolicyError extends Error {
  constructor(
    message: string,
    readonly reason: PolicyFailure,
  ) {
    super(message);
  }
}

/**
 * The one rules policy, at start and on every reload: the folder is readable, every file passes the schema, the
 * category vocabulary and the pattern check (load.ts), every lexicon file is readable YAML (a broken one would
 * be left out, silently), every rule's own examples pass, and there is at least one rule (an empty folder would
 * answer nothing, silently).
 */
export function loadRulesWithPolicy(dir: string): KnowledgeBase {
  let kb: KnowledgeBase;
  try {
    kb = loadKnowledgeBase(dir);
  } catch (e) {
    if (e instanceof RuleLoadError) throw new RulesPolicyError(e.message, 'invalid');
    throw new RulesPolicyError(`cannot read the rules folder ${dir}: ${(e as Error).message}`, 'unreadable');
  }
  if (!kb.rules.length) throw new RulesPolicyError(`no rules in ${dir} (a rules folder needs at least one rule file with one rule)`, 'empty');
  // Checked once per version, like the examples (the version covers the lexicon): a start with unchanged rules
  // parses no lexicon file here.
  if (examplesPassedBefore(kb.version)) return kb;
  const lexicon = lexiconProblems(rulesDirs(dir));
  if (lexicon.length) throw new RulesPolicyError(lexicon.map((p) => `${displayPath(p.path)}: ${p.problem}`).join('\n'), 'invalid');
  const examples = testExamples(kb);
  if (examples.failures.length) {
    const list = examples.failures.slice(0, 5).map((f) => `${f.file}:${f.line}: rule "${f.rule}" ${f.example}: ${f.message}`);
    throw new RulesPolicyError(`rule examples fail:\n${list.join('\n')}`, 'examples');
  }
  rememberExamplesPassed(kb.version);
  return kb;
}

/** What a reload compares: the files' stats, to skip reading them, and their contents, which decide. */
interface Fingerprint {
  stats: string;
  content: string;
}

export class RulesHolder {
  private kb: KnowledgeBase;
  private fingerprint: Fingerprint;
  private timer?: NodeJS.Timeout;

  /** Throws RulesPolicyError when the rules break the policy. */
  constructor(
    readonly dir: string,
    private readonly onReload: (r: ReloadResult) => void = () => undefined,
  ) {
    this.kb = loadRulesWithPolicy(dir);
    this.fingerprint = fingerprintOf(dir);
  }

  get current(): KnowledgeBase {
    return this.kb;
  }

  /** Loads the folder again if it changed since the last look; a change that breaks the policy is refused. */
  check(): ReloadResult {
    let fp: Fingerprint;
    try {
      fp = fingerprintOf(this.dir, this.fingerprint);
    } catch (e) {
      return this.report({
        changed: true,
        ok: false,
        version: this.kb.version,
        error: `cannot read the rules folder: ${(e as Error).message}`,
        reason: 'unreadable',
      });
    }
    const same = fp.content === this.fingerprint.content;
    this.fingerprint = fp;
    if (same) return { changed: false, ok: true, version: this.kb.version };
    try {
      this.kb = loadRulesWithPolicy(this.dir);
    } catch (e) {
      const reason = e instanceof RulesPolicyError ? e.reason : 'invalid';
      return this.report({ changed: true, ok: false, version: this.kb.version, error: (e as Error).message, reason });
    }
    return this.report({ changed: true, ok: true, version: this.kb.version });
  }

  watch(intervalMs = 5000): () => void {
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
    return () => clearInterval(this.timer);
  }

  private report(r: ReloadResult): ReloadResult {
    this.onReload(r);
    return r;
  }
}

/** Each rule and lexicon file (the lexicon is loaded with the rules, so an edit to it is a change too). */
function filesOf(dir: string): string[] {
  const folders = rulesDirs(dir);
  folders.forEach((d) => statSync(d));
  return [...allRuleFiles(dir).map(({ file }) => file), ...folders.flatMap(lexiconFilesIn)];
}

/** Contents, not timestamps, decide: a ConfigMap remount may touch times without changing anything. */
function contentOf(files: string[]): string {
  return files.map((file) => `${file}\0${readFileSync(file, 'utf8')}`).join('\0\0');
}

/** Checked every few seconds on the bot's main thread: the files are read only when their stats moved since `last`. */
function fingerprintOf(dir: string, last?: Fingerprint): Fingerprint {
  const files = filesOf(dir);
  const stats = statsOf(files).key;
  return stats === last?.stats ? last : { stats, content: contentOf(files) };
}
