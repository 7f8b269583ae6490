// `npm start` as a real process (node dist/main.js) in a folder with its own .env, for tests of how it starts,
// serves and stops.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface Proc {
  child: ChildProcess;
  out: () => string;
  waitFor(re: RegExp, ms?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** Runs dist/main.js in `cwd` with an environment free of the caller's Slack settings. */
export function start(cwd: string): Proc {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|KUBE_DOCTOR_|REDIS_|PORT$|HEALTH_PORT$|HOST$|LOG_LEVEL$)/.test(k)));
  const child = spawn(process.execPath, [MAIN], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    out: () => out,
    exited,
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

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
