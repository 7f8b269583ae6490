// The first run, as a newcomer does it: a copy of the project, `cp .env.example .env` (every value blank),
// `npm start`, the founding case pasted into the console chat, the fix read back; then the same with the Slack
// tokens filled in, against the Slack emulator. A blank value must mean the default (the bundled rules, the usual
// ports), never "empty". One copy of the project serves both runs (only its .env differs).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, rmSync } from 'node:fs';
import { cpEnvExample, freePort, MAIN, type Proc, projectCopy, start } from './support/bot-process.js';
import { messageEvent, type SlackEmulator, startSlackEmulator } from './support/slack-emulator.js';
import { founding, hasFoundingFix, posts } from './slack/user-view.js';

let dir: string;
const procs: Proc[] = [];
let emu: SlackEmulator;

/** `npm start` in `dir`; stopped (with everything npm started) when the tests end, whatever happened. */
function npmStart(dir: string): Proc {
  const p = start(dir, ['npm', 'start', '--silent']);
  procs.push(p);
  return p;
}

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: run `npm run build` first');
  emu = await startSlackEmulator();
  dir = projectCopy();
});

afterAll(async () => {
  for (const p of procs) p.stop('SIGKILL');
  await emu.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cp .env.example .env && npm start', () => {
  test('no tokens: the console chat answers the founding paste with the fix', async () => {
    cpEnvExample(dir, {});
    const p = npmStart(dir);
    await p.waitFor(/kube-doctor console chat/, 30_000);
    expect(p.out()).toContain('No Slack tokens configured');
    p.child.stdin!.write(`${founding}\n\n`);
    await p.waitFor(/nameserver 8\.8\.8\.8/);
    expect(p.out()).toContain('/etc/resolv.conf');
    expect(p.out()).toContain('minikube ssh');
    expect(p.out()).not.toContain("I'm not sure");
    p.child.stdin!.end('exit\n');
    expect(await p.exited).toBe(0);
  }, 60_000);

  test('with the Slack tokens filled in: HTTP mode answers the founding paste in its thread, and refuses a bad signature', async () => {
    emu.reset();
    const port = await freePort();
    cpEnvExample(dir, {
      SLACK_BOT_TOKEN: emu.botToken,
      SLACK_SIGNING_SECRET: emu.signingSecret,
      PORT: String(port),
      HOST: '127.0.0.1',
      SLACK_API_URL: emu.apiUrl,
    });
    const p = npmStart(dir);
    await p.waitFor(new RegExp(`listening for Slack in HTTP mode on http://127\\.0\\.0\\.1:${port}/slack/events`), 30_000);
    const url = `http://127.0.0.1:${port}/slack/events`;
    const ev = messageEvent({ text: founding });
    expect((await emu.sendEvent(url, ev)).status).toBe(200);
    await emu.waitFor((e) => posts(e).length === 1);
    expect(posts(emu)[0].args.thread_ts).toBe(ev.ts);
    expect(hasFoundingFix(posts(emu)[0].args)).toBe(true);
    expect((await emu.sendEvent(url, ev, { badSignature: true })).status).toBe(401);
    // Ctrl-C at the terminal signals npm and the bot alike: the bot finishes what it was doing and stops.
    const closed = new Promise((r) => p.child.once('close', r)); // every process holding its output has ended
    p.stop('SIGINT');
    await closed;
    expect(p.out()).toContain('"msg":"stopped"');
    expect(() => process.kill(-p.child.pid!, 0)).toThrow(); // and nothing of the group is left running
  }, 60_000);
});
