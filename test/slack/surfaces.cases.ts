// Every Slack surface of kube-doctor, end to end: the REAL app (src/slack/app.ts on real Bolt 5) against the
// offline Slack emulator, once over HTTP (signed requests) and once over Socket Mode (WebSocket envelopes).
// Each test checks what Slack received: text and blocks as the user sees them, channel, thread_ts, ephemeral or not.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Diagnosis } from '../../src/diagnose/diagnose.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { LiveLookup } from '../../src/slack/deps.js';
import {
  appMentionEvent,
  blockActionsPayload,
  fileShareMessage,
  messageEvent,
  SLACK_IDS,
  startSlackEmulator,
  type SlackEmulator,
} from '../support/slack-emulator.js';
import {
  buttons,
  COMMAND,
  FOR_MAC_1317,
  founding,
  hasFoundingFix,
  kb,
  MODES,
  posts,
  rawText,
  sleep,
  startKubeDoctor,
  visible,
  type Running,
} from './helpers.js';

interface Question {
  text: string;
  expected: string;
  source: string;
}
const questions: Question[] = JSON.parse(readFileSync(new URL('../fixtures/questions.json', import.meta.url), 'utf8'));
const chatter = questions.filter((q) => q.expected === 'none');

/** A live lookup as the live-lookup issue will plug it in: here it answers from a canned paste. */
const fakeLive: LiveLookup = async (pod) => {
  if (pod.name === 'boom') throw new Error('cluster exploded');
  if (pod.name === 'missing') return { kind: 'message', text: `pod ${pod.name} not found` };
  return { kind: 'diagnosis', diagnosis: diagnose(founding, kb) as Diagnosis };
};

