// Finds real kubectl binaries and runs them against the emulator with an isolated HOME/cache.
//
// The Google Cloud SDK installs `kubectl` as a dispatcher plus versioned binaries `kubectl.1.27` ...
// `kubectl.1.33` next to it; calling those directly lets one machine render output of several versions.
// A plain kubectl install (no versioned siblings) is reported as a single binary of its own version.

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface KubectlBinary {
  /** "1.27" */
  version: string;
  minor: number;
  path: string;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  /** Exit code; null when the process was killed (see `timeoutMs`). */
  code: number | null;
}

export interface RunKubectlOptions {
  /** Passed as --request-timeout (default "10s"). */
  requestTimeout?: string;
  /** Kill kubectl after this long (default 30000 ms). */
  timeoutMs?: number;
  /** Extra environment variables. */
  env?: Record<string, string>;
}

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, cmd);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Directory of the real kubectl (symlinks resolved), or undefined when kubectl is not on PATH. */
function kubectlBinDir(): string | undefined {
  const found = which('kubectl');
  return found ? path.dirname(fs.realpathSync(found)) : undefined;
}

/** The gcloud kubectl dispatcher, which re-execs kubectl.1.<server minor>; undefined if not installed. */
export function findKubectlDispatcher(): string | undefined {
  const dir = kubectlBinDir();
  if (!dir) return undefined;
  const hasVersioned = fs.readdirSync(dir).some((f) => /^kubectl\.1\.\d+$/.test(f));
  return hasVersioned ? path.join(dir, 'kubectl') : undefined;
}

let cached: KubectlBinary[] | undefined;

/** Versioned kubectl binaries, oldest first. [] when kubectl is absent. */
export function findKubectlBinaries(): KubectlBinary[] {
  if (cached) return cached;
  const dir = kubectlBinDir();
  if (!dir) return (cached = []);
  const versioned = fs
    .readdirSync(dir)
    .map((f) => /^kubectl\.1\.(\d+)$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: `1.${m[1]}`, minor: Number(m[1]), path: path.join(dir, m[0]) }))
    .filter((b) => isExecutable(b.path))
    .sort((a, b) => a.minor - b.minor);
  if (versioned.length) return (cached = versioned);
  // A plain install: ask it for its version.
  try {
    const out = execFileSync(path.join(dir, 'kubectl'), ['version', '--client', '-o', 'json'], { encoding: 'utf8', timeout: 10_000 });
    const minor = parseInt(JSON.parse(out).clientVersion.minor, 10);
    return (cached = [{ version: `1.${minor}`, minor, path: path.join(dir, 'kubectl') }]);
  } catch {
    return (cached = []);
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function resolveBinary(version: string | KubectlBinary): string {
  if (typeof version !== 'string') return version.path;
  if (version === 'dispatcher') {
    const d = findKubectlDispatcher();
    if (!d) throw new Error('the gcloud kubectl dispatcher is not installed');
    return d;
  }
  if (version.includes('/')) return version;
  const wanted = version.replace(/^v/, '').replace(/^(\d+)$/, '1.$1');
  const bin = findKubectlBinaries().find((b) => b.version === wanted);
  if (!bin)
    throw new Error(
      `kubectl ${wanted} is not installed (found: ${
        findKubectlBinaries()
          .map((b) => b.version)
          .join(', ') || 'none'
      })`,
    );
  return bin.path;
}

/**
 * Run kubectl `args` against `kubeconfigPath` with a fresh HOME, TZ=UTC so absolute dates in describe output do not
 * depend on the machine, and a --request-timeout.
 *
 * The --cache-dir is `kubectl-cache/<binary>` beside the kubeconfig, in the temporary directory the test wrote it to:
 * the runs against one emulator read its discovery documents once rather than each run (kubectl keys that cache by
 * server host:port), and no cache from outside the test can hide the emulator's documents. One per binary, so no
 * kubectl version reads another's files.
 *
 * `version` is "1.27" / "27" / a KubectlBinary / "dispatcher" / an absolute path.
 */
export async function runKubectl(
  version: string | KubectlBinary,
  args: string[],
  kubeconfigPath: string,
  opts: RunKubectlOptions = {},
): Promise<KubectlResult> {
  const bin = resolveBinary(version);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-home-'));
  const cacheDir = path.join(path.dirname(kubeconfigPath), 'kubectl-cache', path.basename(bin));
  const fullArgs = [`--kubeconfig=${kubeconfigPath}`, `--cache-dir=${cacheDir}`, `--request-timeout=${opts.requestTimeout ?? '10s'}`, ...args];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TZ: 'UTC', LANG: 'C.UTF-8', ...opts.env };
  try {
    return await new Promise<KubectlResult>((resolve) => {
      execFile(bin, fullArgs, { env, timeout: opts.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : null) : 0;
        resolve({ stdout, stderr, code });
      });
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/**
 * `kubectl describe pods -A`, split per pod: "namespace/name" → the text `kubectl describe pod NAME -n NAMESPACE`
 * prints. kubectl describes each listed pod with the describer a single describe uses (a GET of the pod, a list of its
 * events) and joins the texts with "\n\n" (k8s.io/kubectl/pkg/cmd/describe/describe.go), so one process describes
 * every pod. Throws when kubectl fails or writes to stderr.
 */
export async function describeAllPods(version: string | KubectlBinary, kubeconfigPath: string, opts: RunKubectlOptions = {}): Promise<Map<string, string>> {
  const r = await runKubectl(version, ['describe', 'pods', '-A'], kubeconfigPath, opts);
  if (r.code !== 0 || r.stderr !== '') throw new Error(`kubectl describe pods -A exited ${r.code}: ${r.stderr}`);
  const pods = new Map<string, string>();
  for (const text of r.stdout.split(/\n\n(?=Name: )/)) {
    const name = /^Name:\s+(\S+)$/m.exec(text)?.[1];
    const namespace = /^Namespace:\s+(\S+)$/m.exec(text)?.[1];
    pods.set(`${namespace}/${name}`, text);
  }
  return pods;
}
