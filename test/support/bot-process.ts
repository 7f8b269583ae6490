// `npm start` as a real process (node dist/main.js) in a folder with its own .env, for tests of how it starts,
// serves and stops.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VARIABLES } from '../../src/config/schema.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MAIN = join(ROOT, 'dist', 'main.js');

export interface Proc {
  child: ChildProcess;
  out: () => string;
  waitFor(re: RegExp, ms?: number): Promise<void>;
  exited: Promise<number | null>;
  /** Sends `signal` to the process and everything it started (`npm start` runs node in a shell of its own). */
  stop(signal?: NodeJS.Signals): void;
}

/**
 * Runs `command` (default: node dist/main.js) in `cwd` with an environment free of the caller's kube-doctor
 * settings, in a process group of its own so that stop() reaches every process it started.
 */
export function start(cwd: string, command: string[] = [process.execPath, MAIN]): Proc {
  // The tests' rules cache (test/support/cache-setup.mjs) is the runner's, not a user setting: it is kept, so a bot
  // does not parse the rules and run their examples again on every start.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(k in VARIABLES) || k === 'KUBE_DOCTOR_CACHE_DIR'));
  const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    try {
      process.kill(-child.pid!, signal);
    } catch {} // the group has gone already
  };
  let out = '';
  // Waiters are checked as output arrives (and once more when the process exits), not on a timer.
  const waiters = new Set<() => void>();
  const collect = (c: Buffer) => {
    out += c;
    for (const w of waiters) w();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((r) =>
    child.on('exit', (code) => {
      r(code);
      for (const w of waiters) w();
    }),
  );
  return {
    child,
    out: () => out,
    exited,
    stop,
    waitFor(re, ms = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          waiters.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        const fail = (why: string) => done(new Error(`${why} waiting for ${re}; output so far:\n${out}`));
        const check = () => {
          if (re.test(out)) done();
          else if (child.exitCode !== null || child.signalCode !== null) fail(`the process exited (${child.exitCode ?? child.signalCode})`);
        };
        const timer = setTimeout(() => fail('timed out'), ms);
        waiters.add(check);
        check();
      });
    },
  };
}

export function dirWithEnv(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kd-start-'));
  if (lines.length) writeFileSync(join(dir, '.env'), lines.join('\n') + '\n');
  return dir;
}

/**
 * What a newcomer has after `git clone`, `npm install` and `npm run build`: a folder with a copy of the project
 * (package.json, the built dist/, rules/; node_modules linked from this checkout). `cpEnvExample` then does the
 * `cp .env.example .env`.
 */
export function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kd-first-run-'));
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  for (const f of ['dist', 'rules']) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** `cp .env.example .env` in `dir`, with `values` filled in on their lines (every other variable stays blank, as in the file). */
export function cpEnvExample(dir: string, values: Record<string, string>): void {
  let env = readFileSync(join(ROOT, '.env.example'), 'utf8');
  for (const [k, v] of Object.entries(values)) {
    const line = new RegExp(`^${k}=$`, 'm');
    if (!line.test(env)) throw new Error(`.env.example has no blank ${k}= line`);
    env = env.replace(line, `${k}=${v}`);
  }
  writeFileSync(join(dir, '.env'), env);
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
