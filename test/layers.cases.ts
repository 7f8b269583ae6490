// Imports only look down, and nothing imports itself back: every relative import in src/ is read from the source
// text, each file is placed on a floor, and the test fails on an import of a higher floor or on a cycle (between
// files, or between folders). The floors, lowest first (docs/architecture.md):
const FLOORS: [floor: number, paths: string[]][] = [
  [0, ['model', 'util']], //                      types, and helpers with no knowledge of Kubernetes
  [1, ['normalise', 'redact']], //                text → text
  [2, ['parse']], //                              text → evidence
  [3, ['rules']], //                              schema, load, compile, index (no diagnose)
  [4, ['diagnose']], //                           evidence → findings
  [5, ['ask']], //                                questions → rules
  [6, ['conversation']], //                       one reply policy for every surface
  [7, ['render']], //                             a reply → text, markdown, JSON
  [8, ['ruleset', 'config']], //                  rules test, rules lint, hot reload: tools that run rules through diagnose;
  //                                              config: the schema of every environment variable, which the adapters read
  [9, ['cli', 'console', 'slack', 'kube', 'ops', 'state', 'unmatched']], // adapters: the outside world ↔ the core
  [10, ['main.ts', 'server.ts']], //              wiring
];

// Imports that break the rule today, each to be removed (not added to). An entry is `from -> to` (files in src/).
const KNOWN: string[] = [];

import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Relative imports of a file (static, `export … from`, type-only and dynamic `import()`), as files in src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)|^import\s+'(\.[^']+)'/gm)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
  return specs.map((spec) => relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
}

/** The floor of a file: the most specific entry of FLOORS that names it or its folder. */
function floorOf(file: string): number {
  let best: { floor: number; length: number } | undefined;
  for (const [floor, paths] of FLOORS)
    for (const p of paths) if ((file === p || file.startsWith(p + '/')) && (!best || p.length > best.length)) best = { floor, length: p.length };
  if (!best) throw new Error(`src/${file} is on no floor: add it (or its folder) to FLOORS in test/layers.cases.ts`);
  return best.floor;
}

const folderOf = (file: string) => (file.includes('/') ? file.split('/')[0] : file);

/** Strongly connected components of more than one node (Tarjan): the cycles of a graph. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const files = sourceFiles().map((f) => relative(SRC, f));
const edges = files.flatMap((from) => importsOf(join(SRC, from)).map((to) => ({ from, to })));
const known = new Set(KNOWN);

describe('imports only look down', () => {
  test('every file is on a floor, and every import points at a file that exists', () => {
    for (const f of files) expect(typeof floorOf(f)).toBe('number');
    expect(edges.filter((e) => !files.includes(e.to)).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  test('no import of a higher floor', () => {
    const upward = edges.filter((e) => floorOf(e.to) > floorOf(e.from)).map((e) => `${e.from} -> ${e.to}`);
    expect(upward.filter((e) => !known.has(e))).toEqual([]);
  });

  test('the known exceptions still exist (a fixed one is taken off the list)', () => {
    const all = new Set(edges.map((e) => `${e.from} -> ${e.to}`));
    expect(KNOWN.filter((e) => !all.has(e))).toEqual([]);
  });

  test('no cycle between files', () => {
    const graph = new Map(files.map((f) => [f, new Set<string>()]));
    for (const e of edges) if (!known.has(`${e.from} -> ${e.to}`)) graph.get(e.from)!.add(e.to);
    expect(cycles(graph)).toEqual([]);
  });

  test('no cycle between folders', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) {
      const [a, b] = [folderOf(e.from), folderOf(e.to)];
      if (a === b || known.has(`${e.from} -> ${e.to}`)) continue;
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a)!.add(b);
    }
    expect(cycles(graph)).toEqual([]);
  });
});

describe('the check itself', () => {
  test('finds a cycle, and not in a chain', () => {
    const g = (pairs: [string, string][]) => {
      const m = new Map<string, Set<string>>();
      for (const [a, b] of pairs) {
        if (!m.has(a)) m.set(a, new Set());
        if (!m.has(b)) m.set(b, new Set());
        m.get(a)!.add(b);
      }
      return m;
    };
    expect(
      cycles(
        g([
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
          ['c', 'd'],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(
      cycles(
        g([
          ['a', 'b'],
          ['b', 'c'],
        ]),
      ),
    ).toEqual([]);
  });

  test('places a file by its most specific entry', () => {
    expect(floorOf('rules/load.ts')).toBe(3);
    expect(floorOf('ruleset/lint.ts')).toBe(8);
    expect(floorOf('main.ts')).toBe(10);
    expect(() => floorOf('newfolder/x.ts')).toThrow('on no floor');
  });
});
