// jest testSequencer: jest starts the slowest suites first, by the durations it recorded, and on a fresh clone (no
// durations yet) the biggest files first. A suite of test/suites/ is a few import lines: its size is that of the
// *.cases.ts files it imports, so that a first run (CI's) does not start the two longest suites last.
import Sequencer from '@jest/test-sequencer';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const CASES = /^import '(\.[^']+\.cases)\.js';$/gm;

function sourceSize(path) {
  const text = readFileSync(path, 'utf8');
  let size = text.length;
  for (const m of text.matchAll(CASES)) size += statSync(resolve(dirname(path), `${m[1]}.ts`)).size;
  return size;
}

export default class SuiteSequencer extends Sequencer {
  /** jest's order (failed first, then the slowest, then suites it has no duration for), sizes counted as above. */
  sort(tests) {
    const ordered = super.sort(tests);
    const size = new Map(tests.map((t) => [t.path, sourceSize(t.path)]));
    return ordered.sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
      const timedA = a.duration != null;
      if (timedA !== (b.duration != null)) return timedA ? 1 : -1;
      return timedA ? b.duration - a.duration : size.get(b.path) - size.get(a.path);
    });
  }
}
