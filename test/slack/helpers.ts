// Starts the REAL kube-doctor Slack app (src/slack/app.ts, real Bolt) against the offline Slack emulator, in HTTP
// or Socket Mode, and reads back what Slack received, the way a user would see it.
import { afterAll, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createSlackApp, type SlackAppHandle } from '../../src/slack/app.js';
import { readConfig } from '../../src/config/read.js';
import { slackConfig } from '../../src/slack/config.js';
import type { SlackDeps } from '../../src/slack/deps.js';
import { loadKnowledgeBase } from '../../src/rules/load.js';
import { captureLogger, type CaptureLogger } from '../support/slack-logger.js';
import { startSlackEmulator, type RecordedCall, type SendEventOptions, type SlackEmulator, type SlashCommandInput } from '../support/slack-emulator.js';

export type Mode = 'http' | 'socket';
export const MODES: Mode[] = ['http', 'socket'];

export const kb = loadKnowledgeBase();
export const founding = readFileSync(new URL('../fixtures/founding/events.txt', import.meta.url), 'utf8');
export const FOR_MAC_1317 = 'https://github.com/docker/for-mac/issues/1317';
export const COMMAND = '/kube-doctor';

export interface Running {
  handle: SlackAppHandle;
  logger: CaptureLogger;
  /** HTTP mode: the app's /slack/events URL. */
  url?: string;
  /** Delivers an event the way the mode does (signed POST, or an events_api envelope); resolves once acked. */
  event(ev: Record<string, unknown>, opts?: SendEventOptions): Promise<void>;
  command(cmd: SlashCommandInput): Promise<void>;
  action(payload: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

/** The `.env` lines of `npm start` (node dist/main.js) against the emulator: HTTP mode on loopback `port`. */
export function httpEnvLines(emu: SlackEmulator, port: number): string[] {
  return [`SLACK_BOT_TOKEN=${emu.botToken}`, `SLACK_SIGNING_SECRET=${emu.signingSecret}`, `PORT=${port}`, 'HOST=127.0.0.1', `SLACK_API_URL=${emu.apiUrl}`];
}

/** The bot's configuration for the emulator: its tokens, loopback on a free port, in the given mode. */
export function emulatorConfig(emu: SlackEmulator, mode: Mode, env: Record<string, string> = {}) {
  return slackConfig(
    readConfig({
      SLACK_BOT_TOKEN: emu.botToken,
      ...(mode === 'socket' ? { SLACK_APP_TOKEN: emu.appToken } : { SLACK_SIGNING_SECRET: emu.signingSecret }),
      PORT: '0',
      HOST: '127.0.0.1',
      SLACK_API_URL: emu.apiUrl,
      ...env,
    }),
  );
}

export async function startKubeDoctor(emu: SlackEmulator, mode: Mode, deps: Partial<SlackDeps> = {}, env: Record<string, string> = {}): Promise<Running> {
  const config = emulatorConfig(emu, mode, env);
  const logger = captureLogger();
  // retries:1 with a tiny backoff: a broken call fails fast, yet a 429 is still waited out and retried once.
  const handle = createSlackApp(config, { kb, ...deps }, { logger, retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 } });
  const { port } = await handle.start();
  const url = mode === 'http' ? `http://127.0.0.1:${port}/slack/events` : undefined;
  const expectOk = (status: number, what: string) => {
    if (status !== 200) throw new Error(`${what}: HTTP ${status}`);
  };
  return {
    handle,
    logger,
    url,
    async event(ev, opts = {}) {
      if (url) expectOk((await emu.sendEvent(url, ev, opts)).status, 'event');
      else await emu.socket.sendEnvelope('events_api', ev, { retryAttempt: opts.retryNum, eventId: opts.eventId });
    },
    async command(cmd) {
      const full = { command: COMMAND, ...cmd };
      if (url) expectOk((await emu.sendCommand(url, full)).status, 'command');
      else await emu.socket.sendEnvelope('slash_commands', full);
    },
    async action(payload) {
      if (url) expectOk((await emu.sendAction(url, payload)).status, 'action');
      else await emu.socket.sendEnvelope('interactive', payload);
    },
    stop: () => handle.stop(),
  };
}

/** Undoes Slack's three entities: what the user reads. */
export function unescapeSlack(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Every piece of text in a message (fallback text, header, sections, context, button labels), as sent. */
export function rawText(msg: { text?: string; blocks?: any[] }): string {
  const parts: string[] = [msg.text ?? ''];
  const walk = (v: any): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (typeof v.text === 'string') parts.push(v.text);
      else if (v.text) walk(v.text);
      if (v.elements) walk(v.elements);
      if (v.fields) walk(v.fields);
      if (v.accessory) walk(v.accessory);
    }
  };
  walk(msg.blocks ?? []);
  return parts.join('\n');
}

/** What the user sees in the blocks (and the fallback text), entities decoded. */
export function visible(msg: { text?: string; blocks?: any[] }): string {
  return unescapeSlack(rawText(msg));
}

export function buttons(msg: { blocks?: any[] }): Array<{ action_id: string; value: string; label: string }> {
  return (msg.blocks ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements)
    .map((e: any) => ({ action_id: e.action_id, value: e.value, label: e.text.text }));
}

export const posts = (emu: SlackEmulator): RecordedCall[] => emu.callsTo('chat.postMessage');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asserts the founding diagnosis a user needs: the resolv.conf fix and the docker/for-mac#1317 link. */
export function hasFoundingFix(msg: { text?: string; blocks?: any[] }): boolean {
  const seen = visible(msg);
  return seen.includes('/etc/resolv.conf') && seen.includes('nameserver 8.8.8.8') && rawText(msg).includes(FOR_MAC_1317);
}

/** For a whole suite: the emulator and the bot, started before its tests and stopped after them. */
export function suiteBot(mode: Mode): { emu: SlackEmulator; bot: Running } {
  const suite = {} as { emu: SlackEmulator; bot: Running };
  beforeAll(async () => {
    suite.emu = await startSlackEmulator();
    suite.bot = await startKubeDoctor(suite.emu, mode);
  });
  afterAll(async () => {
    await suite.bot?.stop();
    await suite.emu?.close();
  });
  return suite;
}
