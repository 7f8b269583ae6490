// The emulated workspace's state (messages, files, uploads, reactions, users) and the Web API methods over it.
// Transport (HTTP, auth, rate limits, Socket Mode) lives in slack-emulator.ts; this file answers "what would Slack
// return for this method and these arguments". Results follow the shapes of Slack's real responses.
import { invalidBlocksResult, validateMessageBlocks } from './slack-block-limits.js';
import { nextTs, SLACK_IDS, slackId, type SlackFileObject } from './slack-payloads.js';

export type ApiArgs = Record<string, any>;
export type ApiResult = Record<string, any>;
export type TokenKind = 'bot' | 'app';
export type MethodHandler = (args: ApiArgs, ctx: { tokenKind: TokenKind }) => ApiResult;

export interface AddFileInput {
  id?: string;
  name: string;
  content: string | Buffer;
  mimetype?: string;
  filetype?: string;
  /** Declared size; defaults to the content's byte length (override to test size guards). */
  size?: number;
  title?: string;
  user?: string;
  mode?: 'snippet' | 'hosted';
  /**
   * What an unauthenticated download gets. true (default): HTTP 200 text/html sign-in page, as Slack serves.
   * false: 302 Found to the sign-in page (also seen from Slack); fetch follows it unless redirect:'manual'.
   */
  htmlWithoutAuth?: boolean;
}

export interface StoredFile {
  object: SlackFileObject;
  content: Buffer;
  htmlWithoutAuth: boolean;
}

export interface RecordedUpload {
  fileId: string;
  filename: string;
  /** `length` declared to files.getUploadURLExternal. */
  length: number;
  /** Bytes POSTed to the upload_url (undefined until then). */
  content?: Buffer;
  completed: boolean;
  title?: string;
  channel_id?: string;
  thread_ts?: string;
  initial_comment?: string;
  snippet_type?: string;
}

const SNIPPET_PREVIEW_LINES = 5;
/** Slack truncates message text beyond this and adds a warning instead of failing. */
const MAX_TEXT = 40000;

function filetypeOf(name: string, mimetype: string): { filetype: string; pretty: string } {
  const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  if (ext === 'yaml' || ext === 'yml') return { filetype: 'yaml', pretty: 'YAML' };
  if (ext === 'json') return { filetype: 'javascript', pretty: 'JSON' };
  if (ext === 'log') return { filetype: 'text', pretty: 'Plain Text' };
  if (ext === 'gz') return { filetype: 'gzip', pretty: 'GZip' };
  if (mimetype.startsWith('text/')) return { filetype: 'text', pretty: 'Plain Text' };
  if (mimetype === 'application/pdf') return { filetype: 'pdf', pretty: 'PDF' };
  return { filetype: 'binary', pretty: 'Binary' };
}

const missing = (v: unknown): boolean => v === undefined || v === null || v === '';

export class SlackWorkspace {
  /** Conversation history per channel id, sorted by ts (includes thread replies). */
  readonly history = new Map<string, ApiResult[]>();
  readonly files = new Map<string, StoredFile>();
  readonly uploads: RecordedUpload[] = [];
  private readonly reactions = new Set<string>();

  constructor(
    /** Base URL of the emulator (file and upload URLs point back at it). */
    private readonly baseUrl: () => string,
    /** Mints a Socket Mode URL for apps.connections.open. */
    private readonly openSocket: () => string,
  ) {}

  reset(): void {
    this.history.clear();
    this.files.clear();
    this.uploads.length = 0;
    this.reactions.clear();
  }

  addMessage(channel: string, message: ApiResult): void {
    const list = this.history.get(channel) ?? [];
    if (list.some((m) => m.ts === message.ts)) return; // app_mention + message.* describe the same message
    list.push(message);
    list.sort((a, b) => Number(a.ts) - Number(b.ts));
    this.history.set(channel, list);
  }

  findMessage(channel: string, ts: string): ApiResult | undefined {
    return this.history.get(channel)?.find((m) => m.ts === ts);
  }

  addFile(input: AddFileInput): SlackFileObject {
    const id = input.id ?? slackId('F');
    const content = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
    const mimetype = input.mimetype ?? (input.name.endsWith('.gz') ? 'application/gzip' : 'text/plain');
    const { filetype, pretty } = filetypeOf(input.name, mimetype);
    const mode = input.mode ?? (mimetype.startsWith('text/') ? 'snippet' : 'hosted');
    const user = input.user ?? SLACK_IDS.userId;
    const now = Math.floor(Date.now() / 1000);
    const path = `files-pri/${SLACK_IDS.teamId}-${id}`;
    const name = encodeURIComponent(input.name);
    const object: SlackFileObject = {
      id,
      created: now,
      timestamp: now,
      name: input.name,
      title: input.title ?? input.name,
      mimetype,
      filetype: input.filetype ?? filetype,
      pretty_type: pretty,
      user,
      user_team: SLACK_IDS.teamId,
      editable: mode === 'snippet',
      size: input.size ?? content.length,
      mode,
      is_external: false,
      external_type: '',
      is_public: true,
      public_url_shared: false,
      display_as_bot: false,
      username: '',
      url_private: `${this.baseUrl()}/${path}/${name}`,
      url_private_download: `${this.baseUrl()}/${path}/download/${name}`,
      permalink: `https://${SLACK_IDS.teamDomain}.slack.com/files/${user}/${id}/${name}`,
      permalink_public: `https://slack-files.com/${SLACK_IDS.teamId}-${id}-0000000000`,
      has_rich_preview: false,
      file_access: 'visible',
    };
    if (mode === 'snippet') {
      const lines = content.toString('utf8').split('\n');
      object.preview = lines.slice(0, SNIPPET_PREVIEW_LINES).join('\n');
      object.lines = lines.length;
      object.lines_more = Math.max(0, lines.length - SNIPPET_PREVIEW_LINES);
      object.preview_is_truncated = lines.length > SNIPPET_PREVIEW_LINES;
      object.edit_link = `https://${SLACK_IDS.teamDomain}.slack.com/files/${user}/${id}/${name}/edit`;
    }
    this.files.set(id, { object, content, htmlWithoutAuth: input.htmlWithoutAuth ?? true });
    return object;
  }

