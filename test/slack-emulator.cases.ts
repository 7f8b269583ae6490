// Proves the Slack emulator against the REAL Bolt 5 app machinery (HTTPReceiver, SocketModeReceiver, WebClient,
// respond()), over loopback. Nothing of Bolt is mocked: if these pass, kube-doctor's own Slack tests can trust the
// emulator's answers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { App, RespondError, SocketModeReceiver, type AppOptions } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSlackEmulator, type SlackEmulator } from './support/slack-emulator.js';
import { captureLogger, type CaptureLogger } from './support/slack-logger.js';
import { validateMessageBlocks } from './support/slack-block-limits.js';
import {
  appMentionEvent,
  blockActionsPayload,
  fileShareMessage,
  fileSharedEvent,
  messageEvent,
  richTextBlocks,
  SLACK_IDS,
  slackEscape,
  slashCommandPayload,
} from './support/slack-payloads.js';

// retries:1 with a tiny backoff: fast failure on a broken fake, yet one retry so a 429 can be waited out.
const clientOptions = (emu: SlackEmulator) => ({ slackApiUrl: emu.apiUrl, retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 } });

function baseOptions(emu: SlackEmulator, logger: CaptureLogger = captureLogger()): AppOptions {
  // botId + botUserId: otherwise the constructor calls auth.test before anything is listening.
  return { token: emu.botToken, botId: SLACK_IDS.botId, botUserId: SLACK_IDS.botUserId, logger, clientOptions: clientOptions(emu) };
}

async function startHttpApp(emu: SlackEmulator, logger: CaptureLogger, register: (app: App) => void): Promise<{ app: App; url: string }> {
  const app = new App({ ...baseOptions(emu, logger), signingSecret: emu.signingSecret });
  register(app);
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  return { app, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events` };
}

describe('payload builders', () => {
  it('slackEscape encodes &, <, > and auto-links hosts, URLs and emails like Slack', () => {
    expect(slackEscape('Back-off pulling image "registry-1.docker.io/library/nginx:1.25"')).toBe(
      'Back-off pulling image "<http://registry-1.docker.io/library/nginx:1.25|registry-1.docker.io/library/nginx:1.25>"',
    );
    expect(slackEscape('pull from registry-1.docker.io.')).toBe('pull from <http://registry-1.docker.io|registry-1.docker.io>.');
    expect(slackEscape('NODE   <none>   a && b > c')).toBe('NODE   &lt;none&gt;   a &amp;&amp; b &gt; c');
    expect(slackEscape('see https://kubernetes.io/docs/?a=1&b=2, ok')).toBe('see <https://kubernetes.io/docs/?a=1&amp;b=2>, ok');
    expect(slackEscape('mail ops@example.com')).toBe('mail <mailto:ops@example.com|ops@example.com>');
    // Not TLDs / not hosts: stay plain text.
    expect(slackEscape('kube-dns.kube-system.svc.cluster.local:53 values.yaml v1.2.3 10.0.0.1 libssl.so.1.1')).toBe(
      'kube-dns.kube-system.svc.cluster.local:53 values.yaml v1.2.3 10.0.0.1 libssl.so.1.1',
    );
    expect(slackEscape('```\nimage: gcr.io/x\n```')).toBe('```\nimage: <http://gcr.io/x|gcr.io/x>\n```'); // links in code too
  });

  it('messageEvent carries escaped text and a rich_text block with the code block preformatted', () => {
    const ev = messageEvent({ text: 'help:\n```Failed <none> from gcr.io```', channel: 'D123', user: 'U9' });
    expect(ev).toMatchObject({
      type: 'message',
      user: 'U9',
      channel: 'D123',
      channel_type: 'im',
      text: 'help:\n```Failed &lt;none&gt; from <http://gcr.io|gcr.io>```',
    });
    expect(ev.event_ts).toBe(ev.ts);
    const [block] = ev.blocks as Array<{ type: string; elements: Array<{ type: string; elements: unknown[] }> }>;
    expect(block.type).toBe('rich_text');
    expect(block.elements.map((e) => e.type)).toEqual(['rich_text_section', 'rich_text_preformatted']);
    expect(block.elements[1].elements).toEqual([
      { type: 'text', text: 'Failed <none> from ' }, // rich_text keeps raw characters
      { type: 'link', url: 'http://gcr.io', text: 'gcr.io' },
    ]);
  });

  it('appMentionEvent starts with the bot mention and has no channel_type', () => {
    const ev = appMentionEvent({ text: 'why is it crashing?' });
    expect(ev.type).toBe('app_mention');
    expect(ev.text).toBe(`<@${SLACK_IDS.botUserId}> why is it crashing?`);
    expect(ev).not.toHaveProperty('channel_type');
    expect(JSON.stringify(richTextBlocks('x', [{ type: 'user', user_id: 'U1' }]))).toContain('"user_id":"U1"');
  });

  it('slashCommandPayload escapes entities but does not auto-link unless should_escape', () => {
    expect(slashCommandPayload({ text: 'pod <x> gcr.io' }).text).toBe('pod &lt;x&gt; gcr.io');
    expect(slashCommandPayload({ text: 'gcr.io', shouldEscape: true }).text).toBe('<http://gcr.io|gcr.io>');
  });

  it('block validation mirrors Slack limits', () => {
    const section = (n: number) => ({ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(n) } });
    expect(validateMessageBlocks([section(3000)])).toEqual([]);
    expect(validateMessageBlocks([section(3001)])).toEqual(['must be less than 3001 characters [json-pointer:/blocks/0/text/text]']);
    expect(validateMessageBlocks(Array.from({ length: 51 }, () => ({ type: 'divider' })))).toEqual(['no more than 50 items allowed [json-pointer:/blocks]']);
    expect(validateMessageBlocks([{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }])).toHaveLength(1);
  });
});

