// Files' stats as a stand-in for their contents: a start (rules/cache.ts) and the rules reload (ruleset/reload.ts)
// read files only when their stats moved.
import { statSync } from 'node:fs';

/** Files' stats as `statsOf` gives them. */
export interface FileStats {
  key: string;
  /** When the most recently changed file changed. */
  newestMs: number;
  /** Every time is a whole second: a filesystem that keeps times to the second. */
  wholeSeconds: boolean;
}

/** What files' stats say of their contents: identity, size and times (ctime cannot be set back); and how recently
 *  any of them changed, in filesystem time. */
export function statsOf(files: string[]): FileStats {
  let newestNs = 0n;
  let wholeSeconds = true;
  const key = files
    .map((file) => {
      const s = statSync(file, { bigint: true });
      for (const t of [s.mtimeNs, s.ctimeNs]) {
        if (t > newestNs) newestNs = t;
        if (t % 1_000_000_000n) wholeSeconds = false;
      }
      return `${file}\0${s.ino}\0${s.size}\0${s.mtimeNs}\0${s.ctimeNs}`;
    })
    .join('\0\0');
  return { key, newestMs: Number(newestNs / 1_000_000n), wholeSeconds };
}
