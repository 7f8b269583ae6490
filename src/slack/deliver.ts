// Getting replies to the user, and failing politely: every listener runs inside `guarded`, which turns an error
// into a short apology with an id (the detail goes to the log) and never lets it reach the process.
import type { Logger, RespondFn, webApi } from '@slack/bolt';
import { randomBytes } from 'node:crypto';
import { t } from '../render/messages.js';
import type { Lang } from '../model/lang.js';
import { noticeMessage, type OutMessage } from './blocks.js';
import type { SlackObserver } from './deps.js';

type WebClient = webApi.WebClient;

/** Posts into a channel (in `threadTs` when given). Link previews are off: a report quotes several links. */
export async function postMessages(client: WebClient, channel: string, threadTs: string | undefined, messages: OutMessage[]): Promise<string | undefined> {
  let firstTs: string | undefined;
  for (const m of messages) {
    const res = await client.chat.postMessage({
      channel,
      ...(threadTs && { thread_ts: threadTs }),
      text: m.text,
      ...(m.blocks && { blocks: m.blocks }),
      unfurl_links: false,
      unfurl_media: false,
    });
    firstTs ??= res.ts;
  }
  return firstTs;
}

export interface EphemeralTarget {
  client: WebClient;
  channel: string;
  user: string;
  /** Thread of the message the ephemeral answers, if any. */
  threadTs?: string;
}

/**
 * Ephemeral replies through `respond()` (the response_url). When that fails (expired, used up), falls back to
 * chat.postEphemeral; when the bot cannot post there either (a channel it is not in), to a DM from the app.
 */
export async function respondMessages(respond: RespondFn, target: EphemeralTarget, messages: OutMessage[], logger: Logger): Promise<void> {
  let useFallback = false;
  for (const m of messages) {
    if (!useFallback) {
      try {
        await respond({ response_type: 'ephemeral', replace_original: false, text: m.text, ...(m.blocks && { blocks: m.blocks }) });
        continue;
      } catch (e) {
        logger.warn(`respond() failed (${(e as Error).message}); falling back to chat.postEphemeral`);
        useFallback = true;
      }
    }
    await postEphemeral(target, m, logger);
  }
}

async function postEphemeral(target: EphemeralTarget, m: OutMessage, logger: Logger): Promise<void> {
  try {
    await target.client.chat.postEphemeral({
      channel: target.channel,
      user: target.user,
      ...(target.threadTs && { thread_ts: target.threadTs }),
      text: m.text,
      ...(m.blocks && { blocks: m.blocks }),
    });
  } catch (e) {
    const code = (e as { data?: { error?: string } }).data?.error;
    if (code !== 'channel_not_found' && code !== 'not_in_channel' && code !== 'user_not_in_channel') throw e;
    logger.warn(`chat.postEphemeral failed (${code}); sending the reply as a DM instead`);
    await postMessages(target.client, target.user, undefined, [m]);
  }
}

// Acknowledgements first: listeners start their CPU work (parse, match, render) one per event-loop turn, so the
// requests that arrive meanwhile are read and acknowledged in between. Under a burst of 100, acks stay fast
// (Slack's deadline is 3 s) and replies queue behind them in arrival order.
const waiting: Array<() => void> = [];
let pumping = false;

function pump(): void {
  waiting.shift()?.();
  if (waiting.length) setImmediate(pump);
  else pumping = false;
}

function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}

function incidentId(): string {
  return `KD-${randomBytes(3).toString('hex').toUpperCase()}`;
}

function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const data = (e as { data?: unknown }).data;
  return `${e.stack ?? e.message}${data ? `\nSlack said: ${JSON.stringify(data)}` : ''}`;
}

/** Runs a listener body; on error logs the detail under an id and sends the user an apology carrying that id. */
export async function guarded(
  surface: string,
  logger: Logger,
  lang: Lang,
  work: () => Promise<void>,
  apologise: (m: OutMessage) => Promise<unknown>,
  observer?: SlackObserver,
): Promise<void> {
  const started = performance.now();
  observer?.request(surface);
  try {
    await nextTurn();
    await work();
    observer?.replied(surface, (performance.now() - started) / 1000);
  } catch (e) {
    const id = incidentId();
    observer?.failed(surface, e);
    logger.error(`[${id}] ${surface} failed: ${describeError(e)}`);
    try {
      await apologise(noticeMessage(t(lang, 'apology', { id })));
    } catch (e2) {
      logger.error(`[${id}] the apology could not be delivered either: ${describeError(e2)}`);
    }
  }
}
