// Rules hot reload: a change in the rules folder (a ConfigMap update swaps a symlink) is loaded, validated — the
// files must load and every rule's own examples must pass — and swapped in. A bad change is refused and the last
// good rules stay in force. Polling, because ConfigMap updates are symlink swaps that file watchers often miss.
import { testExamples } from './examples.js';
import { examplesPassedBefore, rememberExamplesPassed } from './examples-cache.js';
import { lexiconProblems } from '../rules/lexicon.js';
import { displayPath, loadKnowledgeBase, RuleLoadError, rulesDirs, ruleSetFiles, ruleSetVersion, type KnowledgeBase } from '../rules/load.js';
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

/** What a reload compares: the files' stats, to skip reading them, and the rule set's version (a hash of the
 *  contents), which decides: a ConfigMap remount may touch times without changing anything. */
interface Fingerprint {
  stats: string;
  version: string;
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
    this.fingerprint = { stats: statsOf(ruleSetFiles(dir)).key, version: this.kb.version };
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
    const same = fp.version === this.fingerprint.version;
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

/** Checked every few seconds on the bot's main thread: the version is computed (the files read) only when their stats
 *  moved since `last`. */
function fingerprintOf(dir: string, last: Fingerprint): Fingerprint {
  const stats = statsOf(ruleSetFiles(dir)).key;
  return stats === last.stats ? last : { stats, version: ruleSetVersion(dir) };
}