describe.each(MODES)('kube-doctor in %s mode', (mode) => {
  let emu: SlackEmulator;
  let bot: Running;
  let live: Running | undefined;

  beforeAll(async () => {
    emu = await startSlackEmulator();
    bot = await startKubeDoctor(emu, mode, { maxFileBytes: 64 * 1024 });
  });

  afterAll(async () => {
    await bot.stop();
    await live?.stop();
    await emu.close();
  });

  beforeEach(() => {
    emu.reset();
    bot.logger.lines.length = 0;
  });

  afterEach(() => {
    // Socket Mode: every envelope Slack sent was acknowledged (sendEnvelope also rejects after 3 s without one).
    if (mode === 'socket') expect(emu.socket.acks.map((a) => a.envelope_id).sort()).toEqual(emu.socket.envelopes.map((e) => e.envelope_id).sort());
  });

  /** Sends a message that must get a reply, waits for it: proves earlier silent messages had their chance. */
  async function sentinel(): Promise<void> {
    const before = posts(emu).length;
    const ev = messageEvent({ text: founding });
    await bot.event(ev);
    await emu.waitFor((e) => posts(e).some((c) => c.args.thread_ts === ev.ts));
    await sleep(150);
    expect(posts(emu).length).toBe(before + 1);
  }

  describe('slash command', () => {
    test('the founding paste: an ephemeral report via respond() with the resolv.conf fix, the for-mac#1317 link and a Share button', async () => {
      await bot.command({ text: founding });
      await emu.waitFor((e) => e.responses.length >= 1);
      const [r] = emu.responses;
      expect(r.status).toBe(200);
      expect(r.body.response_type).toBe('ephemeral');
      expect(hasFoundingFix(r.body)).toBe(true);
      expect(visible(r.body)).toContain("sudo sh -c 'echo nameserver 8.8.8.8 > /etc/resolv.conf'");
      expect(rawText(r.body)).toContain('echo nameserver 8.8.8.8 &gt; /etc/resolv.conf'); // escaped on the wire
      expect(r.body.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: expect.stringContaining('minikube') } });
      expect(visible(r.body)).toMatch(/image-pull-dns-minikube-hyperkit/);
      expect(visible(r.body)).toMatch(/confidence \*9\d%\*/);
      expect(buttons(r.body).map((b) => b.action_id)).toEqual(['kd_feedback_up', 'kd_feedback_down', 'kd_show_evidence', 'kd_share']);
      expect(posts(emu)).toHaveLength(0);
      expect(emu.callsTo('chat.postEphemeral')).toHaveLength(0);
    });

    test.each(['', 'help', '  HELP  '])('"%s" shows usage, naming the command', async (text) => {
      await bot.command({ text });
      await emu.waitFor((e) => e.responses.length >= 1);
      const body = emu.responses[0].body;
      expect(body.response_type).toBe('ephemeral');
      expect(visible(body)).toContain(`${COMMAND} pod <name> [-n <namespace>]`);
      expect(visible(body)).toContain('kubectl describe pod <name> -n <namespace>');
      expect(rawText(body)).toContain('&lt;name&gt;');
    });

    test('`pod NAME -n NS` without a cluster says what to run and paste', async () => {
      await bot.command({ text: 'pod web-7d9 -n shop' });
      await emu.waitFor((e) => e.responses.length >= 1);
      const body = emu.responses[0].body;
      expect(body.response_type).toBe('ephemeral');
      expect(visible(body)).toContain('No cluster is connected');
      expect(visible(body)).toContain('kubectl describe pod web-7d9 -n shop');
    });

    test('a vague question gets what to run and paste, not a guess and not silence', async () => {
      await bot.command({ text: 'why is my pod stuck?' });
      await emu.waitFor((e) => e.responses.length >= 1);
      expect(visible(emu.responses[0].body)).toContain("I can't tell what is wrong from the words alone");
      expect(visible(emu.responses[0].body)).toContain('kubectl describe pod POD -n NAMESPACE');
    });

    test('a question that names a status is answered, in Slack as in the console', async () => {
      await bot.command({ text: 'why is it called ImagePullBackOff?' });
      await emu.waitFor((e) => e.responses.length >= 1);
      const seen = visible(emu.responses[0].body);
      expect(seen).toMatch(/exponential back-off/i);
      expect(seen).toMatch(/10 ?s/);
      expect(seen).toMatch(/300 ?s|5 min/);
    });

    test('an expired response_url: the report falls back to chat.postEphemeral for the same user and channel', async () => {
      emu.failResponseUrl('expired-1', 404);
      await bot.command({ text: founding, response_url: emu.responseUrl('expired-1'), channel_id: 'C0KDOTHER' });
      await emu.waitFor((e) => e.callsTo('chat.postEphemeral').length >= 1);
      const [call] = emu.callsTo('chat.postEphemeral');
      expect(call.args).toMatchObject({ channel: 'C0KDOTHER', user: SLACK_IDS.userId });
      expect(hasFoundingFix(call.args)).toBe(true);
      expect(emu.responses).toMatchObject([{ id: 'expired-1', status: 404 }]);
      expect(bot.logger.lines.some((l) => l.level === 'warn' && l.text.includes('falling back to chat.postEphemeral'))).toBe(true);
    });
  });

  describe('channel pastes', () => {
    test('the founding paste in a channel: one reply, in a thread on that message, not ephemeral', async () => {
      const ev = messageEvent({ text: founding });
      await bot.event(ev);
      await emu.waitFor((e) => posts(e).length >= 1);
      await sleep(100);
      expect(posts(emu)).toHaveLength(1);
      const [call] = posts(emu);
      expect(call.args).toMatchObject({ channel: SLACK_IDS.channelId, thread_ts: ev.ts, unfurl_links: 'false' }); // form-encoded by WebClient
      expect(call.token).toBe(emu.botToken);
      expect(hasFoundingFix(call.args)).toBe(true);
      expect(buttons(call.args).map((b) => b.action_id)).toEqual(['kd_feedback_up', 'kd_feedback_down', 'kd_show_evidence']);
      expect(emu.callsTo('chat.postEphemeral')).toHaveLength(0);
    });

    test('the founding paste in a code fence, with a question around it, in a private channel', async () => {
      const ev = messageEvent({ channel: SLACK_IDS.groupId, text: `minikube can't pull nginx, any idea?\n\`\`\`\n${founding}\`\`\`` });
      await bot.event(ev);
      await emu.waitFor((e) => posts(e).length >= 1);
      expect(posts(emu)[0].args).toMatchObject({ channel: SLACK_IDS.groupId, thread_ts: ev.ts });
      expect(hasFoundingFix(posts(emu)[0].args)).toBe(true);
    });

    test(`the ${chatter.length} non-Kubernetes messages of the questions corpus get no reply`, async () => {
      for (const q of chatter) await bot.event(messageEvent({ text: q.text }));
      await sentinel();
    });

    test("questions in prose, bots, edits, deletions, joins and the bot's own posts get no reply", async () => {
      await bot.event(messageEvent({ text: 'why is my pod in CrashLoopBackOff? and what does ImagePullBackOff mean?' }));
      await bot.event(messageEvent({ text: founding, bot_id: 'B0OTHERBOT', subtype: 'bot_message', user: 'U0OTHERBOT' }));
      await bot.event(messageEvent({ text: founding, bot_id: 'B0OTHERBOT', user: 'U0OTHERBOT' }));
      await bot.event(messageEvent({ text: founding, user: SLACK_IDS.botUserId, bot_id: SLACK_IDS.botId }));
      await bot.event(messageEvent({ subtype: 'message_changed', text: founding, message: { text: founding, user: SLACK_IDS.userId, ts: '1.000001' } }));
      await bot.event(messageEvent({ subtype: 'message_deleted', text: '' }));
      await bot.event(messageEvent({ subtype: 'channel_join', text: `<@${SLACK_IDS.userId}> has joined the channel` }));
      await sentinel();
    });

    test('a redelivered event (same event_id, retry header / retry_attempt) gives one reply', async () => {
      const ev = messageEvent({ text: founding });
      await bot.event(ev, { eventId: 'Ev0REDELIVER' });
      await bot.event(ev, { eventId: 'Ev0REDELIVER', retryNum: 1, retryReason: 'http_timeout' });
      await bot.event(ev, { eventId: 'Ev0REDELIVER', retryNum: 2 });
      await emu.waitFor((e) => posts(e).length >= 1);
      await sleep(200);
      expect(posts(emu)).toHaveLength(1);
    });

    test("a paste in a thread the bot answered is diagnosed with the thread's earlier messages", async () => {
      const root = messageEvent({ text: founding });
      await bot.event(root);
      await emu.waitFor((e) => posts(e).length === 1);
      // On its own this line only says "ImagePullBackOff"; with the thread it is the minikube DNS case again.
      const alone = 'Warning  Failed     6s (x2 over 7s)  kubelet            Error: ImagePullBackOff';
      const follow = messageEvent({ text: alone, thread_ts: String(root.ts) });
      await bot.event(follow);
      await emu.waitFor((e) => posts(e).length === 2);
      const reply = posts(emu)[1];
      expect(reply.args.thread_ts).toBe(root.ts);
      expect(hasFoundingFix(reply.args)).toBe(true);
      expect(emu.callsTo('conversations.replies').map((c) => c.args)).toEqual([expect.objectContaining({ channel: SLACK_IDS.channelId, ts: root.ts })]);
      // Small talk in that thread stays unanswered.
      await bot.event(messageEvent({ text: 'thanks, that fixed it!', thread_ts: String(root.ts) }));
      await sentinel();
    });

    test('the same line in a thread the bot never answered is diagnosed on its own', async () => {
      const rootTs = '1700000100.000100';
      emu.addMessage(SLACK_IDS.channelId, { type: 'message', user: SLACK_IDS.userId, text: founding, ts: rootTs });
      const ev = messageEvent({ text: 'Warning  Failed     6s (x2 over 7s)  kubelet            Error: ImagePullBackOff', thread_ts: rootTs });
      await bot.event(ev);
      await emu.waitFor((e) => posts(e).length === 1);
      expect(posts(emu)[0].args.thread_ts).toBe(rootTs);
      expect(visible(posts(emu)[0].args)).toContain('image-pull-backoff');
      expect(visible(posts(emu)[0].args)).not.toContain('image-pull-dns-minikube-hyperkit');
    });

    test('a Slack 429 on chat.postMessage is waited out and retried: the reply still arrives once', async () => {
      emu.rateLimitOnce('chat.postMessage', 1);
      await bot.event(messageEvent({ text: founding }));
      await emu.waitFor((e) => posts(e).some((c) => c.status === 200), 8000);
      expect(posts(emu).map((c) => c.status)).toEqual([429, 200]);
    }, 15000);
  });

  describe('DMs', () => {
    test('the founding paste in a DM: a reply in the DM, not in a thread', async () => {
      const ev = messageEvent({ channel: SLACK_IDS.imChannelId, text: founding });
      await bot.event(ev);
      await emu.waitFor((e) => posts(e).length >= 1);
      const [call] = posts(emu);
      expect(call.args.channel).toBe(SLACK_IDS.imChannelId);
      expect(call.args.thread_ts).toBeUndefined();
      expect(hasFoundingFix(call.args)).toBe(true);
    });

    test('chatter in a DM is still answered: help on "help", one line of what the bot does otherwise', async () => {
      await bot.event(messageEvent({ channel: SLACK_IDS.imChannelId, text: 'help' }));
      await emu.waitFor((e) => posts(e).length >= 1);
      expect(visible(posts(emu)[0].args)).toContain(`${COMMAND} pod <name>`);
      await bot.event(messageEvent({ channel: SLACK_IDS.imChannelId, text: chatter[0].text }));
      await emu.waitFor((e) => posts(e).length >= 2);
      expect(visible(posts(emu)[1].args)).toContain('I diagnose failing Kubernetes pods');
    });

    test('a DM in Chinese is answered in Chinese', async () => {
      await bot.event(messageEvent({ channel: SLACK_IDS.imChannelId, text: `镜像拉不下来，怎么办？\n${founding}` }));
      await emu.waitFor((e) => posts(e).length >= 1);
      const seen = visible(posts(emu)[0].args);
      expect(seen).toContain('原因');
      expect(seen).toContain('有帮助');
      expect(seen).toContain('/etc/resolv.conf');
    });
  });

  describe('mentions', () => {
    test('a channel mention with the founding paste: one reply in its thread, though Slack sends app_mention and message', async () => {
      const mention = appMentionEvent({ text: founding });
      const asMessage = messageEvent({ slackText: String(mention.text), ts: String(mention.ts) });
      await bot.event(mention);
      await bot.event(asMessage);
      await emu.waitFor((e) => posts(e).length >= 1);
      await sleep(200);
      expect(posts(emu)).toHaveLength(1);
      expect(posts(emu)[0].args).toMatchObject({ channel: SLACK_IDS.channelId, thread_ts: mention.ts });
      expect(hasFoundingFix(posts(emu)[0].args)).toBe(true);
    });

    test('the message event arriving first does not steal the mention', async () => {
      const mention = appMentionEvent({ text: 'my pod is broken, what is wrong here?' });
      await bot.event(messageEvent({ slackText: String(mention.text), ts: String(mention.ts) }));
      await bot.event(mention);
      await emu.waitFor((e) => posts(e).length >= 1);
      await sleep(150);
      expect(posts(emu)).toHaveLength(1);
      expect(visible(posts(emu)[0].args)).toContain("I can't tell what is wrong from the words alone");
    });

    test("an empty mention inside a thread diagnoses the thread's first message", async () => {
      const rootTs = '1700000200.000100';
      emu.addMessage(SLACK_IDS.channelId, { type: 'message', user: 'U0KDCAROL', text: founding, ts: rootTs });
      const mention = appMentionEvent({ text: '', thread_ts: rootTs });
      await bot.event(mention);
      await emu.waitFor((e) => posts(e).length >= 1);
      expect(posts(emu)[0].args).toMatchObject({ channel: SLACK_IDS.channelId, thread_ts: rootTs });
      expect(hasFoundingFix(posts(emu)[0].args)).toBe(true);
      expect(emu.callsTo('conversations.replies')[0].args).toMatchObject({ ts: rootTs });
    });

    test('an empty mention outside a thread gets help', async () => {
      await bot.event(appMentionEvent({ text: '' }));
      await emu.waitFor((e) => posts(e).length >= 1);
      expect(visible(posts(emu)[0].args)).toContain(`${COMMAND} <paste>`);
    });
  });

  describe('snippets', () => {
    test('a snippet in a channel is downloaded with the bot token and diagnosed in the thread', async () => {
      const file = emu.addFile({ name: 'events.txt', content: founding });
      const ev = fileShareMessage({ text: '', files: [file] });
      await bot.event(ev);
      await emu.waitFor((e) => posts(e).length >= 1);
      expect(emu.downloads).toMatchObject([{ fileId: file.id, authorized: true, status: 200 }]);
      expect(posts(emu)[0].args.thread_ts).toBe(ev.ts);
      expect(hasFoundingFix(posts(emu)[0].args)).toBe(true);
    });

    test('a snippet sent as a DM (files on a message without subtype) is diagnosed', async () => {
      const file = emu.addFile({ name: 'describe.log', content: founding });
      await bot.event(messageEvent({ channel: SLACK_IDS.imChannelId, text: 'see file', files: [file] }));
      await emu.waitFor((e) => posts(e).length >= 1);
      expect(hasFoundingFix(posts(emu)[0].args)).toBe(true);
    });

    test('a snippet that turns out to be an HTML page gets a clear reply, not a diagnosis', async () => {
      const file = emu.addFile({ name: 'events.txt', content: '<!DOCTYPE html><html><body>Sign in to Slack</body></html>' });
      await bot.event(messageEvent({ channel: SLACK_IDS.imChannelId, text: '', files: [file] }));
      await emu.waitFor((e) => posts(e).length >= 1);
      expect(visible(posts(emu)[0].args)).toContain('Slack sent me a sign-in page');
      expect(visible(posts(emu)[0].args)).toContain('files:read');
    });

    test('a binary file gets a clear reply in a DM and silence in a channel', async () => {
      const gz = emu.addFile({ name: 'logs.tar.gz', content: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]) });
      await bot.event(fileShareMessage({ channel: SLACK_IDS.imChannelId, text: '', files: [gz] }));
      await emu.waitFor((e) => posts(e).length >= 1);
      expect(visible(posts(emu)[0].args)).toContain('`logs.tar.gz` is not text');
      expect(emu.downloads).toHaveLength(0);
      await bot.event(fileShareMessage({ text: '', files: [gz] }));
      await sentinel();
    });

    test('a file over the size cap is refused without downloading it', async () => {
      const big = emu.addFile({ name: 'all-events.txt', content: founding, size: 5 * 1024 * 1024 });
      await bot.event(fileShareMessage({ channel: SLACK_IDS.imChannelId, text: '', files: [big] }));
      await emu.waitFor((e) => posts(e).length >= 1);
      expect(visible(posts(emu)[0].args)).toContain('`all-events.txt` is 5.0 MB, more than the 64 KB I read');
      expect(emu.downloads).toHaveLength(0);
    });
  });

  describe('buttons', () => {
    async function channelReport() {
      await bot.event(messageEvent({ text: founding }));
      await emu.waitFor((e) => posts(e).length >= 1);
      const reply = posts(emu)[0];
      return { reply, ts: String(reply.result.ts), byId: Object.fromEntries(buttons(reply.args).map((b) => [b.action_id, b])) };
    }

    test('👍 and 👎 are logged with the rule id and thanked ephemerally', async () => {
      const { ts, byId } = await channelReport();
      await bot.action(blockActionsPayload({ actionId: 'kd_feedback_up', value: byId.kd_feedback_up.value, messageTs: ts }));
      await bot.action(blockActionsPayload({ actionId: 'kd_feedback_down', value: byId.kd_feedback_down.value, messageTs: ts, user: 'U0KDBOB01' }));
      await emu.waitFor((e) => e.responses.length >= 2);
      const logged = bot.logger.lines.filter((l) => l.text.startsWith('feedback '));
      expect(logged.map((l) => l.text)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^feedback vote=up rule=image-pull-dns-minikube-hyperkit report=\S+ user=U0KDUSER1 channel=C0KDCHAN1$/),
          expect.stringMatching(/^feedback vote=down rule=image-pull-dns-minikube-hyperkit report=\S+ user=U0KDBOB01/),
        ]),
      );
      for (const r of emu.responses) {
        expect(r.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
        expect(visible(r.body)).toContain('feedback on rule `image-pull-dns-minikube-hyperkit` is recorded');
      }
    });

    test('"Show evidence" answers ephemerally with the matched lines', async () => {
      const { ts, byId } = await channelReport();
      await bot.action(blockActionsPayload({ actionId: 'kd_show_evidence', value: byId.kd_show_evidence.value, messageTs: ts }));
      await emu.waitFor((e) => e.responses.length >= 1);
      const body = emu.responses[0].body;
      expect(body.response_type).toBe('ephemeral');
      expect(visible(body)).toContain('lookup registry-1.docker.io on 192.168.64.1:53: server misbehaving');
      expect(visible(body)).toContain('Input recognised as: `describe-pod`');
    });

    test('"Share in channel" posts the ephemeral slash report to the channel and removes the ephemeral copy', async () => {
      await bot.command({ text: founding });
      await emu.waitFor((e) => e.responses.length >= 1);
      const share = buttons(emu.responses[0].body).find((b) => b.action_id === 'kd_share')!;
      emu.reset();
      await bot.action(blockActionsPayload({ actionId: 'kd_share', value: share.value, isEphemeral: true }));
      await emu.waitFor((e) => e.responses.length >= 2);
      const [shared, deleted] = emu.responses.map((r) => r.body);
      expect(shared).toMatchObject({ response_type: 'in_channel', replace_original: false });
      expect(hasFoundingFix(shared)).toBe(true);
      expect(visible(shared)).toContain(`Shared by <@${SLACK_IDS.userId}>`);
      expect(buttons(shared).map((b) => b.action_id)).not.toContain('kd_share');
      expect(deleted).toEqual({ delete_original: true });
    });

    test('a button on a report the bot no longer remembers says so', async () => {
      await bot.action(blockActionsPayload({ actionId: 'kd_show_evidence', value: 'forgotten-id' }));
      await emu.waitFor((e) => e.responses.length >= 1);
      expect(visible(emu.responses[0].body)).toContain('no longer in my memory');
    });

    test('"Check live" without a cluster says how to get the same information', async () => {
      await bot.action(blockActionsPayload({ actionId: 'kd_check_live', value: JSON.stringify({ name: 'web-1', namespace: 'shop' }) }));
      await emu.waitFor((e) => e.responses.length >= 1);
      expect(visible(emu.responses[0].body)).toContain('kubectl describe pod web-1 -n shop');
    });
  });

  describe('failures', () => {
    test('an error inside a listener: the user gets an apology with an id, the log has the detail, the bot keeps serving', async () => {
      emu.setMethodResult('conversations.replies', { ok: false, error: 'internal_error' });
      const rootTs = '1700000300.000100';
      emu.addMessage(SLACK_IDS.channelId, { type: 'message', user: SLACK_IDS.userId, text: 'root', ts: rootTs });
      await bot.event(messageEvent({ text: founding, thread_ts: rootTs }));
      await emu.waitFor((e) => posts(e).length >= 1);
      const apology = visible(posts(emu)[0].args);
      const id = /error id `(KD-[0-9A-F]{6})`/.exec(apology)?.[1];
      expect(id).toBeDefined();
      expect(posts(emu)[0].args.thread_ts).toBe(rootTs);
      const logged = bot.logger.lines.find((l) => l.level === 'error' && l.text.startsWith(`[${id}] channel message failed`));
      expect(logged?.text).toContain('internal_error');
      emu.setMethodResult('conversations.replies', null);
      await sentinel();
    });
  });

  describe('with a live lookup plugged in (the cluster port)', () => {
    let liveEmu: SlackEmulator;
    beforeAll(async () => {
      liveEmu = await startSlackEmulator();
      live = await startKubeDoctor(liveEmu, mode, { liveLookup: fakeLive });
    });
    afterAll(async () => {
      await live?.stop();
      live = undefined;
      await liveEmu.close();
    });
    beforeEach(() => liveEmu.reset());

    test('`pod NAME` calls the lookup and reports its diagnosis', async () => {
      await live!.command({ text: 'pod hello-minikube -n default' });
      await liveEmu.waitFor((e) => e.responses.length >= 1);
      expect(hasFoundingFix(liveEmu.responses[0].body)).toBe(true);
      await live!.command({ text: 'pod missing' });
      await liveEmu.waitFor((e) => e.responses.length >= 2);
      expect(visible(liveEmu.responses[1].body)).toContain('pod missing not found');
    });

    test('a lookup that throws gives an apology with an id', async () => {
      await live!.command({ text: 'pod boom' });
      await liveEmu.waitFor((e) => e.responses.length >= 1);
      expect(visible(liveEmu.responses[0].body)).toMatch(/Sorry, something went wrong on my side .*error id `KD-[0-9A-F]{6}`/s);
      expect(live!.logger.lines.some((l) => l.level === 'error' && l.text.includes('cluster exploded'))).toBe(true);
    });

    test('a question in a DM is answered; the same question unasked in a channel stays unanswered', async () => {
      await live!.event(messageEvent({ channel: SLACK_IDS.imChannelId, text: 'what does ImagePullBackOff mean?' }));
      await liveEmu.waitFor((e) => posts(e).length >= 1);
      expect(visible(posts(liveEmu)[0].args)).toMatch(/exponential back-off/i);
      await live!.event(messageEvent({ channel: SLACK_IDS.imChannelId, text: 'what is a sidecar?' }));
      await liveEmu.waitFor((e) => posts(e).length >= 2);
      expect(visible(posts(liveEmu)[1].args)).toContain('I diagnose failing Kubernetes pods');
      await live!.event(messageEvent({ text: 'what does ImagePullBackOff mean?' }));
      const probe = messageEvent({ text: founding });
      await live!.event(probe);
      await liveEmu.waitFor((e) => posts(e).some((c) => c.args.thread_ts === probe.ts));
      await sleep(150);
      expect(posts(liveEmu)).toHaveLength(3);
    });

    test('a DM that names a pod is looked up in the cluster instead of guessed from its words', async () => {
      await live!.event(messageEvent({ channel: SLACK_IDS.imChannelId, text: 'why is hello-minikube-67b8c7bdfd-965qn failing?' }));
      await liveEmu.waitFor((e) => posts(e).length >= 1);
      expect(hasFoundingFix(posts(liveEmu)[0].args)).toBe(true);
    });

    test('"Check live" appears when the paste names a pod', async () => {
      const paste = `Name:         web-1\nNamespace:    shop\n${founding}`;
      await live!.event(messageEvent({ text: paste }));
      await liveEmu.waitFor((e) => posts(e).length >= 1);
      const check = buttons(posts(liveEmu)[0].args).find((b) => b.action_id === 'kd_check_live');
      expect(check && JSON.parse(check.value)).toEqual({ name: 'web-1', namespace: 'shop' });
      await live!.action(blockActionsPayload({ actionId: 'kd_check_live', value: check!.value }));
      await liveEmu.waitFor((e) => e.responses.length >= 2);
      expect(visible(liveEmu.responses[0].body)).toContain('Looking up `shop/web-1`');
      expect(hasFoundingFix(liveEmu.responses[1].body)).toBe(true);
    });
  });
});

test('the report links to docker/for-mac#1317 by name', async () => {
  // (Also covered above through the emulator; this pins the label users see.)
  const { linkLabel } = await import('../../src/slack/blocks.js');
  expect(linkLabel(FOR_MAC_1317)).toBe('docker/for-mac#1317');
});
