// `npm run bench` (second table): crafted worst cases, each answered in a fresh process so its peak memory is
// its own: the whole reply (respond(), what every surface runs: diagnosis, and the policy's own checks). Target for each: under 2 s and under 300 MB (2-core machine). Prints a table; not a test (the
// linear-growth test in test/linear.test.ts asserts ratios only).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { respond, shownDiagnosis } from '../src/conversation/reply.js';
import { loadKnowledgeBase } from '../src/rules/load.js';

const RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));
const MB = 1024 * 1024;

/** Each case is a paste under the 10 MB input cap, shaped to hit one known superlinear path. */
export const CASES: Record<string, () => string> = {
  // The bundled TLS rule's shape: `pull ... https://... certificate signed by unknown authority`, with the
  // ending never quite there, so a backtracking engine retries every start against every `https://`.
  'TLS backtrack shape, 1 MB line': () =>
    `Failed to pull image "r.io/a:1": x509 authority ${'pull https://r.io/ '.repeat(MB / 19)}certificate signed by unknown authorit`,
  '200k repeated hits': () => Array.from({ length: 200_000 }, (_, i) => `Failed to pull image "a:${i}": not found`).join('\n'),
  'JSON nested 6000 deep': () => `{"kind": "Pod", "x": ${'['.repeat(6000)}${']'.repeat(6000)}}`,
  'YAML nested 6000 deep': () => `apiVersion: v1\nkind: Pod\nx: ${'['.repeat(6000)}${']'.repeat(6000)}\n`,
  '4M tiny lines': () => 'a\n'.repeat(4_000_000),
  'one 5 MB line': () => 'Failed to pull image "x": rpc error: code = Unknown desc = x509 password=abc '.repeat(Math.floor((5 * MB) / 78)),
  // Machine phrases' prefixes with nothing after them: an unbounded gap made the check that tells output from
  // words quadratic (600 KB took 25 s).
  'phrase prefixes, one 2 MB line': () => 'Failed to pull dial tcp '.repeat(Math.floor((2 * MB) / 24)),
};

function runCase(name: string): void {
  const kb = loadKnowledgeBase(RULES_DIR);
  const text = CASES[name]();
  const start = performance.now();
  const cpu = process.cpuUsage();
  const reply = respond(text, { kb, lang: 'en', surface: 'dm' });
  const ms = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  process.stdout.write(
    JSON.stringify({
      ms,
      cpuMs: (user + system) / 1000,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      findings: shownDiagnosis(reply)?.findings.length ?? 0,
    }),
  );
}

function main(): void {
  const rows: string[] = [];
  for (const name of Object.keys(CASES)) {
    const r = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8', maxBuffer: 1 << 20 }));
    const ok = r.ms < 2000 && r.maxRssMB < 300 ? 'ok' : 'OVER TARGET';
    rows.push(
      `${name.padEnd(34)} ${`${r.ms.toFixed(0)} ms`.padStart(9)} ${`${r.cpuMs.toFixed(0)} ms`.padStart(9)} ${`${r.maxRssMB.toFixed(0)} MB`.padStart(8)}  ${ok}`,
    );
  }
  // CPU time (all threads, GC included) is what the paste cost; on a shared machine the wall time also holds waits.
  process.stdout.write(
    `\nadversarial pastes (each in a fresh process; target < 2000 ms and < 300 MB)\n\n${'case'.padEnd(34)} ${'wall'.padStart(9)} ${'cpu'.padStart(9)} ${'peak'.padStart(8)}\n${rows.join('\n')}\n`,
  );
}

const at = process.argv.indexOf('--case');
if (at >= 0) runCase(process.argv[at + 1]);
else main();
