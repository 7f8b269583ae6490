import { fileName, isTextFile, readSlackFile } from './files.js';
const MAX_FILES = 5;
export async function gatherInput(text, files, o) {
    const parts = text.trim() ? [text] : [];
    const problems = [];
    const previews = [];
    const candidates = (files ?? []).filter((f) => !o.textFilesOnly || isTextFile(f)).slice(0, MAX_FILES);
    const results = await Promise.all(candidates.map((f) => readSlackFile(f, { token: o.token, maxBytes: o.maxBytes, extraTrustedHosts: o.trustedHosts })));
    results.forEach((r, i) => {
        if (r.ok)
            parts.push(r.text);
        else {
            problems.push(r);
            if (candidates[i].preview)
                previews.push(candidates[i].preview);
        }
    });
    return { text: parts.join('\n\n'), problems, previews: previews.join('\n') };
}
export function fileNames(files) {
    return (files ?? []).map(fileName);
}
/** The thread's messages, oldest first (at most `limit`). */
export async function fetchThread(client, channel, threadTs, limit = 200) {
    const out = [];
    let cursor;
    do {
        const res = await client.conversations.replies({ channel, ts: threadTs, limit: Math.min(limit, 200), ...(cursor && { cursor }) });
        out.push(...(res.messages ?? []));
        cursor = res.response_metadata?.next_cursor || undefined;
    } while (cursor && out.length < limit);
    return out.slice(0, limit);
}
export function isFromBot(m, bot) {
    return (bot.botUserId !== undefined && m.user === bot.botUserId) || (bot.botId !== undefined && m.bot_id === bot.botId);
}
/** Whether the bot has posted in the thread. */
export function botAnswered(thread, bot) {
    return thread.some((m) => isFromBot(m, bot));
}
/** The text of people's messages before `beforeTs` (bots' posts, including the bot's own reports, left out). */
export function earlierText(thread, beforeTs, bot, maxChars = 200_000) {
    const texts = thread
        .filter((m) => Number(m.ts) < Number(beforeTs) && !m.bot_id && !isFromBot(m, bot) && m.text?.trim())
        .map((m) => m.text);
    let joined = texts.join('\n\n');
    if (joined.length > maxChars)
        joined = joined.slice(joined.length - maxChars);
    return joined;
}
