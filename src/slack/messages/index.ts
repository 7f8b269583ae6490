// Messages: DMs (always answered), and pastes in channels the bot is in (answered in a thread only when the
// message carries Kubernetes output and a rule matched), snippets, and pastes in threads the bot answered.
import type { App, Context } from '@slack/bolt';
import { decodeSlack } from '../../normalise/normalise.js';
import { langOf, replyMessages } from '../answer.js';
import { noticeMessage, type OutMessage } from '../blocks.js';
import type { RequestContext, Services } from '../deps.js';
import { guarded, postMessages } from '../deliver.js';
import { once } from '../once.js';
import { fileProblemText } from '../files.js';
import { botAnswered, earlierText, fetchThread, gatherInput, type GatheredInput, type SlackMessage } from '../input.js';

/** Message subtypes that are a person posting: plain, with files, or a thread reply also sent to the channel. */
const USER_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

export interface SlackRuntime {
  token: string;
  trustedHosts: string[];
}

function mentionsBot(text: string | undefined, botUserId: string | undefined): boolean {
  return Boolean(botUserId && text?.includes(`<@${botUserId}`));
}

/** A person's new message: not an edit, deletion, join, bot post or the bot's own post. */
function isPersonMessage(m: SlackMessage, context: Context): boolean {
  if (!USER_SUBTYPES.has(m.subtype) || m.hidden || m.bot_id) return false;
  if (!m.user || m.user === context.botUserId) return false;
  return true;
}

export function register(app: App, s: Services, rt: SlackRuntime): void {
  app.message(async ({ message, client, context, logger }) => {
    const m = message as unknown as SlackMessage & { channel: string };
    if (!isPersonMessage(m, context)) return;
    const isDm = m.channel_type === 'im';
    // A channel message that mentions the bot also arrives as app_mention, which answers it.
    if (!isDm && mentionsBot(m.text, context.botUserId)) return;
    const inThread = m.thread_ts !== undefined && m.thread_ts !== m.ts;
    // DMs: answer beside the message (or in its thread); channels: always in a thread.
    const replyThread = isDm ? (inThread ? m.thread_ts : undefined) : (m.thread_ts ?? m.ts);
    const lang = langOf(m.text ?? '', s);
    const post = async (msgs: OutMessage[]) => {
      await postMessages(client, m.channel, replyThread, msgs);
    };
    const bot = { botUserId: context.botUserId, botId: context.botId };
    // The same message can arrive as two events (app_mention and message) and at two replicas: answered once.
    await once(s.state, `message:${m.channel}:${m.ts}`, () =>
      guarded(
        isDm ? 'direct message' : 'channel message',
        logger,
        lang,
        async () => {
          const input = await gatherInput(m.text ?? '', m.files, {
            token: rt.token,
            maxBytes: s.maxFileBytes,
            trustedHosts: rt.trustedHosts,
            textFilesOnly: !isDm,
          });
          const fileNotes = input.problems.map((p) => noticeMessage(fileProblemText(p, lang, s.maxFileBytes)));
          if (isDm) {
            let text = input.text;
            if (inThread) {
              const thread = await fetchThread(client, m.channel, m.thread_ts!);
              if (botAnswered(thread, bot)) text = joinContext(earlierText(thread, m.ts, bot), text);
            }
            if (!text.trim() && fileNotes.length) return post(fileNotes);
            return post([...fileNotes, ...(await replyMessages(text, s, { userId: m.user!, channelId: m.channel, lang, logger }, { surface: 'dm' }))]);
          }
          await channelPaste(m, input, fileNotes, s, {
            ctx: { userId: m.user!, channelId: m.channel, lang, logger },
            post,
            thread: inThread ? () => fetchThread(client, m.channel, m.thread_ts!) : undefined,
            bot,
          });
        },
        (msg) => post([msg]),
        s.observer,
      ),
    );
  });
}

function joinContext(earlier: string, current: string): string {
  return earlier ? `${earlier}\n\n${current}` : current;
}

/**
 * A channel message nobody addressed to the bot. Silence unless it carries Kubernetes output and a rule matches;
 * in a thread the bot answered, the thread's earlier messages are diagnosed together with it.
 */
async function channelPaste(
  m: SlackMessage & { channel: string },
  input: GatheredInput,
  fileNotes: OutMessage[],
  s: Services,
  io: { ctx: RequestContext; post: (msgs: OutMessage[]) => Promise<void>; thread?: () => Promise<SlackMessage[]>; bot: { botUserId?: string; botId?: string } },
): Promise<void> {
  if (!(await s.isOutput(input.text, s.kb))) {
    // Unreadable snippets are mentioned only when what Slack previews of them looks like Kubernetes output.
    if (fileNotes.length && (await s.isOutput(`${decodeSlack(m.text ?? '')}\n${input.previews}`, s.kb))) await io.post(fileNotes);
    return;
  }
  let text = input.text;
  if (io.thread) {
    // Did the bot answer in this thread before? (Asked of Slack, so it survives restarts.)
    const thread = await io.thread();
    if (botAnswered(thread, io.bot)) text = joinContext(earlierText(thread, m.ts, io.bot), text);
  }
  // Unasked: a report when a rule matched, else silence (over the large-paste limit too).
  const report = await replyMessages(text, s, io.ctx, { surface: 'channel', addressed: false });
  if (report.length || fileNotes.length) await io.post([...report, ...fileNotes]);
}
