// Builders for payloads shaped like the ones Slack really sends (events, slash commands, block_actions),
// plus slackEscape(): the transformation Slack applies to what a user types before it lands in `event.text`.
// Kept free of I/O so tests of the app's parser can use them without starting the emulator.
import { randomUUID } from 'node:crypto';

/** Fixed workspace identity shared by the emulator and the builders, so tests can pass botId/botUserId to Bolt. */
export const SLACK_IDS = {
  teamId: 'T0KDTEAM1',
  teamDomain: 'kube-doctor-test',
  enterpriseId: null,
  appId: 'A0KDAPP01',
  botId: 'B0KDBOT01',
  botUserId: 'U0KDBOT01',
  botName: 'kube-doctor',
  userId: 'U0KDUSER1',
  userName: 'alice',
  channelId: 'C0KDCHAN1',
  channelName: 'sre',
  groupId: 'G0KDPRIV1',
  imChannelId: 'D0KDDM001',
} as const;

let lastTsMicros = 0;
/** Slack message timestamps: "seconds.micro6", unique and increasing (they are message ids). */
export function nextTs(): string {
  lastTsMicros = Math.max(Date.now() * 1000, lastTsMicros + 1);
  return `${Math.floor(lastTsMicros / 1e6)}.${String(lastTsMicros % 1e6).padStart(6, '0')}`;
}

