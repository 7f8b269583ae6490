// `npm run bench:start`: how long kube-doctor takes to start, as ratios to a yardstick measured in the same run.
//   cold `kube-doctor diagnose` of the founding paste ÷ `node -e ''`            target ≤ 3×
//   the bot ready in HTTP mode (it printed that it listens) ÷ a bare Bolt app    target ≤ 2×
// Each pair runs interleaved, many times; the medians are compared. A start from unchanged rules uses the rules
// cache (src/rules/cache.ts); the first start after a change, which fills it, is shown too. The diagnose pair is
// also compared by CPU time (user + system, all threads, read as each process exits), which other jobs on the
// machine barely change: on a busy machine wall-clock ratios of two short processes drift either way.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)); // this file runs from dist-tools/bench/
const CLI = join(ROOT, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin['kube-doctor']); // as installed
const MAIN = join(ROOT, 'dist/main.js');
const BARE_BOLT = fileURLToPath(new URL('./bare-bolt.js', import.meta.url));
const PASTE = join(ROOT, 'test/fixtures/founding/events.txt');
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 15;

const cacheDir = mkdtempSync(join(tmpdir(), 'kd-bench-cache-'));
/** The caller's environment less anything that configures kube-doctor or Slack, plus a private rules cache. */
const baseEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|KUBE|PORT$|HOST$|HEALTH_PORT$|LOG_LEVEL$)/.test(k))),
  KUBE_DOCTOR_CACHE_DIR: cacheDir,
};

/** Preloaded (`-r`) by both processes of the diagnose pair: prints the process's CPU time as it exits. */
const CPU_AT_EXIT = join(cacheDir, 'cpu-at-exit.cjs');
writeFileSync(
  CPU_AT_EXIT,
  "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(2, '\\ncpu-us ' + (u.user + u.system) + '\\n'); });\n",
);

/** Wall and CPU milliseconds of a process started with CPU_AT_EXIT preloaded, run to its exit. */
async function timeToExit(args: string[], env: NodeJS.ProcessEnv): Promise<{ wall: number; cpu: number }> {
  let err = '';
  const wall = await timeProcess(['-r', CPU_AT_EXIT, ...args], env, undefined, (c) => (err += c));
  const us = /^cpu-us (\d+)$/m.exec(err)?.[1];
  if (!us) throw new Error(`${args.join(' ')} printed no CPU time`);
  return { wall, cpu: Number(us) / 1000 };
}

/** Milliseconds from spawn until `ready` matches the output (or the process exits, when `ready` is undefined). */
function timeProcess(args: string[], env: NodeJS.ProcessEnv, ready?: RegExp, onStderr?: (chunk: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (c: Buffer) => {
      out += c;
      if (ready?.test(out)) {
        const ms = performance.now() - start;
        child.kill();
        resolve(ms);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    if (onStderr) child.stderr.on('data', (c: Buffer) => onStderr(String(c)));
    child.on('close', (code) => {
      if (!ready) return code === 0 ? resolve(performance.now() - start) : reject(new Error(`${args.join(' ')} exited ${code}:\n${out}`));
      if (!ready.test(out)) reject(new Error(`${args.join(' ')} exited ${code} before it was ready:\n${out}`));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A Web API that answers auth.test, for both apps. */
async function slackApi(): Promise<{ url: string; close(): void }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify(
        req.url?.endsWith('/auth.test') ? { ok: true, user_id: 'U0BENCHBOT', bot_id: 'B0BENCHBOT', team_id: 'T0BENCH01' } : { ok: true },
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, close: () => server.close() };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const rows: [string, string, string][] = [];
  const diagnoseArgs = [CLI, 'diagnose', PASTE];

  const first = await timeProcess(diagnoseArgs, baseEnv); // fills the rules cache
  const bare: { wall: number; cpu: number }[] = [];
  const cold: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(await timeToExit(['-e', ''], baseEnv));
    cold.push(await timeToExit(diagnoseArgs, baseEnv));
  }
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const of = (runs: { wall: number; cpu: number }[], k: 'wall' | 'cpu') => median(runs.map((r) => r[k]));
  rows.push(["node -e '' (wall / CPU)", `${ms(of(bare, 'wall'))} / ${ms(of(bare, 'cpu'))}`, '']);
  rows.push(['kube-doctor diagnose (founding paste), first start: rules read', ms(first), '']);
  rows.push(['kube-doctor diagnose (founding paste), cold start, rules cached (wall / CPU)', `${ms(of(cold, 'wall'))} / ${ms(of(cold, 'cpu'))}`, '']);
  rows.push(["cold diagnose ÷ node -e '', wall", `${(of(cold, 'wall') / of(bare, 'wall')).toFixed(2)}×`, 'target ≤ 3×']);
  rows.push(["cold diagnose ÷ node -e '', CPU", `${(of(cold, 'cpu') / of(bare, 'cpu')).toFixed(2)}×`, 'target ≤ 3×']);

  const api = await slackApi();
  const slackEnv = async () => ({
    ...baseEnv,
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_SIGNING_SECRET: 'bench-signing-secret-0123456789',
    SLACK_API_URL: api.url,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  });
  const bolt: number[] = [];
  const bot: number[] = [];
  const botRuns = Math.max(5, Math.ceil(RUNS / 2));
  for (let i = 0; i < botRuns; i++) {
    bolt.push(await timeProcess([BARE_BOLT], await slackEnv(), /^ready$/m));
    bot.push(await timeProcess([MAIN], await slackEnv(), /listening for Slack in HTTP mode/));
  }
  api.close();
  rows.push(['a bare Bolt app, ready (HTTP mode)', `${median(bolt).toFixed(0)} ms`, '']);
  rows.push(['the kube-doctor bot, ready (HTTP mode, no cluster)', `${median(bot).toFixed(0)} ms`, '']);
  rows.push(['bot ready ÷ bare Bolt app ready', `${(median(bot) / median(bolt)).toFixed(2)}×`, 'target ≤ 2×']);
  rmSync(cacheDir, { recursive: true, force: true });

  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`kube-doctor start benchmark (medians of ${RUNS} and ${botRuns} interleaved runs, Node ${process.version})\n\n`);
  for (const [name, value, target] of rows) process.stdout.write(`${name.padEnd(width)}  ${value.padStart(9)}  ${target}\n`);
}

await main();
