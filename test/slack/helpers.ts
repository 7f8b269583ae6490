// Starts the REAL kube-doctor Slack app (src/slack/app.ts, real Bolt) against the offline Slack emulator, in HTTP
// or Socket Mode, and reads back what Slack received, the way a user would see it.
import { afterAll, beforeAll } from '@jest/globals';
import { createSlackApp, type SlackAppHandle } from '../../src/slack/app.js';
import { readConfig } from '../../src/config/read.js';
import { slackConfig } from '../../src/slack/config.js';
import type { SlackDeps } from '../../src/slack/deps.js';
import { loadKnowledgeBase } from '../../src/rules/load.js';
import { captureLogger, type CaptureLogger } from '../support/slack-logger.js';
import { startSlackEmulator, type SendEventOptions, type SlackEmulator, type SlashCommandInput } from '../support/slack-emulator.js';
import { COMMAND } from './user-view.js';

export { buttons, COMMAND, FOR_MAC_1317, founding, hasFoundingFix, httpEnvLines, posts, rawText, unescapeSlack, visible } from './user-view.js';

export type Mode = 'http' | 'socket';
export const MODES: Mode[] = ['http', 'socket'];

export const kb = loadKnowledgeBase();

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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