describe('HTTP mode with a real Bolt app', () => {
  let emu: SlackEmulator;
  let app: App;
  let url: string;
  const logger = captureLogger();
  const seen: Record<string, unknown[]> = { commands: [], retryNums: [], respondErrors: [], postErrors: [] };

  beforeAll(async () => {
    emu = await startSlackEmulator();
    ({ app, url } = await startHttpApp(emu, logger, (a) => {
      a.command('/k8s', async ({ command, ack, respond, client }) => {
        await ack();
        seen.commands.push(command.text);
        try {
          await respond({ response_type: 'ephemeral', text: `diagnosing ${command.text}` });
        } catch (err) {
          // Expired response_url: fall back to an ephemeral message, the pattern kube-doctor needs.
          seen.respondErrors.push(err);
          await client.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, text: 'fallback' });
        }
      });
      a.event('app_mention', async ({ event, say, context }) => {
        seen.retryNums.push(context.retryNum);
        if (event.text.includes('too-big')) {
          const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
          await say({ text: 'x', blocks, thread_ts: event.ts }).catch((e: unknown) => seen.postErrors.push(e));
          return;
        }
        await say({ text: 'diagnosis', thread_ts: event.thread_ts ?? event.ts });
      });
      a.action('rerun', async ({ ack, respond }) => {
        await ack();
        await respond({ replace_original: false, text: 'rerunning' });
      });
      a.event('file_shared', async ({ event, client, context }) => {
        const { file } = await client.files.info({ file: event.file_id });
        const res = await fetch(file!.url_private_download!, { headers: { Authorization: `Bearer ${context.botToken}` } });
        const body = await res.text();
        await client.chat.postMessage({ channel: event.channel_id, text: `${res.headers.get('content-type')} ${body.length}` });
      });
    }));
  });

  afterAll(async () => {
    await app.stop();
    await emu.close();
  });

  beforeEach(() => {
    emu.reset();
    logger.lines.length = 0;
    for (const k of Object.keys(seen)) seen[k] = [];
  });

  it('signed slash command → 200 ack, respond() reaches the response_url', async () => {
    const res = await emu.sendCommand(url, { command: '/k8s', text: 'pod web-1 <none> & more' });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    await emu.waitFor((e) => e.responses.length === 1);
    expect(emu.responses[0]).toMatchObject({ status: 200, body: { response_type: 'ephemeral', text: 'diagnosing pod web-1 &lt;none&gt; &amp; more' } });
    expect(res.responseUrl).toBe(emu.responseUrl(emu.responses[0].id));
    expect(seen.commands).toEqual(['pod web-1 &lt;none&gt; &amp; more']);
    expect(emu.callsTo('auth.test')).toHaveLength(0);
  });

  it('rejects a bad signature and a 6-minute-old timestamp with 401 and records nothing', async () => {
    expect((await emu.sendCommand(url, { text: 'x' }, { badSignature: true })).status).toBe(401);
    expect((await emu.sendEvent(url, appMentionEvent({ text: 'x' }), { timestampOffsetSec: -360 })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 100)); // give a (wrongly) dispatched listener time to show up
    expect(emu.calls).toEqual([]);
    expect(emu.responses).toEqual([]);
    expect(seen.commands).toEqual([]);
    expect(logger.lines.filter((l) => l.text.includes('Failed to parse and verify the request data'))).toHaveLength(2);
  });

  it('app_mention event → chat.postMessage to the right channel and thread, with the bot token', async () => {
    const ev = appMentionEvent({ text: 'why CrashLoopBackOff?', channel: 'C0OTHER01', thread_ts: '1700000000.000100' });
    const res = await emu.sendEvent(url, ev, { retryNum: 1 });
    expect(res.status).toBe(200);
    await emu.waitFor((e) => e.callsTo('chat.postMessage').length === 1);
    const [call] = emu.callsTo('chat.postMessage');
    expect(call).toMatchObject({ token: emu.botToken, status: 200, args: { channel: 'C0OTHER01', thread_ts: '1700000000.000100', text: 'diagnosis' } });
    expect(call.result).toMatchObject({ ok: true, channel: 'C0OTHER01', ts: expect.stringMatching(/^\d{10}\.\d{6}$/) });
    expect(seen.retryNums).toEqual([1]);
    // Both the user's message and the bot's reply are now in the thread.
    const replies = await app.client.conversations.replies({ channel: 'C0OTHER01', ts: String(ev.ts) });
    expect(replies.messages?.map((m) => m.text)).toEqual([ev.text, 'diagnosis']);
  });

  it('answers invalid_blocks for more than 50 blocks, so the app sees a real platform error', async () => {
    await emu.sendEvent(url, appMentionEvent({ text: 'too-big' }));
    await emu.waitFor(() => seen.postErrors.length === 1);
    expect(seen.postErrors[0]).toMatchObject({ code: 'slack_webapi_platform_error', data: { error: 'invalid_blocks' } });
    expect(emu.callsTo('chat.postMessage')[0].result.errors).toEqual(['no more than 50 items allowed [json-pointer:/blocks]']);
    // WebClient surfaces Slack's response_metadata.messages in the log, as with the real API.
    expect(logger.lines).toContainEqual({ level: 'error', text: 'no more than 50 items allowed [json-pointer:/blocks]' });
  });

  it('block_actions → respond() reaches the response_url', async () => {
    const res = await emu.sendAction(url, blockActionsPayload({ actionId: 'rerun', value: 'pod/web-1' }));
    expect(res.status).toBe(200);
    await emu.waitFor((e) => e.responses.length === 1);
    expect(emu.responses[0].body).toEqual({ replace_original: false, text: 'rerunning' });
    expect(res.responseUrl).toContain(emu.responses[0].id);
  });

  it('an expired response_url makes respond() throw, so the app falls back to chat.postEphemeral', async () => {
    emu.failResponseUrl('expired-1', 404);
    await emu.sendCommand(url, { text: 'pod x', response_url: emu.responseUrl('expired-1') });
    await emu.waitFor((e) => e.callsTo('chat.postEphemeral').length === 1);
    expect(seen.respondErrors[0]).toBeInstanceOf(RespondError);
    expect(emu.responses).toMatchObject([{ id: 'expired-1', status: 404 }]);
    expect(emu.callsTo('chat.postEphemeral')[0].args).toMatchObject({ channel: SLACK_IDS.channelId, user: SLACK_IDS.userId, text: 'fallback' });
  });

  it('429 once: WebClient waits Retry-After, retries, and the message is posted', async () => {
    emu.rateLimitOnce('chat.postMessage', 1);
    await emu.sendEvent(url, appMentionEvent({ text: 'hi' }));
    await emu.waitFor((e) => e.callsTo('chat.postMessage').length === 2, 8000);
    const [limited, ok] = emu.callsTo('chat.postMessage');
    expect(limited.status).toBe(429);
    expect(ok).toMatchObject({ status: 200, result: { ok: true } });
    expect(ok.at - limited.at).toBeGreaterThanOrEqual(1000);
  }, 15000);

  it('serves private files only with the bot token; otherwise a 200 HTML sign-in page, like Slack', async () => {
    const file = emu.addFile({ id: 'F0LOGS001', name: 'crash.log', content: 'panic: boom\n'.repeat(10) });
    expect(file).toMatchObject({ mode: 'snippet', filetype: 'text', lines: 11, preview_is_truncated: true });
    const authed = await fetch(file.url_private_download, { headers: { Authorization: `Bearer ${emu.botToken}` } });
    expect(authed.headers.get('content-type')).toBe('text/plain');
    expect(await authed.text()).toBe('panic: boom\n'.repeat(10));
    const anon = await fetch(file.url_private);
    expect(anon.status).toBe(200);
    expect(anon.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await anon.text()).toContain('Sign in');
    const wrong = await fetch(file.url_private, { headers: { Authorization: 'Bearer xoxb-someone-else' } });
    expect(wrong.headers.get('content-type')).toMatch(/^text\/html/);
    await wrong.text();
    expect(emu.downloads.map((d) => d.authorized)).toEqual([true, false, false]);
    const redirecting = emu.addFile({ name: 'x.txt', content: 'x', htmlWithoutAuth: false });
    const r = await fetch(redirecting.url_private, { redirect: 'manual' });
    expect(r.status).toBe(302);
  });

  it('file_shared → files.info → authenticated download → reply (the snippet flow)', async () => {
    const file = emu.addFile({ name: 'describe.txt', content: 'Events:\n  Warning  BackOff' });
    await emu.sendEvent(url, fileSharedEvent(file));
    await emu.waitFor((e) => e.callsTo('chat.postMessage').length === 1);
    expect(emu.callsTo('files.info')[0].result.file.id).toBe(file.id);
    expect(emu.downloads).toMatchObject([{ fileId: file.id, authorized: true, status: 200 }]);
    expect(emu.callsTo('chat.postMessage')[0].args.text).toBe('text/plain 26');
    // The message a user's snippet arrives in carries the same object.
    expect(fileShareMessage({ text: 'see file', files: [file] })).toMatchObject({ subtype: 'file_share', files: [{ id: file.id }] });
  });

  it('files.uploadV2 goes through getUploadURLExternal → upload URL → completeUploadExternal', async () => {
    const res = await app.client.files.uploadV2({
      channel_id: SLACK_IDS.channelId,
      thread_ts: '1700000000.000200',
      filename: 'report.md',
      content: '# report\n',
      initial_comment: 'full report',
    });
    expect(res.ok).toBe(true);
    expect(emu.uploads).toHaveLength(1);
    const [up] = emu.uploads;
    expect(up).toMatchObject({
      filename: 'report.md',
      length: 9,
      completed: true,
      channel_id: SLACK_IDS.channelId,
      thread_ts: '1700000000.000200',
      initial_comment: 'full report',
    });
    expect(up.content?.toString()).toBe('# report\n');
    const info = await app.client.files.info({ file: up.fileId });
    expect(info.file?.name).toBe('report.md');
  });

  it('setMethodResult, unknown methods and token checks behave like Slack', async () => {
    emu.setMethodResult('users.info', (args) => ({ ok: true, user: { id: args.user, name: 'bob', tz: 'UTC' } }));
    expect((await app.client.users.info({ user: 'U0BOB' })).user).toEqual({ id: 'U0BOB', name: 'bob', tz: 'UTC' });
    await expect(app.client.apiCall('pods.diagnose')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    await expect(app.client.auth.test({ token: 'xoxb-wrong' })).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await expect(app.client.apps.connections.open({})).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
  });

  it('a bare HTTP 503 is retried by WebClient per retryConfig', async () => {
    emu.httpErrorOnce('chat.postMessage', 503);
    await app.client.chat.postMessage({ channel: SLACK_IDS.channelId, text: 'after outage' });
    expect(emu.callsTo('chat.postMessage').map((c) => c.status)).toEqual([503, 200]);
  });
});

