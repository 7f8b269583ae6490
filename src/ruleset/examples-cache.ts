// Remembers (in the rules cache folder, rules/cache.ts) that a rule set passed its own examples with this build of the program, so a warm start (a restart,
// a second replica on the node) does not re-run them: they cost about as much CPU as loading the rules.
// The key is the rules' content hash plus a hash of the program's own code: an edited rule or a new build that
// could change a result re-runs them. A missing or unwritable cache only means the examples run again.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, keepRecent, touch } from '../rules/cache.js';

const PROGRAM_ROOT = fileURLToPath(new URL('..', import.meta.url));

let programHash: string | undefined;

/** A hash of every module of this program (dist/*.js when built, src/*.ts under the tests). */
function hashOfProgram(): string {
  if (programHash) return programHash;
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(js|ts)$/.test(name)) hash.update(path.slice(PROGRAM_ROOT.length)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(PROGRAM_ROOT);
  return (programHash = hash.digest('hex').slice(0, 32));
}

const markerFor = (rulesVersion: string) => join(cacheDir(), `${rulesVersion}-${hashOfProgram()}.examples-passed`);
const MARKER = /\.examples-passed$/;

export function examplesPassedBefore(rulesVersion: string): boolean {
  try {
    const marker = markerFor(rulesVersion);
    if (!statSync(marker).isFile()) return false;
    touch(marker); // in use: pruning keeps it
    return true;
  } catch {
    return false;
  }
}

export function rememberExamplesPassed(rulesVersion: string): void {
  try {
    mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
    writeFileSync(markerFor(rulesVersion), '');
    // Like the rule sets, only the markers of the most recently used (rules, build) pairs are kept.
    keepRecent(MARKER);
  } catch {
    // no cache: the next start runs the examples again
  }
}
