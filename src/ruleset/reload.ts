// Rules hot reload: a change in the rules folder (a ConfigMap update swaps a symlink) is loaded, validated — the
// files must load and every rule's own examples must pass — and swapped in. A bad change is refused and the last
// good rules stay in force. Polling, because ConfigMap updates are symlink swaps that file watchers often miss.
import { readFileSync, statSync } from 'node:fs';
import { testExamples } from './examples.js';
import { allRuleFiles, loadKnowledgeBase, rulesDirs, type KnowledgeBase } from '../rules/load.js';

export interface ReloadResult {
  changed: boolean;
  ok: boolean;
  version: string;
  error?: string;
}

export class RulesHolder {
  private kb: KnowledgeBase;
  private fingerprint: string;
  private timer?: NodeJS.Timeout;

  constructor(
    readonly dir: string,
    private readonly onReload: (r: ReloadResult) => void = () => undefined,
  ) {
    this.kb = loadKnowledgeBase(dir);
    this.fingerprint = fingerprintOf(dir);
  }

  get current(): KnowledgeBase {
    return this.kb;
  }

  /** Loads the folder again if it changed since the last look. */
  check(): ReloadResult {
    let fp: string;
    try {
      fp = fingerprintOf(this.dir);
    } catch (e) {
      return this.report({ changed: true, ok: false, version: this.kb.version, error: `cannot read the rules folder: ${(e as Error).message}` });
    }
    if (fp === this.fingerprint) return { changed: false, ok: true, version: this.kb.version };
    this.fingerprint = fp;
    let next: KnowledgeBase;
    try {
      next = loadKnowledgeBase(this.dir);
    } catch (e) {
      return this.report({ changed: true, ok: false, version: this.kb.version, error: (e as Error).message });
    }
    const examples = testExamples(next);
    if (examples.failures.length) {
      const list = examples.failures.slice(0, 5).map((f) => `${f.file}:${f.line}: rule "${f.rule}" ${f.example}: ${f.message}`);
      return this.report({ changed: true, ok: false, version: this.kb.version, error: `rule examples fail:\n${list.join('\n')}` });
    }
    this.kb = next;
    return this.report({ changed: true, ok: true, version: next.version });
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

/** Contents, not timestamps: a ConfigMap remount may touch times without changing anything. */
function fingerprintOf(dir: string): string {
  rulesDirs(dir).forEach((d) => statSync(d));
  return allRuleFiles(dir)
    .map(({ file }) => `${file}\0${readFileSync(file, 'utf8')}`)
    .join('\0\0');
}
