// Property tests: whatever is pasted, normalise → redact → parse → toSignals returns (never throws) and stays fast.
// Inputs: random strings, random unicode, kubectl-ish token soup (to provoke regex backtracking), and real pastes
// mutated the way copy/paste and chat mangle them. Runs are bounded so the file takes a few seconds.
import { describe, test } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { normalise } from '../src/normalise/normalise.js';
import { redact } from '../src/redact/redact.js';
import { parse } from '../src/parse/parse.js';
import { toSignals } from '../src/parse/signals.js';
import { CORPUS_DIR, corpus } from './support/paste.js';

const MAX_CHARS = 20_000;
// Time is judged as a ratio measured in the same run, never against a clock, and as this process's CPU time, which
// the machine's other jobs (other test workers) barely change: no input may cost more than RATIO × a typical paste
// of the same size (real pastes, concatenated). Catastrophic backtracking on 20 kB costs thousands of times more.
const RATIO = 200;

/** Runs the pipeline; returns the CPU time it took (ms). Throws (fails the property) if any stage throws. */
function pipeline(input: string): number {
  const start = process.cpuUsage();
  const evidence = parse(redact(normalise(input).text));
  const signals = toSignals(evidence);
  const { user, system } = process.cpuUsage(start);
  const ms = (user + system) / 1000;
  // Sanity: the result is well-formed, whatever the input. A plain check, not expect() per signal: jest's expect
  // builds an error (with a stack) on every call, which cost more than the pipeline itself over thousands of runs.
  if (!Array.isArray(signals)) throw new Error(`toSignals returned ${typeof signals}, not a list`);
  const bad = signals.find((s) => typeof s.text !== 'string');
  if (bad) throw new Error(`a signal without text: ${JSON.stringify(bad).slice(0, 200)}`);
  return ms;
}

/** The fastest of a few runs: the cost of the input itself, without GC pauses or the machine's other jobs. */
function cost(input: string, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, pipeline(input));
  return best;
}

const typical = new Map<number, number>();
/** What a typical paste of about this many characters costs here and now (fresh = measured again, not cached). */
function typicalCost(chars: number, fresh = false): number {
  const size = Math.ceil(Math.max(chars, 1) / 1000) * 1000;
  if (fresh || !typical.has(size)) {
    const all = pastes.join('\n');
    const text = all.repeat(Math.ceil(size / all.length)).slice(0, size);
    cost(text, 2); // warm up the JIT first
    typical.set(size, cost(text, 5));
  }
  return typical.get(size)!;
}

function fastEnough(input: string): void {
  let ratio = pipeline(input) / typicalCost(input.length);
  // One slow run can be a GC pause or the other jobs on this machine: only a repeatable slowness counts, measured
  // again beside a fresh typical cost.
  if (ratio >= RATIO) ratio = cost(input, 3) / typicalCost(input.length, true);
  if (ratio >= RATIO) throw new Error(`${input.length} characters cost ${ratio.toFixed(0)}× a typical paste of that size (limit ${RATIO}×)`);
}

const pastes = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => corpus(f));

/** Pieces of kubectl output, repeated and glued in random order: many near-matches for every line regex. */
const TOKENS = [
  'Warning',
  'Normal',
  'Failed',
  'BackOff',
  'FailedScheduling',
  ' ',
  '  ',
  '    ',
  '\t',
  '\n',
  '\n\n',
  '1m',
  '87s',
  '<unknown>',
  '<invalid>',
  '(x2 over 3m)',
  '(x',
  ' over ',
  'kubelet',
  'kubelet, ',
  'kubelet, node-1',
  '{kubelet node-1}',
  '{',
  '}',
  'spec.containers{web}: ',
  'spec.initContainers{',
  ':',
  ': ',
  'pod/',
  'replicaset/x',
  '<id here>',
  '<',
  '>',
  '0/1',
  '1/2',
  'Running',
  'Init:0/1',
  'Init:CrashLoopBackOff',
  '5 (2m ago)',
  'Name:',
  'Namespace:',
  'Events:',
  'Containers:',
  '  web:',
  '    State:',
  'Waiting',
  'Terminated',
  '      Reason:',
  '      Exit Code:',
  '137',
  'Type  Reason  Age  From  Message',
  '----',
  'LAST SEEN   TYPE',
  'NAME   READY   STATUS   RESTARTS   AGE',
  '```',
  '`',
  '**',
  '> ',
  '&lt;',
  '&gt;',
  '&amp;',
  '<http://a.io|a.io>',
  '<@U123|bob>',
  '$ ',
  '[root@x ~]# ',
  'kubectl describe pod ',
  '│',
  '┌──',
  '──┐',
  '| ',
  ' |',
  'Nov 28 17:31:02 node kubelet[1]: ',
  'E1128 17:31:02.123456    1 x.go:1] ',
  'Thu, 12 Feb 2015 18:34:09 +0000',
  'Failed to pull image "',
  'Successfully assigned ns/pod to node',
  'password=',
  'token: ',
  'Bearer ',
  'eyJ',
  'apiVersion: v1',
  'kind: Pod',
  '{"kind":"Pod"',
  '- ',
  'aaaaaaaaaa',
  '%!v(MISSING)',
  '...',
  '\u00a0',
  '\u201c',
  '\uff1a',
  '\x1b[31m',
  '\r\n',
];
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 400, size: 'max' }).map((t) => t.join(''));

