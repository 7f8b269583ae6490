// The bot's reply thread (slack/reply-worker.ts), as built: a real worker thread. One that dies (here: out of
// memory on a paste, with a small heap) fails the request it held, and the next request gets a new thread.
import { afterAll, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';

/** The built module (the thread's script sits beside it), typed as its source. */
const built = <T>(path: string): Promise<T> => import(new URL(`../dist/${path}`, import.meta.url).href);
const { createReplyWorker } = await built<typeof import('../src/slack/reply-worker.js')>('slack/reply-worker.js');
const { loadKnowledgeBase } = await built<typeof import('../src/rules/load.js')>('rules/load.js');

const kb = loadKnowledgeBase();
const founding = readFileSync(new URL('./fixtures/founding/events.txt', import.meta.url), 'utf8');
const context = { kb, lang: 'en' as const, surface: 'dm' as const };
/** A 16 MB heap: the founding paste fits, 4 MB of event lines do not. */
const worker = createReplyWorker(16)!;
afterAll(() => worker.close());

test('a thread that runs out of memory fails its request; the next request is answered by a new thread', async () => {
  expect((await worker.respond(founding, context)).kind).toBe('diagnosis');
  const line = '  Warning  Failed     10s (x4 over 1m)  kubelet  Failed to pull image "registry.example/app:1": not found\n';
  await expect(worker.respond(line.repeat(Math.ceil(4e6 / line.length)), context)).rejects.toThrow(/the reply thread (failed|stopped)/);
  const again = await worker.respond(founding, context);
  expect(again.kind === 'diagnosis' && again.diagnosis.findings[0].rule).toBe('image-pull-dns-minikube-hyperkit');
  expect(await worker.isOutput(founding, kb)).toBe(true);
}, 60_000);

test('a channel paste the gate found to be output is answered as it would be without the gate (the gate read it once)', async () => {
  const unasked = { ...context, surface: 'channel' as const, addressed: false };
  const alone = await worker.respond(founding, unasked);
  expect(await worker.isOutput(founding, kb)).toBe(true);
  expect(await worker.respond(founding, unasked)).toEqual(alone);
  // Another text after the gate is read for itself, not from what the gate read.
  expect(await worker.isOutput(founding, kb)).toBe(true);
  expect((await worker.respond('why is my pod in ImagePullBackOff?', context)).kind).not.toBe('diagnosis');
});
