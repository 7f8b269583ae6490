// The checkout the evaluation runs from, whether as source (ts-jest) or compiled (dist-tools/eval/).
import { existsSync } from 'node:fs';

function repoRoot(from: URL): URL {
  let dir = from;
  while (!existsSync(new URL('package.json', dir))) {
    const up = new URL('..', dir);
    if (up.href === dir.href) throw new Error(`no package.json above ${from.pathname}`);
    dir = up;
  }
  return dir;
}

export const REPO_ROOT = repoRoot(new URL('.', import.meta.url));
