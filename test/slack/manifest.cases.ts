// manifest.yml against the code, both ways: every command, event and scope the app uses is in the manifest, and
// nothing in the manifest is unused. The code side is read twice: statically (which listeners src/slack registers)
// and by running the real app against the emulator and recording what it actually calls.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { VARIABLES } from '../../src/config/schema.js';
import { ACTIONS } from '../../src/slack/blocks.js';
import {
  appMentionEvent,
  blockActionsPayload,
  fileShareMessage,
  messageEvent,
  SLACK_IDS,
  startSlackEmulator,
  type SlackEmulator,
} from '../support/slack-emulator.js';
import { buttons, founding, hasFoundingFix, posts, startKubeDoctor, type Running } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8'));
const botEvents: string[] = manifest.settings.event_subscriptions.bot_events;
const scopes: string[] = manifest.oauth_config.scopes.bot;
const commands: Array<{ command: string; should_escape?: boolean; description: string; url?: string }> = manifest.features.slash_commands;

/** Slack's documented scope for each event subscription. */
const EVENT_SCOPE: Record<string, string> = {
  app_mention: 'app_mentions:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  'message.mpim': 'mpim:history',
  file_shared: 'files:read',
};
/** Scopes of the Web API methods (bot token); conversations.replies is covered by the history scope of its channel. */
const METHOD_SCOPE: Record<string, string | null> = {
  'auth.test': null,
  'apps.connections.open': null, // app-level token, connections:write, not a bot scope
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'conversations.replies': null,
  'files.info': 'files:read',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const source = sourceFiles(join(root, 'src/slack'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('manifest.yml', () => {
  test('is a complete Socket Mode manifest with a writable Messages tab for DMs and interactivity for the buttons', () => {
    expect(manifest._metadata).toEqual({ major_version: 1, minor_version: 1 });
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.features.bot_user.display_name).toBe('kube-doctor');
    expect(manifest.features.app_home).toMatchObject({ messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect(manifest.settings).toMatchObject({ interactivity: { is_enabled: true }, socket_mode_enabled: true });
    for (const c of commands) {
      expect(c.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.url).toBeUndefined(); // Socket Mode: no request URLs
    }
    expect(manifest.settings.event_subscriptions.request_url).toBeUndefined();
  });

  test('every listener in src/slack has its command or event in the manifest, and every manifest entry has a listener', () => {
    const codeEvents = new Set([...source.matchAll(/app\.event\(\s*'([^']+)'/g)].map((m) => m[1]));
    if (/app\.message\(/.test(source)) codeEvents.add('message');
    expect([...codeEvents].sort()).toEqual(['app_mention', 'message']);
    for (const e of codeEvents) expect(botEvents.some((b) => b === e || b.startsWith(`${e}.`))).toBe(true);
    for (const b of botEvents) expect(codeEvents.has(b.split('.')[0])).toBe(true);
    // The one command is registered under the configured name, whose default is the manifest's.
    expect(source).toMatch(/app\.command\(s\.command/);
    expect(commands.map((c) => c.command)).toEqual([VARIABLES.KUBE_DOCTOR_COMMAND.fallback]);
    expect(commands[0].should_escape).toBe(false);
    // Buttons need interactivity; every action id the blocks use has a listener.
    for (const id of Object.values(ACTIONS)) expect(source).toContain(`ACTIONS.${Object.entries(ACTIONS).find(([, v]) => v === id)![0]}`);
  });

  test('every event subscription has its scope', () => {
    for (const e of botEvents) expect(scopes).toContain(EVENT_SCOPE[e]);
  });
});

describe('the running app uses exactly what the manifest grants', () => {
  let emu: SlackEmulator;
  let bot: Running;
  const replied = new Map<string, boolean>();

  beforeAll(async () => {
    emu = await startSlackEmulator();
    bot = await startKubeDoctor(emu, 'socket', { maxFileBytes: 1 << 20 });
    const threadRoot = (channel: string) => {
      const ts = `17000009${String(replied.size).padStart(2, '0')}.000100`;
      emu.addMessage(channel, { type: 'message', user: SLACK_IDS.userId, text: founding, ts });
      return ts;
    };
    // One delivery per subscribed event, each in a thread the bot has to read (conversations.replies).
    const perEvent: Record<string, () => Record<string, unknown>> = {
      app_mention: () => appMentionEvent({ text: '', thread_ts: threadRoot(SLACK_IDS.channelId) }),
      'message.channels': () => messageEvent({ channel: SLACK_IDS.channelId, text: founding, thread_ts: threadRoot(SLACK_IDS.channelId) }),
      'message.groups': () => messageEvent({ channel: SLACK_IDS.groupId, text: founding, thread_ts: threadRoot(SLACK_IDS.groupId) }),
      'message.im': () => messageEvent({ channel: SLACK_IDS.imChannelId, text: founding, thread_ts: threadRoot(SLACK_IDS.imChannelId) }),
      'message.mpim': () => messageEvent({ channel: 'G0KDMPIM1', channel_type: 'mpim', text: founding }),
    };
    for (const e of botEvents) {
      const before = posts(emu).length;
      const ev = perEvent[e]?.();
      if (!ev) continue;
      await bot.event(ev);
      await emu.waitFor((x) => posts(x).length > before);
      replied.set(e, hasFoundingFix(posts(emu)[before].args));
    }
    // A snippet (files:read), the slash command (commands) and a button (interactivity).
    const file = emu.addFile({ name: 'events.txt', content: founding });
    await bot.event(fileShareMessage({ text: '', files: [file] }));
    await emu.waitFor((x) => x.downloads.length === 1);
    await bot.command({ text: founding });
    await emu.waitFor((x) => x.responses.length === 1);
    const evidence = buttons(emu.responses[0].body).find((b) => b.action_id === ACTIONS.showEvidence)!;
    await bot.action(blockActionsPayload({ actionId: ACTIONS.showEvidence, value: evidence.value, isEphemeral: true }));
    await emu.waitFor((x) => x.responses.length === 2);
  });

  afterAll(async () => {
    await bot.stop();
    await emu.close();
  });

  test('each subscribed event is one the app answers', () => {
    expect(Object.fromEntries(replied)).toEqual(Object.fromEntries(botEvents.map((e) => [e, true])));
  });

  test('every Web API method the app called is covered by a manifest scope, and every scope was needed', () => {
    const methods = [...new Set(emu.calls.map((c) => c.method))].sort();
    for (const m of methods) expect(Object.keys(METHOD_SCOPE)).toContain(m); // a new method: add its scope here and to the manifest
    const used = new Set<string>([
      ...botEvents.map((e) => EVENT_SCOPE[e]),
      ...methods.map((m) => METHOD_SCOPE[m]).filter((s): s is string => s !== null),
      'commands',
      ...(emu.downloads.some((d) => d.authorized) ? ['files:read'] : []),
    ]);
    expect([...used].sort()).toEqual([...scopes].sort());
    expect(
      emu
        .callsTo('conversations.replies')
        .map((c) => c.args.channel)
        .sort(),
    ).toEqual([SLACK_IDS.channelId, SLACK_IDS.channelId, SLACK_IDS.groupId, SLACK_IDS.imChannelId].sort());
  });
});