type Mutation = { kind: 'delete' | 'duplicate' | 'swap' | 'insert' | 'truncate'; at: number; other: number; chars: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('delete', 'duplicate', 'swap', 'insert', 'truncate'),
  at: fc.nat(),
  other: fc.nat(),
  chars: fc.string({ unit: 'binary', maxLength: 30 }),
});

function mutate(text: string, mutations: Mutation[]): string {
  let lines = text.split('\n');
  for (const m of mutations) {
    if (lines.length === 0) lines = [''];
    const i = m.at % lines.length;
    const j = m.other % lines.length;
    switch (m.kind) {
      case 'delete':
        lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(i, 0, lines[i]);
        break;
      case 'swap':
        [lines[i], lines[j]] = [lines[j], lines[i]];
        break;
      case 'insert': {
        const col = m.other % (lines[i].length + 1);
        lines[i] = lines[i].slice(0, col) + m.chars + lines[i].slice(col);
        break;
      }
      case 'truncate': {
        const joined = lines.join('\n');
        lines = joined.slice(0, m.other % (joined.length + 1)).split('\n');
        break;
      }
    }
  }
  return lines.join('\n');
}

const mutatedPaste = fc
  .record({ paste: fc.constantFrom(...pastes), mutations: fc.array(mutation, { maxLength: 12, size: 'max' }) })
  .map(({ paste, mutations }) => mutate(paste, mutations));

/** Up to 20 kB: several real pastes concatenated, then mutated. */
const bigPaste = fc
  .record({
    parts: fc.array(fc.constantFrom(...pastes), { minLength: 5, maxLength: 60, size: 'max' }),
    mutations: fc.array(mutation, { maxLength: 20, size: 'max' }),
  })
  .map(({ parts, mutations }) => mutate(parts.join('\n'), mutations).slice(0, MAX_CHARS));

const options = (numRuns: number) => ({ numRuns, endOnFailure: true });

describe('normalise → redact → parse → toSignals never throws and stays fast', () => {
  test('random ASCII strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 3000, size: 'max' }), fastEnough), options(300));
  });

  test('random unicode (any code point, lone surrogates included)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 3000, size: 'max' }), fastEnough), options(200));
  });

  test('kubectl-like token soup', () => {
    fc.assert(fc.property(tokenSoup, fastEnough), options(300));
  });

  test('real pastes with lines deleted, duplicated, swapped, characters inserted, or cut short', () => {
    fc.assert(fc.property(mutatedPaste, fastEnough), options(300));
  });

  test('20 kB inputs built from real pastes', () => {
    fc.assert(fc.property(bigPaste, fastEnough), options(40));
  });

  test('worst cases for backtracking: 20 kB of one character or one token', () => {
    const units = [
      ' ',
      '\t',
      'a',
      ':',
      '{',
      '<',
      '-',
      '│',
      '[',
      'Warning ',
      '1m ',
      'kubelet, ',
      '{kubelet ',
      '(x2 over ',
      'spec.containers{',
      '0/1 ',
      '&lt;',
      '| ',
      '`',
      '```',
      '\x1b[',
      'x-token-',
      '<http://',
      '  a:\n',
      '- ',
    ];
    const fill = (prefix: string, unit: string) => (prefix + unit.repeat(Math.ceil(MAX_CHARS / unit.length))).slice(0, MAX_CHARS);
    for (const unit of units) {
      fastEnough(fill('', unit));
      fastEnough(fill('  Warning  Failed  1m  ', unit)); // one event row with a pathological message
      fastEnough(fill('39h   Warning   Failed   pod/', unit)); // a get-events row with a pathological object
      fastEnough(fill('apiVersion: v1\nkind: Pod\n', unit)); // looks like YAML, then is not
    }
  });

  test('one 20 kB line and 20 kB of newlines', () => {
    fastEnough('  Warning  Failed  1m  kubelet  ' + 'Failed to pull image "x": '.repeat(770));
    fastEnough('\n'.repeat(MAX_CHARS));
    fastEnough(`Events:\n${'  Warning  Failed  1m  kubelet  Error: ErrImagePull\n'.repeat(380)}`);
  });
});
