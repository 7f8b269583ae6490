// The rules cache (src/rules/cache.ts): a start with unchanged rule files takes the validated rules from the cache
// (no YAML parsed); any change to a rule file, or an unusable cache, means the files are read as before.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { questionIndexOf } from '../src/ask/question-index.js';
import { diagnose } from '../src/diagnose/diagnose.js';
import { examplesPassedBefore, rememberExamplesPassed } from '../src/ruleset/examples-cache.js';
import { DEFAULT_RULES_DIR, loadKnowledgeBase, type KnowledgeBase } from '../src/rules/load.js';
import { editCachedRuleTitle, readCache, writeCache } from './support/rules-cache.js';

const FOUNDING = readFileSync(new URL('./fixtures/founding/events.txt', import.meta.url), 'utf8');
const FOUNDING_RULE = 'image-pull-dns-minikube-hyperkit';
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

// In a describe of its own: each test gets an empty cache, and the other files of its suite keep theirs.
describe('the rules cache', () => {
  let cache: string;
  const saved = process.env.KUBE_DOCTOR_CACHE_DIR;
  beforeEach(() => {
    cache = tmp('kd-cache-');
    process.env.KUBE_DOCTOR_CACHE_DIR = cache;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.KUBE_DOCTOR_CACHE_DIR;
    else process.env.KUBE_DOCTOR_CACHE_DIR = saved;
    rmSync(cache, { recursive: true, force: true });
  });

  const cacheFiles = () => readdirSync(cache).filter((f) => f.endsWith('.json'));
  /** What a user sees of a knowledge base: its rules, and what it says about the founding paste. */
  const seen = (kb: KnowledgeBase) => ({
    version: kb.version,
    ids: kb.rules.map((r) => r.id),
    founding: diagnose(FOUNDING, kb).findings.map((f) => [f.rule, f.title, f.confidence]),
  });

  /** The cache file a first load of the bundled rules wrote, kept aside (reading every rule file is this file's cost). */
  let firstFill: { file: string; seen: ReturnType<typeof seen> } | undefined;
  /** The bundled rules loaded from their files, filling the (empty) cache; remembered for `filledCache`. */
  function firstLoad(): KnowledgeBase {
    const kb = loadKnowledgeBase(DEFAULT_RULES_DIR);
    const [file] = cacheFiles();
    const kept = join(tmp('kd-cache-kept-'), file);
    cpSync(join(cache, file), kept);
    firstFill = { file: kept, seen: seen(kb) };
    return kb;
  }
  /** The cache as a first load of the bundled rules leaves it (a copy of that file); what that load showed. */
  function filledCache(): ReturnType<typeof seen> {
    if (!firstFill) firstLoad();
    else cpSync(firstFill.file, join(cache, basename(firstFill.file)));
    return firstFill!.seen;
  }

  /** A copy of the image-pull rules (the founding rule and those it competes with): real rule files, a fraction of the
   *  reading, for the tests where which rules are cached does not matter. */
  function imagePullRules(): string {
    const rules = tmp('kd-rules-');
    cpSync(join(DEFAULT_RULES_DIR, 'image-pull'), join(rules, 'image-pull'), { recursive: true });
    return rules;
  }

  /** Changes the title of rule `id` inside the cache file: visible only if the cache is what gets loaded. */
  function editCachedTitle(id: string, title: string): void {
    editCachedRuleTitle(join(cache, cacheFiles()[0]), id, title);
  }

  /** Rule files old enough that their stats are remembered (see racyMs in src/rules/cache.ts). */
  const settled = () => new Promise((resolve) => setTimeout(resolve, 100));
  const statsFiles = () => readdirSync(cache).filter((f) => f.startsWith('stats-'));

  describe('the rules cache', () => {
    test('the first load fills it; the next one comes from it and diagnoses the same', () => {
      const first = firstLoad();
      expect(cacheFiles()).toHaveLength(1);
      expect(cacheFiles()[0]).toContain(first.version);
      const second = loadKnowledgeBase(DEFAULT_RULES_DIR);
      expect(seen(second)).toEqual(seen(first));
      expect(seen(second).founding[0][0]).toBe(FOUNDING_RULE);
    });

    test('unchanged files are not read again: an entry edited in the cache shows', () => {
      filledCache();
      editCachedTitle(FOUNDING_RULE, 'from the cache');
      expect(loadKnowledgeBase(DEFAULT_RULES_DIR).byId.get(FOUNDING_RULE)!.spec.title).toBe('from the cache');
    });

    test('the lexicon comes from the cache too: its files as read, and an entry edited in the cache shows', () => {
      const read = firstLoad().lexicon;
      expect(read.map((f) => f.name)).toEqual(expect.arrayContaining(['context.yml', 'output.yml', 'symptoms.yml', 'zh.yml']));
      expect(loadKnowledgeBase(DEFAULT_RULES_DIR).lexicon).toEqual(read);
      const [file] = cacheFiles();
      const data = readCache(join(cache, file));
      data.head.lexicon.find((f) => f.name === 'context.yml')!.data.context = ['frobnicator'];
      writeCache(join(cache, file), data);
      expect(questionIndexOf(loadKnowledgeBase(DEFAULT_RULES_DIR)).context.test('the frobnicator broke')).toBe(true);
    });

    test('no pattern is checked again: `where` patterns come from the cache as written there, like `match` ones', () => {
      const rules = imagePullRules();
      expect(seen(loadKnowledgeBase(rules)).founding[0][0]).toBe(FOUNDING_RULE);
      // The founding rule holds only where the nameserver is the Mac's (^192\.168\.64\.1$); make the cached one
      // expect another address: if the cache is what gets used, the rule no longer holds for the founding paste.
      const [file] = cacheFiles();
      const data = readCache(join(cache, file));
      const facts = data.head.rules.find((r) => r.spec.id === FOUNDING_RULE)!.patterns['^192\\.168\\.64\\.1$'];
      facts.engineSource = '^10\\.0\\.0\\.1$';
      writeCache(join(cache, file), data);
      expect(seen(loadKnowledgeBase(rules)).founding[0][0]).not.toBe(FOUNDING_RULE);
    });

    test('a changed rule file is read, not taken from the cache', () => {
      const rules = imagePullRules();
      const before = loadKnowledgeBase(rules);
      editCachedTitle(FOUNDING_RULE, 'from the cache');
      const file = before.byId.get(FOUNDING_RULE)!.file;
      writeFileSync(file, readFileSync(file, 'utf8') + '\n# an operator was here\n');
      const after = loadKnowledgeBase(rules);
      expect(after.version).not.toBe(before.version);
      expect(after.byId.get(FOUNDING_RULE)!.spec.title).not.toBe('from the cache');
      expect(seen(after).founding).toEqual(seen(before).founding);
      expect(cacheFiles()).toHaveLength(2);
    });

    test('a damaged cache file is ignored', () => {
      const rules = imagePullRules();
      const good = seen(loadKnowledgeBase(rules));
      const [file] = cacheFiles();
      const written = readFileSync(join(cache, file), 'utf8');
      const damaged = [
        '{"version": "cut sh',
        written.slice(0, written.length - 100), // cut short within the texts
        written.replace('"title":', '"titel":'), // a text line that is not what was written
        `${JSON.stringify({ version: good.version, rules: [{ spec: {} }], lexicon: [], texts: createHash('sha256').update('{}').digest('hex') })}\n{}`,
      ];
      for (const content of damaged) {
        writeFileSync(join(cache, file), content);
        expect(seen(loadKnowledgeBase(rules))).toEqual(good);
      }
      expect(good.founding[0][0]).toBe(FOUNDING_RULE);
    });

    test('the texts of a rule are read from the cache only when used; the rules are as the files gave them', () => {
      const rules = imagePullRules();
      const fromFiles = loadKnowledgeBase(rules);
      const [file] = cacheFiles();
      const { head, texts } = readCache(join(cache, file));
      expect(head.rules.length).toBe(texts.length);
      expect(JSON.stringify(head.rules)).not.toContain('"examples"');
      const fromCache = loadKnowledgeBase(rules);
      expect(fromCache.rules.map((r) => ({ ...r.spec }))).toEqual(fromFiles.rules.map((r) => r.spec));
      const spec = fromCache.byId.get(FOUNDING_RULE)!.spec;
      expect(structuredClone(spec)).toEqual(fromFiles.byId.get(FOUNDING_RULE)!.spec); // what a worker thread is sent
    });

    test('rule files whose stats are as they were are not read: their version is remembered by their stats', async () => {
      const rules = imagePullRules();
      const other = tmp('kd-rules-');
      cpSync(join(rules, 'image-pull', 'dns.yml'), join(other, 'dns.yml'));
      await settled();
      const first = loadKnowledgeBase(rules);
      expect(statsFiles()).toHaveLength(1);
      const [memo] = statsFiles();
      expect(readFileSync(join(cache, memo), 'utf8')).toBe(first.version);
      const another = loadKnowledgeBase(other);
      // Point the memo at the other rule set's version: a load of the unchanged folder now believes it.
      writeFileSync(join(cache, memo), another.version);
      expect(loadKnowledgeBase(rules).version).toBe(another.version);
    });

    test('an edit of the same size, its modification time put back, is read', async () => {
      const rules = imagePullRules();
      await settled();
      const before = loadKnowledgeBase(rules);
      const file = before.byId.get(FOUNDING_RULE)!.file;
      const { atime, mtime } = statSync(file);
      const text = readFileSync(file, 'utf8');
      const edited = text.replace(/^# Image/m, '# IMAGE'); // in a comment: the same size, the same rules
      expect(edited).not.toBe(text);
      writeFileSync(file, edited);
      utimesSync(file, atime, mtime);
      expect(loadKnowledgeBase(rules).version).not.toBe(before.version);
    });

    test('stats of a file changed just now (or stamped in the future by a clock that is off) are not remembered', () => {
      const rules = imagePullRules();
      const future = new Date(Date.now() + 60_000);
      utimesSync(join(rules, 'image-pull', 'dns.yml'), future, future);
      const kb = loadKnowledgeBase(rules);
      expect(statsFiles()).toEqual([]);
      expect(loadKnowledgeBase(rules).version).toBe(kb.version);
    });

    test('a cache folder that cannot be written changes nothing but the speed', () => {
      const blocker = join(tmp('kd-cache-'), 'a-file');
      writeFileSync(blocker, '');
      process.env.KUBE_DOCTOR_CACHE_DIR = join(blocker, 'cache'); // below a file: cannot be created
      const rules = imagePullRules();
      const a = seen(loadKnowledgeBase(rules));
      expect(seen(loadKnowledgeBase(rules))).toEqual(a);
      expect(a.founding[0][0]).toBe(FOUNDING_RULE);
    });

    test('the same rule files in another folder are the same rule set: read from the cache, shown with their own paths', () => {
      const original = imagePullRules();
      const first = loadKnowledgeBase(original);
      editCachedTitle(FOUNDING_RULE, 'from the cache');
      const copy = tmp('kd-rules-copy-');
      cpSync(original, copy, { recursive: true });
      const again = loadKnowledgeBase(copy);
      expect(again.version).toBe(first.version);
      expect(cacheFiles()).toHaveLength(1);
      const rule = again.byId.get(FOUNDING_RULE)!;
      expect(rule.spec.title).toBe('from the cache');
      expect(rule.file).toBe(join(copy, 'image-pull', basename(first.byId.get(FOUNDING_RULE)!.file)));
    });

    test('the rule sets in use stay: the least recently used go once 8 MB or 64 entries are kept, the rules a start reads stay', () => {
      filledCache();
      const [bundled] = cacheFiles();
      const hoursAgo = (f: string, h: number) => utimesSync(join(cache, f), new Date(Date.now() - h * 3600_000), new Date(Date.now() - h * 3600_000));
      /** Entries of earlier rule sets (pruning goes by name, size and time of use), used `h` hours ago. */
      const earlier = (kind: string, n: number, bytes: number) =>
        Array.from({ length: n }, (_, i) => {
          const f = `rules-${kind}${String(i).padStart(2, '0')}-000000000000.json`;
          writeFileSync(join(cache, f), 'x'.repeat(bytes));
          hoursAgo(f, 100 - i);
          return f;
        });
      /** A one-rule folder of its own, loaded now: it writes an entry, and pruning runs. */
      let n = 0;
      const oneOff = () => {
        const dir = tmp('kd-rules-');
        writeFileSync(join(dir, 'a.yml'), `${readFileSync(join(DEFAULT_RULES_DIR, 'backoff-explained.yml'), 'utf8')}\n# one-off ${n++}\n`);
        loadKnowledgeBase(dir);
      };

      // 14 large rule sets used after the bundled rules were written; then a start reads the bundled rules.
      const large = earlier('large', 14, 600_000);
      hoursAgo(bundled, 200);
      // Partial files: one a process that died left an hour ago, one being written now.
      const [abandoned, writing] = ['rules-a-b.json.101.tmp', 'rules-a-b.json.102.tmp'];
      for (const f of [abandoned, writing]) writeFileSync(join(cache, f), '{"vers');
      hoursAgo(abandoned, 1);
      expect(loadKnowledgeBase(DEFAULT_RULES_DIR).version).toBe(firstFill!.seen.version);
      oneOff();
      const bytes = cacheFiles().reduce((sum, f) => sum + readFileSync(join(cache, f)).length, 0);
      expect(bytes).toBeLessThanOrEqual(8 * 1024 * 1024);
      expect(cacheFiles()).toContain(bundled);
      expect(cacheFiles()).not.toContain(large[0]); // used longest ago
      expect(cacheFiles()).toContain(large[13]);
      expect(readdirSync(cache).filter((f) => f.endsWith('.tmp'))).toEqual([writing]);

      // Small one-off sets count against the 64 entries, not the bytes: 70 of them leave 64, the bundled rules among them.
      earlier('small', 70, 100);
      loadKnowledgeBase(DEFAULT_RULES_DIR);
      oneOff();
      expect(cacheFiles()).toHaveLength(64);
      expect(cacheFiles()).toContain(bundled);
    });

    test('a blank KUBE_DOCTOR_CACHE_DIR is unset', () => {
      process.env.KUBE_DOCTOR_CACHE_DIR = '  ';
      process.env.XDG_CACHE_HOME = cache;
      try {
        loadKnowledgeBase(imagePullRules());
        expect(readdirSync(join(cache, 'kube-doctor')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
      } finally {
        delete process.env.XDG_CACHE_HOME;
      }
    });
  });

  test('examples-passed markers are kept for the 64 most recently used rule sets only, the one in use among them', () => {
    rememberExamplesPassed('in-use');
    const marker = (v: string) => readdirSync(cache).find((f) => f.startsWith(`${v}-`))!;
    for (let i = 0; i < 70; i++) {
      rememberExamplesPassed(`other-${i}`);
      // used 70-i minutes ago (pruning orders by time of use), the one in use longest ago of all
      const at = new Date(Date.now() - (70 - i) * 60_000);
      utimesSync(join(cache, marker(`other-${i}`)), at, at);
    }
    utimesSync(join(cache, marker('in-use')), new Date(0), new Date(0));
    expect(examplesPassedBefore('in-use')).toBe(true); // a start reads it: in use now
    rememberExamplesPassed('last');
    expect(readdirSync(cache).filter((f) => f.endsWith('.examples-passed'))).toHaveLength(64);
    expect(examplesPassedBefore('in-use')).toBe(true);
    expect(examplesPassedBefore('other-0')).toBe(false);
    expect(examplesPassedBefore('other-69')).toBe(true);
  });
});
