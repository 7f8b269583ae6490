import { explicitReply, langOf } from '../answer.js';
import { noticeMessage } from '../blocks.js';
import { guarded, postMessages } from '../deliver.js';
import { fileProblemText } from '../files.js';
import { fetchThread, gatherInput } from '../input.js';
import { t } from '../../render/messages.js';
/** The mention's text without the bot's own `<@U…>` token(s). */
export function stripBotMention(text, botUserId) {
    if (!botUserId)
        return text.trim();
    return text.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ').trim();
}
export function register(app, s, rt) {
    app.event('app_mention', async ({ event, client, context, logger }) => {
        const e = event;
        if (e.channel.startsWith('D') || e.bot_id || !e.user || e.user === context.botUserId)
            return;
        if (!s.claimed.claim(`${e.channel}:${e.ts}`, true))
            return;
        const replyThread = e.thread_ts ?? e.ts;
        const text = stripBotMention(e.text ?? '', context.botUserId);
        const lang = langOf(text, s);
        const post = (msgs) => postMessages(client, e.channel, replyThread, msgs);
        const gather = (m, typed) => gatherInput(typed, m.files, { token: rt.token, maxBytes: s.maxFileBytes, trustedHosts: rt.trustedHosts });
        await guarded('mention', logger, lang, async () => {
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
            await post([...notes, ...(await explicitReply(input.text, s, { userId: e.user, channelId: e.channel, lang: replyLang, logger }))]);
        }, (msg) => post([msg]), s.observer);
    });
}
