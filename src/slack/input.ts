// The text a message carries: what was typed plus its snippets, and, in a thread, the thread's earlier messages.
import type { webApi } from '@slack/bolt';
import { isTextFile, readSlackFile, type FileText, type SlackFile } from './files.js';

type WebClient = webApi.WebClient;

/** The fields of message / app_mention events (and conversations.replies messages) the bot reads. */
export interface SlackMessage {
  type?: string;
  subtype?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  ts: string;
  thread_ts?: string;
  channel?: string;
  channel_type?: string;
  files?: SlackFile[];
  hidden?: boolean;
}

export interface GatheredInput {
  text: string;
  /** Files that could not be read, with why. */
  problems: Extract<FileText, { ok: false }>[];
  /** Slack's preview of the unreadable text files (first lines), to judge whether they were Kubernetes output. */
  previews: string;
}

export interface GatherOptions {
  token: string;
  maxBytes: number;
  trustedHosts: string[];
  /** Only text files count (a channel's images and PDFs are none of the bot's business). */
  textFilesOnly?: boolean;
}

const MAX_FILES = 5;

export async function gatherInput(text: string, files: SlackFile[] | undefined, o: GatherOptions): Promise<GatheredInput> {
  const parts = text.trim() ? [text] : [];
  const problems: GatheredInput['problems'] = [];
  const previews: string[] = [];
  const candidates = (files ?? []).filter((f) => !o.textFilesOnly || isTextFile(f)).slice(0, MAX_FILES);
  const results = await Promise.all(candidates.map((f) => readSlackFile(f, { token: o.token, maxBytes: o.maxBytes, extraTrustedHosts: o.trustedHosts })));
  results.forEach((r, i) => {
    if (r.ok) parts.push(r.text);
    else {
      problems.push(r);
      if (candidates[i].preview) previews.push(candidates[i].preview!);
    }
  });
  return { text: parts.join('\n\n'), problems, previews: previews.join('\n') };
}

/** The thread's messages, oldest first (at most `limit`). */
export async function fetchThread(client: WebClient, channel: string, threadTs: string, limit = 200): Promise<SlackMessage[]> {
  const out: SlackMessage[] = [];
  let cursor: string | undefined;
  do {
    const res = await client.conversations.replies({ channel, ts: threadTs, limit: Math.min(limit, 200), ...(cursor && { cursor }) });
    out.push(...((res.messages ?? []) as SlackMessage[]));
    cursor = res.response_metadata?.next_cursor || undefined;
  } while (cursor && out.length < limit);
  return out.slice(0, limit);
}

export interface BotIdentity {
  botUserId?: string;
  botId?: string;
}

function isFromBot(m: SlackMessage, bot: BotIdentity): boolean {
  return (bot.botUserId !== undefined && m.user === bot.botUserId) || (bot.botId !== undefined && m.bot_id === bot.botId);
}

/** Whether the bot has posted in the thread. */
export function botAnswered(thread: SlackMessage[], bot: BotIdentity): boolean {
  return thread.some((m) => isFromBot(m, bot));
}

/** The text of people's messages before `beforeTs` (bots' posts, including the bot's own reports, left out). */
export function earlierText(thread: SlackMessage[], beforeTs: string, bot: BotIdentity, maxChars = 200_000): string {
  const texts = thread.filter((m) => Number(m.ts) < Number(beforeTs) && !m.bot_id && !isFromBot(m, bot) && m.text?.trim()).map((m) => m.text!);
  let joined = texts.join('\n\n');
  if (joined.length > maxChars) joined = joined.slice(joined.length - maxChars);
  return joined;
}