let idCounter = 0;
/** Slack-looking ids: prefix + uppercase alphanumerics (Ev…, F…, …). */
export function slackId(prefix: string): string {
  idCounter += 1;
  return `${prefix}0${idCounter.toString(36).toUpperCase().padStart(4, '0')}${randomUUID().slice(0, 4).toUpperCase()}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Text: escaping and auto-linking
// ---------------------------------------------------------------------------------------------------------------

/** Only these three are entity-encoded by Slack; everything else travels verbatim. */
function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Slack only auto-links dotted words whose last label is a real TLD: "registry-1.docker.io" and "README.md" become
// links, "kube-dns.kube-system.svc.cluster.local" and "values.yaml" do not. This is a representative subset.
const TLDS = new Set(
  (
    'com net org io dev app ai co me sh cloud info biz gov edu mil int us uk de fr jp cn ru in eu ca au nl se no fi ' +
    'dk ch at be es it pl pt br mx ar cz sk hu ro gr tr il za kr tw hk sg my id th vn nz ie is ly to tv cc ws fm gg ' +
    'so py md rs la ms ml tk xyz site online tech page run tools systems services network'
  ).split(' '),
);

type TextPart = { kind: 'text'; text: string } | { kind: 'link'; url: string; label?: string };

// One scanner for the three link shapes. The look-behinds stop matches from starting in the middle of a word,
// a path or an email, which is how Slack treats "user@host.io" (one mailto link, not a host link).
const LINK_RE =
  /(?<url>(?<![\w.\-/@])https?:\/\/(?=[A-Za-z0-9[])[^\s<>"'`]+)|(?<email>(?<![\w.+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-]|\.\w))|(?<host>(?<![\w.\-/@:])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?<tld>[A-Za-z]{2,})(?![\w-]|\.\w)(?::\d{1,5})?(?:\/[^\s<>"'`]*)?)/g;

/** Drops sentence punctuation after a link; a ')' only when unbalanced, so "…/a_(b)" keeps its parenthesis. */
function trimTrailing(raw: string): string {
  let s = raw;
  for (;;) {
    const last = s.at(-1) ?? '';
    const unbalanced = last === ')' && s.split('(').length < s.split(')').length;
    if (last === '' || (!'.,;:!?]}\'"'.includes(last) && !unbalanced)) return s;
    s = s.slice(0, -1);
  }
}

/** Splits plain typed text into text runs and the links Slack would create from it. */
function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK_RE)) {
    const g = m.groups ?? {};
    let raw = m[0];
    const start = m.index ?? 0;
    if (g.host !== undefined && !TLDS.has((g.tld ?? '').toLowerCase())) continue;
    if (g.url !== undefined || g.host !== undefined) raw = trimTrailing(raw);
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    if (g.url !== undefined) parts.push({ kind: 'link', url: raw });
    else if (g.email !== undefined) parts.push({ kind: 'link', url: `mailto:${raw}`, label: raw });
    else parts.push({ kind: 'link', url: `http://${raw}`, label: raw });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/**
 * What Slack puts in `text` for a message a user typed: `&`, `<`, `>` entity-encoded; URLs as `<https://…>`;
 * bare host names (with their path) as `<http://host/path|host/path>`; emails as `<mailto:a@b.io|a@b.io>`.
 * Slack links inside ``` code blocks too (wee-slack#550, emacs-slack#329), so this does not skip them.
 */
export function slackEscape(text: string, opts: { autoLink?: boolean } = {}): string {
  if (opts.autoLink === false) return escapeEntities(text);
  return linkify(text)
    .map((p) => {
      if (p.kind === 'text') return escapeEntities(p.text);
      return p.label === undefined ? `<${escapeEntities(p.url)}>` : `<${escapeEntities(p.url)}|${escapeEntities(p.label)}>`;
    })
    .join('');
}

// ---------------------------------------------------------------------------------------------------------------
// rich_text blocks (what the Slack composer attaches to every user message)
// ---------------------------------------------------------------------------------------------------------------

type RichElement = Record<string, unknown>;

function inlineElements(text: string, code = false): RichElement[] {
  // rich_text elements carry the raw characters (no &amp;), links as separate elements.
  return linkify(text).map((p) => {
    if (p.kind === 'link') return p.label === undefined ? { type: 'link', url: p.url } : { type: 'link', url: p.url, text: p.label };
    return code ? { type: 'text', text: p.text, style: { code: true } } : { type: 'text', text: p.text };
  });
}

function sectionElements(text: string): RichElement[] {
  // `inline code` becomes text elements with style.code, the rest is linkified text.
  const out: RichElement[] = [];
  text.split(/(`[^`\n]+`)/).forEach((chunk) => {
    if (chunk === '') return;
    if (chunk.length > 2 && chunk.startsWith('`') && chunk.endsWith('`')) out.push(...inlineElements(chunk.slice(1, -1), true));
    else out.push(...inlineElements(chunk));
  });
  return out;
}

/** Builds the `rich_text` block the Slack client sends for plain typed text (``` fences → rich_text_preformatted). */
export function richTextBlocks(plain: string, lead: RichElement[] = []): unknown[] {
  const elements: RichElement[] = [];
  const chunks = plain.split('```');
  chunks.forEach((chunk, i) => {
    const isCode = i % 2 === 1 && i < chunks.length - 1; // an unclosed fence stays literal text
    if (isCode) {
      const body = chunk.replace(/^\n/, '').replace(/\n$/, '');
      elements.push({ type: 'rich_text_preformatted', elements: inlineElements(body), border: 0 });
    } else {
      const text = i % 2 === 1 ? '```' + chunk : chunk;
      if (text !== '') elements.push({ type: 'rich_text_section', elements: sectionElements(text) });
    }
  });
  if (lead.length > 0) {
    const first = elements[0];
    if (first?.type === 'rich_text_section') (first.elements as RichElement[]).unshift(...lead);
    else elements.unshift({ type: 'rich_text_section', elements: lead });
  }
  return [{ type: 'rich_text', block_id: randomUUID().slice(0, 5), elements }];
}

// ---------------------------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------------------------

/** The file object Slack returns from files.info and embeds in file_share messages (fields the app may read). */
export interface SlackFileObject {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  user_team: string;
  editable: boolean;
  size: number;
  mode: 'snippet' | 'hosted';
  is_external: boolean;
  external_type: string;
  is_public: boolean;
  public_url_shared: boolean;
  display_as_bot: boolean;
  username: string;
  url_private: string;
  url_private_download: string;
  permalink: string;
  permalink_public: string;
  preview?: string;
  lines?: number;
  lines_more?: number;
  preview_is_truncated?: boolean;
  has_rich_preview: boolean;
  file_access: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------------------

type ChannelType = 'channel' | 'im' | 'group' | 'mpim';

export interface MessageEventInput {
  /** What the user typed, in plain text. Escaped/auto-linked with slackEscape() and mirrored in rich_text blocks. */
  text?: string;
  /** Exact wire `text`, bypassing slackEscape() (blocks are then omitted unless given). */
  slackText?: string;
  channel?: string;
  /** Defaults from the channel id prefix: D → im, G → group, else channel. */
  channel_type?: ChannelType;
  user?: string;
  ts?: string;
  thread_ts?: string;
  parent_user_id?: string;
  subtype?: string;
  bot_id?: string;
  files?: SlackFileObject[];
  team?: string;
  blocks?: unknown[];
  [extra: string]: unknown;
}

function channelTypeOf(channel: string): ChannelType {
  if (channel.startsWith('D')) return 'im';
  if (channel.startsWith('G')) return 'group';
  return 'channel';
}

/** A `message` event (message.channels / message.im / message.groups) as it appears inside event_callback. */
export function messageEvent(input: MessageEventInput = {}): Record<string, unknown> {
  const {
    text,
    slackText,
    channel = SLACK_IDS.channelId,
    channel_type,
    user,
    ts = nextTs(),
    thread_ts,
    parent_user_id,
    subtype,
    bot_id,
    files,
    team = SLACK_IDS.teamId,
    blocks,
    ...extra
  } = input;
  const isBot = bot_id !== undefined;
  const ev: Record<string, unknown> = { type: 'message' };
  if (subtype !== undefined) ev.subtype = subtype;
  ev.user = user ?? (isBot ? SLACK_IDS.botUserId : SLACK_IDS.userId);
  if (bot_id !== undefined) ev.bot_id = bot_id;
  ev.text = slackText ?? slackEscape(text ?? '');
  if (!isBot) ev.client_msg_id = randomUUID();
  ev.ts = ts;
  ev.team = team;
  const wireBlocks = blocks ?? (slackText === undefined && !isBot && text ? richTextBlocks(text) : undefined);
  if (wireBlocks !== undefined) ev.blocks = wireBlocks;
  if (files !== undefined) {
    ev.files = files;
    ev.upload = false;
    ev.display_as_bot = false;
  }
  if (thread_ts !== undefined) {
    ev.thread_ts = thread_ts;
    ev.parent_user_id = parent_user_id ?? SLACK_IDS.userId;
  }
  ev.channel = channel;
  ev.event_ts = ts;
  ev.channel_type = channel_type ?? channelTypeOf(channel);
  return { ...ev, ...extra };
}

/** A message with a snippet or uploaded file: subtype file_share, the typed comment in `text`, full file objects. */
export function fileShareMessage(input: MessageEventInput & { files: SlackFileObject[] }): Record<string, unknown> {
  return messageEvent({ subtype: 'file_share', ...input });
}

/** An `app_mention` event: text starts with `<@BOT>`, no channel_type (real app_mention events carry none). */
export function appMentionEvent(input: MessageEventInput & { botUserId?: string } = {}): Record<string, unknown> {
  const { botUserId = SLACK_IDS.botUserId, text = '', slackText, ...rest } = input;
  const wire = slackText ?? `<@${botUserId}> ${slackEscape(text)}`;
  const blocks = input.blocks ?? (slackText === undefined ? richTextBlocks(` ${text}`, [{ type: 'user', user_id: botUserId }]) : undefined);
  const ev = messageEvent({ ...rest, slackText: wire, blocks });
  delete ev.channel_type;
  return { ...ev, type: 'app_mention' };
}

/** A `file_shared` event: only ids; the app must call files.info. */
export function fileSharedEvent(file: { id: string }, input: { channel?: string; user?: string } = {}): Record<string, unknown> {
  return {
    type: 'file_shared',
    file_id: file.id,
    user_id: input.user ?? SLACK_IDS.userId,
    file: { id: file.id },
    channel_id: input.channel ?? SLACK_IDS.channelId,
    event_ts: nextTs(),
  };
}

/** The event_callback envelope Slack POSTs (HTTP mode) or puts in an events_api envelope's payload (Socket Mode). */
export function eventCallback(event: Record<string, unknown>, opts: { eventId?: string; teamId?: string } = {}): Record<string, unknown> {
  const teamId = opts.teamId ?? SLACK_IDS.teamId;
  return {
    token: 'legacy-verification-token',
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: SLACK_IDS.appId,
    event,
    type: 'event_callback',
    event_id: opts.eventId ?? slackId('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: SLACK_IDS.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${randomUUID()}`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Slash commands and interactivity
// ---------------------------------------------------------------------------------------------------------------

export interface SlashCommandInput {
  command?: string;
  /** Plain typed text. */
  text?: string;
  /**
   * Manifest `should_escape`. false (Slack's default): only &, <, > are entity-encoded (we believe; not verified
   * against live Slack). true: users/channels/links arrive as <…> tokens, modelled here with slackEscape().
   */
  shouldEscape?: boolean;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  response_url?: string;
  trigger_id?: string;
  [extra: string]: unknown;
}

/** The form fields of a slash command (all strings, as they are form-encoded on the wire). */
export function slashCommandPayload(input: SlashCommandInput = {}): Record<string, string> {
  const {
    command = '/k8s',
    text = '',
    shouldEscape = false,
    user_id = SLACK_IDS.userId,
    user_name = SLACK_IDS.userName,
    channel_id = SLACK_IDS.channelId,
    channel_name = SLACK_IDS.channelName,
    team_id = SLACK_IDS.teamId,
    response_url,
    trigger_id,
    ...extra
  } = input;
  const out: Record<string, string> = {
    token: 'legacy-verification-token',
    team_id,
    team_domain: SLACK_IDS.teamDomain,
    channel_id,
    channel_name: channel_id.startsWith('D') ? 'directmessage' : channel_name,
    user_id,
    user_name,
    command,
    text: shouldEscape ? slackEscape(text) : escapeEntities(text),
    api_app_id: SLACK_IDS.appId,
    is_enterprise_install: 'false',
    response_url: response_url ?? '',
    trigger_id: trigger_id ?? `${Date.now()}.${randomUUID().slice(0, 8)}`,
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = String(v);
  return out;
}

export interface BlockActionsInput {
  actionId: string;
  value?: string;
  blockId?: string;
  /** Button label. */
  label?: string;
  user?: string;
  channel?: string;
  /** ts of the message carrying the button (usually the bot's reply). */
  messageTs?: string;
  threadTs?: string;
  message?: Record<string, unknown>;
  responseUrl?: string;
  isEphemeral?: boolean;
}

/** A block_actions payload for a button click (JSON; sent as form field `payload=`). */
export function blockActionsPayload(input: BlockActionsInput): Record<string, unknown> {
  const channel = input.channel ?? SLACK_IDS.channelId;
  const messageTs = input.messageTs ?? nextTs();
  const blockId = input.blockId ?? randomUUID().slice(0, 5);
  const container: Record<string, unknown> = { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: input.isEphemeral ?? false };
  if (input.threadTs !== undefined) container.thread_ts = input.threadTs;
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: { id: input.user ?? SLACK_IDS.userId, username: SLACK_IDS.userName, name: SLACK_IDS.userName, team_id: SLACK_IDS.teamId },
    api_app_id: SLACK_IDS.appId,
    token: 'legacy-verification-token',
    container,
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
    team: { id: SLACK_IDS.teamId, domain: SLACK_IDS.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : SLACK_IDS.channelName },
    state: { values: {} },
    actions: [
      {
        action_id: input.actionId,
        block_id: blockId,
        text: { type: 'plain_text', text: input.label ?? input.actionId, emoji: true },
        value: input.value,
        type: 'button',
        action_ts: nextTs(),
      },
    ],
  };
  if (!input.isEphemeral) {
    payload.message = input.message ?? {
      type: 'message',
      user: SLACK_IDS.botUserId,
      bot_id: SLACK_IDS.botId,
      app_id: SLACK_IDS.appId,
      ts: messageTs,
      text: 'kube-doctor report',
      team: SLACK_IDS.teamId,
      ...(input.threadTs !== undefined ? { thread_ts: input.threadTs } : {}),
      blocks: [
        {
          type: 'actions',
          block_id: blockId,
          elements: [{ type: 'button', action_id: input.actionId, text: { type: 'plain_text', text: input.label ?? input.actionId }, value: input.value }],
        },
      ],
    };
  }
  if (input.responseUrl !== undefined) payload.response_url = input.responseUrl;
  return payload;
}
