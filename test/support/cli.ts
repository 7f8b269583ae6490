// Runs `kube-doctor` as a user would. runCli: the command's own code (src/cli/program.ts, what bin.js runs) in this
// process, with its own stdin, stdout, stderr and environment: fast, for what the command says and its exit code.
// runCliProcess: the built command as a real process, where the process is the point (bin wiring, real stdin,
// the exit status the shell sees, an environment that reaches every library).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli as runInProcess } from '../../src/cli/program.js';

const ROOT = new URL('../../', import.meta.url);
/** A command as package.json installs it (the bundles in dist/bin/, scripts/bundle-cli.mjs). */
export const binPath = (name: 'kube-doctor' | 'kubectl-doctor'): string =>
  fileURLToPath(new URL(JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')).bin[name], ROOT));
export const BIN = binPath('kube-doctor');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], input?: string | Buffer, env: Record<string, string> = {}): Promise<RunResult> {
  const out = { stdout: '', stderr: '' };
  const sink = (name: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk, _encoding, done) {
        out[name] += String(chunk);
        done();
      },
    });
  const stdin = Readable.from(input === undefined || input.length === 0 ? [] : [Buffer.from(input)]);
  const code = await runInProcess(args, { stdin, stdout: sink('stdout'), stderr: sink('stderr'), env: { ...process.env, ...env } });
  return { code, ...out };
}

export function runCliProcess(args: string[], input?: string | Buffer, env: Record<string, string> = {}): Promise<RunResult> {
  return runCommand(process.execPath, [BIN, ...args], { ...process.env, ...env }, input);
}

/** Any command (`kubectl doctor ...`), with exactly the environment given. */
export function runCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string | Buffer): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}
