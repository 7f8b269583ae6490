// The installed package's folder (where package.json and rules/ are), found from this file whether it runs from
// dist/ (the app), dist-tools/src/ (eval and bench) or src/ (tests): data files are named from here, never by depth.
import { existsSync } from 'node:fs';

function findRoot(from: URL): URL {
  for (let dir = from; ; ) {
    if (existsSync(new URL('package.json', dir))) return dir;
    const up = new URL('..', dir);
    if (up.href === dir.href) throw new Error(`no package.json above ${from.pathname}`);
    dir = up;
  }
}

export const PACKAGE_ROOT = findRoot(new URL('.', import.meta.url));
