// `npm start` (node dist/main.js, as built by `npm run build`) as a real process: tokens in a .env file start the
// chosen Slack mode against the emulator; bad settings, rules it cannot use, a rejected token and a port in use
// are named, with the exit code. The console chat with no tokens, and HTTP mode, are started the newcomer's way
// (npm start in a copy of the project) in first-run.test.ts.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { dirWithEnv, freePort, MAIN, start } from '../support/bot-process.js';
import { startSlackEmulator, type SlackEmulator } from '../support/slack-emulator.js';
import { COMMAND, founding, hasFoundingFix, httpEnvLines } from './user-view.js';

const dirs: string[] = [];
let emu: SlackEmulator;

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: run `npm run build` first');
  emu = await startSlackEmulator();
});

afterAll(async () => {
  await emu.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('npm start', () => {
  test('is `node dist/main.js`, the process these tests run', () => {
    expect(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts.start).toBe('node dist/main.js');
  });

  test('with SLACK_BOT_TOKEN + SLACK_APP_TOKEN in .env: Socket Mode, answering a slash command', async () => {
    emu.reset();
    const dir = dirWithEnv([`SLACK_BOT_TOKEN=${emu.botToken}`, `SLACK_APP_TOKEN=${emu.appToken}`, `SLACK_API_URL=${emu.apiUrl}`, 'HEALTH_PORT=0']);
    dirs.push(dir);
    const p = start(dir);
    try {
      await p.waitFor(/connected to Slack in Socket Mode \(slash command \/kube-doctor\)/, 30_000);
      expect(emu.callsTo('apps.connections.open').map((c) => c.token)).toEqual([emu.appToken]);
      expect(emu.socket.connections).toBe(1);
      await emu.socket.sendEnvelope('slash_commands', { command: COMMAND, text: founding });
      await emu.waitFor((e) => e.responses.length === 1);
      expect(hasFoundingFix(emu.responses[0].body)).toBe(true);
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
    expect(p.out()).toContain('"signal":"SIGTERM"');
    expect(p.out()).toContain('"msg":"stopped"');
    await emu.waitFor((e) => e.socket.connections === 0);
  });

  test('malformed settings are named and the process exits with 2', async () => {
    const dir = dirWithEnv(['SLACK_BOT_TOKEN=xapp-1-wrong-slot', 'PORT=eighty']);
    dirs.push(dir);
    const p = start(dir);
    expect(await p.exited).toBe(2);
    expect(p.out()).toMatch(/SLACK_BOT_TOKEN is malformed.*put it in SLACK_APP_TOKEN/);
    expect(p.out()).toContain('PORT is malformed: expected a port number 0-65535, got "eighty".');
    expect(p.out()).not.toContain('xapp-1-wrong-slot');
  });

  test('a bot token alone: the missing half is named and the process exits with 2', async () => {
    const dir = dirWithEnv(['SLACK_BOT_TOKEN=xoxb-1-alone']);
    dirs.push(dir);
    const p = start(dir);
    expect(await p.exited).toBe(2);
    expect(p.out()).toContain('Neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is set');
  });

  // The rules policy's two refusals, one through each start path (the messages themselves: reload-unmatched.cases.ts).
  test.each([
    [
      'the console chat',
      [],
      'empty-rules',
      'kube-doctor: the rules could not be loaded:\nno rules in empty-rules (a rules folder needs at least one rule file with one rule)',
    ],
    ['the Slack bot', ['SLACK_BOT_TOKEN=xoxb-1-2', 'SLACK_SIGNING_SECRET=0123456789abcdef0123', 'PORT=0'], 'missing-rules', 'cannot read the rules folder'],
  ])('a rules folder with no rules, or none at all: %s does not start, and says why', async (_, lines, rules, message) => {
    const dir = dirWithEnv([...lines, `KUBE_DOCTOR_RULES=${rules}`]);
    dirs.push(dir);
    mkdirSync(join(dir, 'empty-rules'));
    const p = start(dir);
    expect(await p.exited).toBe(2);
    expect(p.out()).toContain('kube-doctor: the rules could not be loaded:\n');
    expect(p.out()).toContain(message);
  });

  test('a token Slack rejects is reported, and the process exits with 1', async () => {
    const dir = dirWithEnv(['SLACK_BOT_TOKEN=xoxb-revoked', `SLACK_APP_TOKEN=${emu.appToken}`, `SLACK_API_URL=${emu.apiUrl}`]);
    dirs.push(dir);
    const p = start(dir);
    expect(await p.exited).toBe(1);
    expect(p.out()).toContain('Slack rejected SLACK_BOT_TOKEN (auth.test: invalid_auth)');
  });

  test('a port in use is named, and the process exits with 1', async () => {
    const port = await freePort();
    const blocker: Server = await new Promise((resolve) => {
      const s = createServer().listen(port, '127.0.0.1', () => resolve(s));
    });
    const dir = dirWithEnv(httpEnvLines(emu, port));
    dirs.push(dir);
    try {
      const p = start(dir);
      expect(await p.exited).toBe(1);
      expect(p.out()).toContain(`cannot listen on port ${port}: it is already in use`);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