  /** Stores bytes POSTed to an upload_url; false if the URL was never handed out. */
  receiveUpload(fileId: string, content: Buffer): boolean {
    const up = this.uploads.find((u) => u.fileId === fileId);
    if (up === undefined) return false;
    up.content = content;
    return true;
  }

  private botMessage(args: ApiArgs, ts: string): ApiResult {
    const msg: ApiResult = {
      type: 'message',
      user: SLACK_IDS.botUserId,
      bot_id: SLACK_IDS.botId,
      app_id: SLACK_IDS.appId,
      text: args.text ?? '',
      ts,
      team: SLACK_IDS.teamId,
      bot_profile: { id: SLACK_IDS.botId, app_id: SLACK_IDS.appId, name: SLACK_IDS.botName, deleted: false, team_id: SLACK_IDS.teamId },
    };
    if (args.blocks !== undefined) msg.blocks = args.blocks;
    if (args.attachments !== undefined) msg.attachments = args.attachments;
    if (!missing(args.thread_ts)) msg.thread_ts = String(args.thread_ts);
    return msg;
  }

  /** Shared checks of chat.postMessage / postEphemeral / update: content present, blocks valid, text length. */
  private checkContent(args: ApiArgs, requireContent = true): ApiResult | { warnings: string[] } {
    if (requireContent && missing(args.text) && missing(args.blocks) && missing(args.attachments)) return { ok: false, error: 'no_text' };
    if (args.blocks !== undefined) {
      const errors = validateMessageBlocks(args.blocks);
      if (errors.length > 0) return invalidBlocksResult(errors);
    }
    if (typeof args.text === 'string' && args.text.length > MAX_TEXT) {
      args.text = args.text.slice(0, MAX_TEXT);
      return { warnings: ['message_truncated'] };
    }
    return { warnings: [] };
  }

  private user(id: string): ApiResult {
    const isBot = id === SLACK_IDS.botUserId;
    const name = isBot ? SLACK_IDS.botName : id === SLACK_IDS.userId ? SLACK_IDS.userName : id.toLowerCase();
    return {
      id,
      team_id: SLACK_IDS.teamId,
      name,
      deleted: false,
      real_name: name,
      tz: 'Europe/Berlin',
      tz_label: 'Central European Time',
      tz_offset: 3600,
      is_admin: false,
      is_owner: false,
      is_bot: isBot,
      is_app_user: false,
      updated: 1700000000,
      profile: { real_name: name, display_name: name, ...(isBot ? { bot_id: SLACK_IDS.botId } : {}) },
    };
  }

