// @mentions: diagnose the mention's text (and its snippets); an empty mention inside a thread diagnoses the
// thread's first message. The reply goes in the thread. DMs are left to the message listener.
import type { App } from '@slack/bolt';
import { langOf, replyMessages } from '../answer.js';
import { noticeMessage } from '../blocks.js';
import type { Services } from '../deps.js';
import { guarded, postMessages } from '../deliver.js';
import { once } from '../once.js';
import { fileProblemText } from '../files.js';
import { fetchThread, gatherInput, type SlackMessage } from '../input.js';
import type { SlackRuntime } from '../messages/index.js';
import { t } from '../../render/messages.js';

/** The mention's text without the bot's own `<@U…>` token(s). */
function stripBotMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text.trim();
  return text.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ').trim();
}

export function register(app: App, s: Services, rt: SlackRuntime): void {
  app.event('app_mention', async ({ event, client, context, logger }) => {
    const e = event as unknown as SlackMessage & { channel: string };
    if (e.channel.startsWith('D') || e.bot_id || !e.user || e.user === context.botUserId) return;
    const replyThread = e.thread_ts ?? e.ts;
    const text = stripBotMention(e.text ?? '', context.botUserId);
    const lang = langOf(text, s);
    const post = (msgs: Parameters<typeof postMessages>[3]) => postMessages(client, e.channel, replyThread, msgs);
    const gather = (m: SlackMessage, typed: string) =>
      gatherInput(typed, m.files, { token: rt.token, maxBytes: s.maxFileBytes, trustedHosts: rt.trustedHosts });
    // The same message can arrive as two events (app_mention and message) and at two replicas: answered once.
    await once(s.state, `message:${e.channel}:${e.ts}`, () =>
      guarded(
        'mention',
        logger,
        lang,
        async () => {
          let input = await gather(e, text);
          let replyLang = lang;
          if (!input.text.trim() && !input.problems.length && e.thread_ts && e.thread_ts !== e.ts) {
            // "@kube-doctor" alone in a thread: diagnose the thread's first message.
            const [first] = await fetchThread(client, e.channel, e.thread_ts, 1);
            if (!first || (!first.text?.trim() && !first.files?.length)) {
              await post([noticeMessage(t(lang, 'emptyThread'))]);
              return;
            }
            input = await gather(first, stripBotMention(first.text ?? '', context.botUserId));
            replyLang = langOf(first.text ?? '', s);
          }
          const notes = input.problems.map((p) => noticeMessage(fileProblemText(p, replyLang, s.maxFileBytes)));
          if (!input.text.trim() && notes.length) {
            await post(notes);
            return;
          }
          const ctx = { userId: e.user!, channelId: e.channel, lang: replyLang, logger };
          await post([...notes, ...(await replyMessages(input.text, s, ctx, { surface: 'channel' }))]);
        },
        (msg) => post([msg]),
        s.observer,
      ),
    );
  });
}
