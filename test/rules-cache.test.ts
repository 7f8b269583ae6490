// The rules cache (src/rules/cache.ts): a start with unchanged rule files takes the validated rules from the cache
// (no YAML parsed); any change to a rule file, or an unusable cache, means the files are read as before.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { cpSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { diagnose } from '../src/diagnose/diagnose.js';
import { examplesPassedBefore, rememberExamplesPassed } from '../src/ruleset/examples-cache.js';
import { DEFAULT_RULES_DIR, loadKnowledgeBase, type KnowledgeBase } from '../src/rules/load.js';

const FOUNDING = readFileSync(new URL('./fixtures/founding/events.txt', import.meta.url), 'utf8');
const FOUNDING_RULE = 'image-pull-dns-minikube-hyperkit';
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

let cache: string;
const saved = process.env.KUBE_DOCTOR_CACHE_DIR;
beforeEach(() => {
  cache = tmp('kd-cache-');
  process.env.KUBE_DOCTOR_CACHE_DIR = cache;
});
afterEach(() => {
  if (saved === undefined) delete process.env.KUBE_DOCTOR_CACHE_DIR;
  else process.env.KUBE_DOCTOR_CACHE_DIR = saved;
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
  const [file] = cacheFiles();
  const data = JSON.parse(readFileSync(join(cache, file), 'utf8'));
  data.rules.find((r: { spec: { id: string } }) => r.spec.id === id).spec.title = title;
  writeFileSync(join(cache, file), JSON.stringify(data));
}

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
    writeFileSync(join(cache, file), '{"version": "cut sh');
    expect(seen(loadKnowledgeBase(rules))).toEqual(good);
    writeFileSync(join(cache, file), JSON.stringify({ version: good.version, rules: [{ spec: {} }] }));
    expect(seen(loadKnowledgeBase(rules))).toEqual(good);
    expect(good.founding[0][0]).toBe(FOUNDING_RULE);
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

  test('the rule sets in use stay: one-off folders written since push out the least recently used, not the rules every start reads', () => {
    filledCache();
    const [bundled] = cacheFiles();
    /** Loads a one-rule folder of its own (cheap to read); returns the cache file that load wrote. */
    const oneOff = (n: number) => {
      const had = new Set(cacheFiles());
      const dir = tmp('kd-rules-');
      writeFileSync(join(dir, 'a.yml'), `${readFileSync(join(DEFAULT_RULES_DIR, 'backoff-explained.yml'), 'utf8')}\n# one-off ${n}\n`);
      loadKnowledgeBase(dir);
      return cacheFiles().find((f) => !had.has(f))!;
    };
    const early = [0, 1, 2, 3].map(oneOff);
    // All written an hour or more ago (oldest first), the bundled rules before any of them; then a start reads them.
    [bundled, ...early].forEach((f, i) => {
      const at = new Date(Date.now() - (10 - i) * 3600_000);
      utimesSync(join(cache, f), at, at);
    });
    expect(loadKnowledgeBase(DEFAULT_RULES_DIR).version).toBe(firstFill!.seen.version);
    [4, 5, 6, 7].forEach(oneOff);
    // 9 rule sets were written, 8 are kept: the one-off folder used longest ago goes, the bundled rules stay.
    expect(cacheFiles()).toHaveLength(8);
    expect(cacheFiles()).toContain(bundled);
    expect(cacheFiles()).not.toContain(early[0]);
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

test('examples-passed markers are kept for the 8 most recently used rule sets only, the one in use among them', () => {
  // Distinct modification times, however fast the machine (pruning orders by them).
  const tick = () => {
    for (const until = Date.now() + 3; Date.now() < until; );
  };
  rememberExamplesPassed('in-use');
  for (let i = 0; i < 10; i++) {
    tick();
    rememberExamplesPassed(`other-${i}`);
    tick();
    expect(examplesPassedBefore('in-use')).toBe(true);
  }
  expect(readdirSync(cache).filter((f) => f.endsWith('.examples-passed'))).toHaveLength(8);
  expect(examplesPassedBefore('in-use')).toBe(true);
  expect(examplesPassedBefore('other-0')).toBe(false);
  expect(examplesPassedBefore('other-9')).toBe(true);
});