  readonly methods: Record<string, MethodHandler> = {
    'auth.test': () => ({
      ok: true,
      url: `https://${SLACK_IDS.teamDomain}.slack.com/`,
      team: SLACK_IDS.teamDomain,
      user: SLACK_IDS.botName,
      team_id: SLACK_IDS.teamId,
      user_id: SLACK_IDS.botUserId,
      bot_id: SLACK_IDS.botId,
      is_enterprise_install: false,
    }),

    'apps.connections.open': () => ({ ok: true, url: this.openSocket() }),

    'chat.postMessage': (args) => {
      if (missing(args.channel)) return { ok: false, error: 'channel_not_found' };
      const check = this.checkContent(args);
      if (!('warnings' in check)) return check;
      const ts = nextTs();
      const message = this.botMessage(args, ts);
      this.addMessage(String(args.channel), message);
      const res: ApiResult = { ok: true, channel: String(args.channel), ts, message };
      if (check.warnings.length > 0) res.response_metadata = { warnings: check.warnings };
      return res;
    },

    'chat.postEphemeral': (args) => {
      if (missing(args.channel)) return { ok: false, error: 'channel_not_found' };
      if (missing(args.user)) return { ok: false, error: 'user_not_found' };
      const check = this.checkContent(args);
      if (!('warnings' in check)) return check;
      return { ok: true, message_ts: nextTs() }; // ephemeral messages never enter history
    },

    'chat.update': (args) => {
      const message = this.findMessage(String(args.channel), String(args.ts));
      if (message === undefined) return { ok: false, error: 'message_not_found' };
      if (message.bot_id !== SLACK_IDS.botId) return { ok: false, error: 'cant_update_message' };
      const check = this.checkContent(args);
      if (!('warnings' in check)) return check;
      Object.assign(message, { text: args.text ?? '', edited: { user: SLACK_IDS.botUserId, ts: nextTs() } });
      if (args.blocks !== undefined) message.blocks = args.blocks;
      return { ok: true, channel: String(args.channel), ts: String(args.ts), text: message.text, message };
    },

    'chat.delete': (args) => {
      const list = this.history.get(String(args.channel)) ?? [];
      const i = list.findIndex((m) => m.ts === String(args.ts));
      if (i < 0) return { ok: false, error: 'message_not_found' };
      list.splice(i, 1);
      return { ok: true, channel: String(args.channel), ts: String(args.ts) };
    },

    'chat.getPermalink': (args) => {
      if (this.findMessage(String(args.channel), String(args.message_ts)) === undefined) return { ok: false, error: 'message_not_found' };
      return {
        ok: true,
        channel: args.channel,
        permalink: `https://${SLACK_IDS.teamDomain}.slack.com/archives/${args.channel}/p${String(args.message_ts).replace('.', '')}`,
      };
    },

    'conversations.replies': (args) => {
      const list = this.history.get(String(args.channel)) ?? [];
      const parent = list.find((m) => m.ts === String(args.ts));
      if (parent === undefined) return { ok: false, error: 'thread_not_found' };
      const root = parent.thread_ts ?? parent.ts;
      const thread = list.filter((m) => m.ts === root || m.thread_ts === root);
      const limit = Number(args.limit ?? 1000);
      return { ok: true, messages: thread.slice(0, limit), has_more: thread.length > limit, response_metadata: { next_cursor: '' } };
    },

    'conversations.history': (args) => {
      const list = (this.history.get(String(args.channel)) ?? []).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
      const limit = Number(args.limit ?? 100);
      const newestFirst = [...list].reverse();
      return { ok: true, messages: newestFirst.slice(0, limit), has_more: newestFirst.length > limit, pin_count: 0, response_metadata: { next_cursor: '' } };
    },

    'files.info': (args) => {
      const f = this.files.get(String(args.file));
      return f === undefined ? { ok: false, error: 'file_not_found' } : { ok: true, file: f.object, comments: [], response_metadata: { next_cursor: '' } };
    },

    'files.getUploadURLExternal': (args) => {
      if (missing(args.filename) || missing(args.length)) return { ok: false, error: 'invalid_arguments' };
      const fileId = slackId('F');
      this.uploads.push({ fileId, filename: String(args.filename), length: Number(args.length), completed: false, snippet_type: args.snippet_type });
      return { ok: true, upload_url: `${this.baseUrl()}/upload/v1/${fileId}`, file_id: fileId };
    },

    'files.completeUploadExternal': (args) => {
      const entries: Array<{ id: string; title?: string }> = Array.isArray(args.files) ? args.files : [];
      if (entries.length === 0) return { ok: false, error: 'invalid_arguments' };
      const ups = entries.map((e) => this.uploads.find((u) => u.fileId === e.id));
      if (ups.some((u) => u === undefined || u.content === undefined)) return { ok: false, error: 'file_not_found' };
      const objects = entries.map((e, i) => {
        const up = ups[i]!;
        Object.assign(up, {
          completed: true,
          title: e.title ?? up.filename,
          channel_id: args.channel_id,
          thread_ts: args.thread_ts,
          initial_comment: args.initial_comment,
        });
        return this.addFile({ id: up.fileId, name: up.filename, title: up.title, content: up.content!, user: SLACK_IDS.botUserId });
      });
      if (!missing(args.channel_id)) {
        // Sharing into a channel posts a bot message carrying the files, as Slack does.
        const msg = this.botMessage({ text: args.initial_comment ?? '', thread_ts: args.thread_ts }, nextTs());
        Object.assign(msg, { files: objects, upload: true, display_as_bot: false });
        this.addMessage(String(args.channel_id), msg);
      }
      return { ok: true, files: objects.map((o) => ({ id: o.id, title: o.title })) };
    },

    'reactions.add': (args) => {
      if (missing(args.name)) return { ok: false, error: 'invalid_name' };
      if (this.findMessage(String(args.channel), String(args.timestamp)) === undefined) return { ok: false, error: 'message_not_found' };
      const key = `${args.channel}/${args.timestamp}/${args.name}`;
      if (this.reactions.has(key)) return { ok: false, error: 'already_reacted' };
      this.reactions.add(key);
      return { ok: true };
    },

    'reactions.remove': (args) => {
      const key = `${args.channel}/${args.timestamp}/${args.name}`;
      if (!this.reactions.delete(key)) return { ok: false, error: 'no_reaction' };
      return { ok: true };
    },

    'users.info': (args) => (missing(args.user) ? { ok: false, error: 'user_not_found' } : { ok: true, user: this.user(String(args.user)) }),
  };
}
