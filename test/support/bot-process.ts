// `npm start` as a real process (node dist/main.js) in a folder with its own .env, for tests of how it starts,
// serves and stops.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VARIABLES } from '../../src/config/schema.js';

export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

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
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(k in VARIABLES)));
  const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    try {
      process.kill(-child.pid!, signal);
    } catch {} // the group has gone already
  };
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    out: () => out,
    exited,
    stop,
    async waitFor(re, ms = 10000) {
      const deadline = Date.now() + ms;
      while (!re.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`timed out waiting for ${re}; output so far:\n${out}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

export function dirWithEnv(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kd-start-'));
  if (lines.length) writeFileSync(join(dir, '.env'), lines.join('\n') + '\n');
  return dir;
}

/**
 * What a newcomer has after `git clone`, `npm install`, `npm run build` and `cp .env.example .env`: a folder with a
 * copy of the project (package.json, the built dist/, rules/; node_modules linked from this checkout) and a copy of
 * .env.example with `values` filled in on their lines (every other variable stays blank, as in the file).
 */
export function projectCopyWithEnvExample(values: Record<string, string>): string {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'kd-first-run-'));
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  for (const f of ['dist', 'rules']) cpSync(join(root, f), join(dir, f), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  let env = readFileSync(join(root, '.env.example'), 'utf8');
  for (const [k, v] of Object.entries(values)) {
    const line = new RegExp(`^${k}=$`, 'm');
    if (!line.test(env)) throw new Error(`.env.example has no blank ${k}= line`);
    env = env.replace(line, `${k}=${v}`);
  }
  writeFileSync(join(dir, '.env'), env);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
