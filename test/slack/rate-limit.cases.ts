// Large pastes are rate-limited per user, in the shared state: two replicas (two real Slack apps on real Bolt)
// sharing one real redis-server count one user's large pastes together; past the limit the user is told why and
// when to come back, small pastes are still answered, and other users are not affected.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { RedisState } from '../../src/state/redis.js';
import { findRedisServer, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { messageEvent, startSlackEmulator, type SlackEmulator } from '../support/slack-emulator.js';
import { founding, posts, startKubeDoctor, visible, type Running } from './helpers.js';

const hasRedis = Boolean(findRedisServer());
if (!hasRedis) console.warn('redis-server is not installed (apt-get install redis-server): the shared rate-limit test is skipped');

let emu: SlackEmulator;
let redis: RedisServer | undefined;
const running: Running[] = [];
const states: RedisState[] = [];
// The founding paste plus an application log tail: over 2 kB, the limit set below.
const large = `${founding}\n${Array.from({ length: 40 }, (_, i) => `app log line ${i}: request served in ${i} ms`).join('\n')}`;
const limit = { bytes: 2000, perUser: 2, windowMs: 10 * 60 * 1000 };

beforeAll(async () => {
  emu = await startSlackEmulator();
  if (hasRedis) redis = await startRedisServer();
});
afterAll(async () => {
  for (const r of running) await r.stop();
  for (const s of states) await s.close();
  await redis?.stop();
  await emu.close();
});

async function dm(bot: Running, text: string, user = 'U0LIMIT'): Promise<string> {
  const before = posts(emu).length;
  await bot.event(messageEvent({ text, user, channel: `D${user}`, channel_type: 'im' }));
  await emu.waitFor((e) => posts(e).length === before + 1, 15_000);
  return visible(posts(emu)[before].args);
}

(hasRedis ? test : test.skip)("one user's large pastes count across both replicas; the third gets a clear reply", async () => {
  for (let i = 0; i < 2; i++) {
    const state = await RedisState.connect({ url: redis!.url, keyPrefix: 'kd-rate:' });
    states.push(state);
    running.push(await startKubeDoctor(emu, 'http', { state, largePaste: limit }));
  }
  const [a, b] = running;
  expect(Buffer.byteLength(large)).toBeGreaterThan(limit.bytes);
  expect(await dm(a, large)).toContain('/etc/resolv.conf');
  expect(await dm(b, large)).toContain('/etc/resolv.conf');
  const limited = await dm(a, large);
  expect(limited).toMatch(
    /You have sent 2 large pastes \(over 2\.0 KB\) in the last 10 minutes, so I am not reading this one\. I can take large pastes from you again in \d+ min\./,
  );
  expect(limited).not.toContain('/etc/resolv.conf');
  // A small paste from the same user, and a large one from someone else, are still answered.
  expect(await dm(b, founding)).toContain('/etc/resolv.conf');
  expect(await dm(b, large, 'U0OTHER')).toContain('/etc/resolv.conf');
  expect(await dm(b, '有大段内容 ' + large)).toMatch(/分钟内已经发送了 2 段大内容/);
});