describe('Socket Mode with a real Bolt app', () => {
  let emu: SlackEmulator;
  let app: App;
  const retryNums: unknown[] = [];

  beforeAll(async () => {
    emu = await startSlackEmulator();
    app = new App({ ...baseOptions(emu), appToken: emu.appToken, socketMode: true });
    app.event('app_mention', async ({ event, say, context }) => {
      retryNums.push(context.retryNum);
      await say({ text: 'socket diagnosis', thread_ts: event.ts });
    });
    app.command('/k8s', async ({ command, ack }) => {
      if (command.text === '') return ack({ response_type: 'ephemeral', text: 'usage: /k8s pod <name>' });
      await ack();
    });
    app.action('rerun', async ({ ack, respond }) => {
      await ack();
      await respond('rerunning');
    });
    await app.start();
  });

  afterAll(async () => {
    await app.stop(); // starts the WS close handshake; emu.close() waits for it to finish
    await emu.close();
  });

  it('connects through apps.connections.open with the app token', () => {
    expect(emu.callsTo('apps.connections.open').map((c) => c.token)).toEqual([emu.appToken]);
    expect(emu.socket.connections).toBe(1);
    expect(emu.socket.opens).toBe(1);
  });

  it('events_api envelope is acked and the reply is recorded', async () => {
    const ev = appMentionEvent({ text: 'status?', channel: 'C0SOCKET1' });
    const ack = await emu.socket.sendEnvelope('events_api', ev, { retryAttempt: 2 });
    expect(ack.payload).toEqual({});
    await emu.waitFor((e) => e.callsTo('chat.postMessage').length === 1);
    expect(emu.callsTo('chat.postMessage')[0].args).toMatchObject({ channel: 'C0SOCKET1', thread_ts: ev.ts, text: 'socket diagnosis' });
    expect(retryNums).toEqual([2]);
  });

  it('slash_commands envelope: ack payload is the immediate reply', async () => {
    const ack = await emu.socket.sendEnvelope('slash_commands', { command: '/k8s', text: '' });
    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: 'usage: /k8s pod <name>' });
  });

  it('interactive envelope: acked, respond() hits the response_url', async () => {
    await emu.socket.sendEnvelope('interactive', blockActionsPayload({ actionId: 'rerun' }));
    await emu.waitFor((e) => e.responses.some((r) => r.body.text === 'rerunning'));
  });

  it('an envelope nobody acks rejects instead of hanging', async () => {
    // No listener for /unknown: Bolt never acks it (over HTTP it would answer 404 after 3 s).
    await expect(emu.socket.sendEnvelope('slash_commands', { command: '/unknown', text: 'x' }, { ackTimeoutMs: 300 })).rejects.toThrow(/no ack/);
  });
});

describe('Socket Mode reconnect after a Slack-initiated disconnect', () => {
  it('reconnects via a fresh apps.connections.open and keeps serving envelopes', async () => {
    const emu = await startSlackEmulator();
    // An explicit receiver because App({socketMode}) does not forward clientPingTimeout, which also sets the
    // reconnect delay (default 5 s).
    const receiver = new SocketModeReceiver({
      appToken: emu.appToken,
      clientPingTimeout: 300,
      logger: captureLogger(),
      installerOptions: { clientOptions: clientOptions(emu) },
    });
    const app = new App({ ...baseOptions(emu), receiver });
    app.event('app_mention', async ({ say }) => {
      await say('still here');
    });
    await app.start();
    try {
      emu.socket.disconnectAll();
      await emu.waitFor((e) => e.socket.opens === 2 && e.socket.connections === 1);
      expect(emu.callsTo('apps.connections.open')).toHaveLength(2);
      await emu.socket.sendEnvelope('events_api', appMentionEvent({ text: 'ping' }));
      await emu.waitFor((e) => e.callsTo('chat.postMessage').length === 1);
    } finally {
      await app.stop();
      await emu.close();
    }
  });
});
