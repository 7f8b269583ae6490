// src/util/natural.ts loads natural's pieces from their own modules (its index reads .env into process.env). They
// must stay what the public API exports, so an upgrade of natural that moves or changes them fails here. Run in a
// plain Node process: natural's index requires an ES module, which the test runner's CommonJS require cannot load.
import { expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

test("the pieces are natural's public PorterStemmer, JaroWinklerDistance, TfIdf and stop words", () => {
  const script = `
    import { createRequire } from 'node:module';
    const ours = await import('./dist/util/natural.js');
    const natural = createRequire(process.cwd() + '/')('natural');
    console.log(JSON.stringify({
      stemmer: ours.PorterStemmer === natural.PorterStemmer,
      distance: ours.JaroWinklerDistance === natural.JaroWinklerDistance,
      tfidf: ours.TfIdf === natural.TfIdf,
      stopwords: JSON.stringify(ours.stopwords) === JSON.stringify(natural.stopwords),
      stem: ours.PorterStemmer.stem('restarting'),
    }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } });
  expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ stemmer: true, distance: true, tfidf: true, stopwords: true, stem: 'restart' });
});
