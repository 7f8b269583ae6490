// An offline Slack for tests: one loopback HTTP server that plays
//   * the Web API (POST /api/<method>, form or JSON, Bearer token) → point Bolt's clientOptions.slackApiUrl at it;
//   * response_url endpoints (POST /response/<id>);
//   * private file hosting (GET /files-pri/…) with Slack's "HTML sign-in page unless Bearer token" behaviour;
//   * upload URLs for files.uploadV2 (POST /upload/v1/<file id>);
//   * Socket Mode (apps.connections.open → ws://…/link/?ticket=…, hello, envelopes, acks);
// and, towards an app in HTTP mode, sends correctly signed events, slash commands and block_actions.
// Everything Bolt does stays real; only Slack's side is emulated.
//
//   const emu = await startSlackEmulator();
//   const common = { token: emu.botToken, botId: SLACK_IDS.botId, botUserId: SLACK_IDS.botUserId,   // no auth.test
//     clientOptions: { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } } };                    // fail fast
//   // HTTP mode
//   const app = new App({ ...common, signingSecret: emu.signingSecret });
//   const server = await app.start({ port: 0, host: '127.0.0.1' }) as Server;
//   await emu.sendEvent(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, appMentionEvent({ text: 'hi' }));
//   // Socket Mode
//   const sm = new App({ ...common, appToken: emu.appToken, socketMode: true });
//   await sm.start();
//   await emu.socket.sendEnvelope('events_api', appMentionEvent({ text: 'hi' }));
//   // teardown: app first, then the emulator (it waits for the WebSocket close handshake)
//   await app.stop(); await emu.close();
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { invalidBlocksResult, validateMessageBlocks } from './slack-block-limits.js';
import { eventCallback, SLACK_IDS, slackId, slashCommandPayload, type SlackFileObject, type SlashCommandInput } from './slack-payloads.js';
import { SlackWorkspace, type AddFileInput, type ApiArgs, type ApiResult, type RecordedUpload, type TokenKind } from './slack-workspace.js';

export * from './slack-payloads.js'; // one import for tests: emulator + payload builders
export type { AddFileInput, RecordedUpload } from './slack-workspace.js';

export interface SlackEmulatorOptions {
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
}

export interface RecordedCall {
  method: string;
  /** Decoded arguments: form fields, with JSON-string fields (blocks, attachments, files…) parsed. */
  args: ApiArgs;
  /** Token from `Authorization: Bearer`, or the `token` field. */
  token?: string;
  at: number;
  /** HTTP status the emulator answered (429 for a rate-limited attempt). */
  status: number;
  /** JSON body the emulator answered. */
  result: ApiResult;
}

export interface RecordedResponse {
  id: string;
  /** Parsed JSON body (the raw string if it was not JSON). */
  body: any;
  at: number;
  /** HTTP status answered: 200, or the failure configured / provoked (404 expired/used, 400 invalid_blocks). */
  status: number;
}

export interface RecordedDownload {
  fileId: string;
  url: string;
  /** Whether the request carried `Authorization: Bearer <botToken>`. */
  authorized: boolean;
  status: number;
  at: number;
}

export interface RecordedAck {
  envelope_id: string;
  payload?: any;
  at: number;
}

export interface SignOptions {
  /** Sign with a wrong secret (Bolt must answer 401). */
  badSignature?: boolean;
  /** Shift X-Slack-Request-Timestamp, e.g. -360 for a 6-minute-old request (Bolt must answer 401). */
  timestampOffsetSec?: number;
  /** Adds X-Slack-Retry-Num (and X-Slack-Retry-Reason), as Slack does when redelivering. */
  retryNum?: number;
  retryReason?: string;
  headers?: Record<string, string>;
}

export interface SendEventOptions extends SignOptions {
  eventId?: string;
  teamId?: string;
}

export interface AppResponse {
  status: number;
  body: string;
  headers: IncomingHttpHeaders;
  /** Time until the app answered (Slack wants ≤ 3000 ms). */
  ms: number;
  /** event_id of the delivered event_callback (sendEvent). */
  eventId?: string;
  /** response_url put into the payload (sendCommand / sendAction). */
  responseUrl?: string;
}

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface EnvelopeOptions {
  /** events_api only: Slack's retry_attempt (Bolt exposes it as context.retryNum). */
  retryAttempt?: number;
  retryReason?: string;
  envelopeId?: string;
  /** events_api only. */
  eventId?: string;
  /** How long to wait for the app's ack (default 3000 ms, Slack's own deadline). */
  ackTimeoutMs?: number;
}

type MethodResult = object | ((args: ApiArgs) => object);
type Fault = { status: number; retryAfterSec?: number };

// WebClient sends non-scalar arguments as JSON strings inside the form.
const JSON_FIELDS = new Set(['blocks', 'attachments', 'files', 'metadata', 'user_auth_blocks', 'view', 'unfurls']);
const RESPONSE_URL_MAX_USES = 5; // Slack: up to 5 uses within 30 minutes
const SIGN_IN_HTML =
  '<!DOCTYPE html><html><head><title>Slack</title></head><body><h1>Sign in to kube-doctor-test</h1><form action="/signin" method="post"></form></body></html>';

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}

/** Multipart via the platform's own parser (undici), so we don't hand-roll one. */
async function parseMultipart(contentType: string, raw: Buffer): Promise<FormData> {
  return new Request('http://emulator.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
}

async function parseArgs(req: IncomingMessage, raw: Buffer, url: URL): Promise<ApiArgs> {
  const args: ApiArgs = Object.fromEntries(url.searchParams);
  const ct = String(req.headers['content-type'] ?? '');
  if (ct.startsWith('application/json')) Object.assign(args, JSON.parse(raw.toString('utf8') || '{}'));
  else if (ct.startsWith('multipart/form-data')) {
    for (const [k, v] of await parseMultipart(ct, raw)) if (typeof v === 'string') args[k] = v;
  } else Object.assign(args, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
  for (const k of Object.keys(args)) {
    if (JSON_FIELDS.has(k) && typeof args[k] === 'string') {
      try {
        args[k] = JSON.parse(args[k]);
      } catch {
        /* left as a string: the method answers invalid_*_format like Slack */
      }
    }
  }
  return args;
}

/** Socket Mode side: tickets, WebSocket connections, envelopes and acks. */
export class SocketModeEndpoint {
  /** WebSocket connections ever established (reconnects increase it). */
  opens = 0;
  readonly acks: RecordedAck[] = [];
  /** Envelopes sent to the app, in order. */
  readonly envelopes: Array<Record<string, any>> = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<WebSocket>();
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, { resolve: (a: RecordedAck) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  constructor(private readonly prepare: (type: EnvelopeType, payload: Record<string, any>, opts: EnvelopeOptions) => Record<string, any>) {}

  /** Currently open connections. */
  get connections(): number {
    return [...this.clients].filter((c) => c.readyState === c.OPEN).length;
  }

  mintUrl(base: string): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${base.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=${SLACK_IDS.appId}`;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      // Tickets are single-use, like Slack's: a client must call apps.connections.open again to reconnect.
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  private onConnection(ws: WebSocket): void {
    this.clients.add(ws);
    this.opens += 1;
    ws.on('error', () => undefined); // a client vanishing mid-test must not crash the run
    ws.on('close', () => this.clients.delete(ws));
    ws.on('message', (data) => {
      let msg: any;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (typeof msg?.envelope_id !== 'string') return;
      const ack: RecordedAck = { envelope_id: msg.envelope_id, payload: msg.payload, at: Date.now() };
      this.acks.push(ack);
      const p = this.pending.get(msg.envelope_id);
      if (p !== undefined) {
        clearTimeout(p.timer);
        this.pending.delete(msg.envelope_id);
        p.resolve(ack);
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connections,
        debug_info: { host: 'applink-emulator', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: SLACK_IDS.appId },
      }),
    );
  }

  /** Sends an envelope over the newest open connection and resolves with the app's ack. */
  sendEnvelope(type: EnvelopeType, payload: Record<string, any>, opts: EnvelopeOptions = {}): Promise<RecordedAck> {
    const target = [...this.clients].reverse().find((c) => c.readyState === c.OPEN);
    if (target === undefined) return Promise.reject(new Error('Socket Mode: no open connection (did the app start?)'));
    const envelope = { envelope_id: opts.envelopeId ?? randomUUID(), ...this.prepare(type, payload, opts) };
    this.envelopes.push(envelope);
    const timeoutMs = opts.ackTimeoutMs ?? 3000;
    return new Promise<RecordedAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelope.envelope_id);
        reject(new Error(`Socket Mode: no ack for ${type} envelope ${envelope.envelope_id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelope.envelope_id, { resolve, reject, timer });
      target.send(JSON.stringify(envelope));
    });
  }

  /** Asks every client to reconnect, like Slack's periodic `{"type":"disconnect"}`. */
  disconnectAll(reason = 'refresh_requested'): void {
    for (const c of this.clients) {
      if (c.readyState === c.OPEN) c.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-emulator' } }));
    }
  }

  reset(): void {
    this.acks.length = 0;
    this.envelopes.length = 0;
  }

  async close(graceMs: number): Promise<void> {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`Socket Mode: emulator closed before envelope ${id} was acked`));
    }
    this.pending.clear();
    // Give clients the chance to finish their own close handshake (app.stop() starts it but does not await it);
    // cutting them off instead leaves @slack/socket-mode with a 30 s close timer or a reconnect timer.
    const closed = [...this.clients].map((c) => new Promise<void>((r) => (c.readyState === c.CLOSED ? r() : c.once('close', () => r()))));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(closed), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    for (const c of this.clients) c.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }
}

export class SlackEmulator {
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  readonly ids = SLACK_IDS;
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly downloads: RecordedDownload[] = [];
  readonly workspace: SlackWorkspace;
  readonly socket: SocketModeEndpoint;
  private readonly server: Server;
  private baseUrl = '';
  private readonly overrides = new Map<string, MethodResult>();
  private readonly faults = new Map<string, Fault[]>();
  /** Calls left unanswered by hangOnce; ended on reset and close. */
  private readonly hung: ServerResponse[] = [];
  private readonly responseFailures = new Map<string, number>();
  private readonly responseUses = new Map<string, number>();

  constructor(opts: SlackEmulatorOptions = {}) {
    this.botToken = opts.botToken ?? 'xoxb-kd-test';
    this.appToken = opts.appToken ?? 'xapp-1-kd-test';
    this.signingSecret = opts.signingSecret ?? 'kd-test-signing-secret';
    this.workspace = new SlackWorkspace(
      () => this.baseUrl,
      () => this.socket.mintUrl(this.baseUrl),
    );
    this.socket = new SocketModeEndpoint((type, payload, o) => this.prepareEnvelope(type, payload, o));
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'emulator_error', detail: String(err) });
        else res.destroy();
      });
    });
    this.server.on('upgrade', (req, socket, head) => this.socket.handleUpgrade(req, socket, head));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** For `clientOptions.slackApiUrl`. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  get url(): string {
    return this.baseUrl;
  }

  get uploads(): RecordedUpload[] {
    return this.workspace.uploads;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  // ----- test controls --------------------------------------------------------------------------------------

  /** A response_url pointing at this emulator; POSTs to it land in `responses` under `id`. */
  responseUrl(id: string = slackId('R')): string {
    return `${this.baseUrl}/response/${encodeURIComponent(id)}`;
  }

  /** From now on POSTs to this response_url get `status` (e.g. 404: expired, so the app must fall back). */
  failResponseUrl(id: string, status: number): void {
    this.responseFailures.set(id, status);
  }

  /** Custom answer for a method (checked after auth). Pass `null` to restore the built-in behaviour. */
  setMethodResult(method: string, result: MethodResult | null): void {
    if (result === null) this.overrides.delete(method);
    else this.overrides.set(method, result);
  }

  /** The next call of `method` gets HTTP 429 with `Retry-After: retryAfterSec`, then calls succeed again. */
  rateLimitOnce(method: string, retryAfterSec: number): void {
    this.pushFault(method, { status: 429, retryAfterSec });
  }

  /** The next call of `method` gets a bare HTTP `status` (e.g. 503). WebClient retries these per retryConfig. */
  httpErrorOnce(method: string, status: number): void {
    this.pushFault(method, { status });
  }

  /** The next call of `method` is never answered (the connection stays open until the emulator closes). */
  hangOnce(method: string): void {
    this.pushFault(method, { status: 0 });
  }

  private pushFault(method: string, fault: Fault): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), fault]);
  }

  /** Hosts a file at url_private / url_private_download and makes it known to files.info. */
  addFile(file: AddFileInput): SlackFileObject {
    return this.workspace.addFile(file);
  }

  /** Seeds conversation history (conversations.history / .replies, chat.update, reactions.add look here). */
  addMessage(channel: string, message: Record<string, any>): void {
    this.workspace.addMessage(channel, message);
  }

  /** Polls until `predicate` holds; on timeout the error lists the calls seen, which is usually the clue. */
  async waitFor(predicate: (e: SlackEmulator) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline) {
        const seen = this.calls.map((c) => `${c.method}(${c.status}${c.result.ok === false ? ` ${c.result.error}` : ''})`).join(', ');
        throw new Error(`waitFor timed out after ${timeoutMs} ms; Web API calls: [${seen}]; responses: ${this.responses.length}`);
      }
      await delay(10);
    }
  }

  /** Clears recordings and workspace state between tests (configuration such as overrides is cleared too). */
  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.downloads.length = 0;
    this.overrides.clear();
    this.faults.clear();
    for (const res of this.hung.splice(0)) res.destroy();
    this.responseFailures.clear();
    this.responseUses.clear();
    this.workspace.reset();
    this.socket.reset();
  }

  /** Stop the Bolt app first: this waits up to `graceMs` for Socket Mode clients to finish closing. */
  async close(graceMs = 2000): Promise<void> {
    for (const res of this.hung.splice(0)) res.destroy();
    await this.socket.close(graceMs);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ----- towards the app: HTTP mode ---------------------------------------------------------------------------

  /** POSTs a body signed the way Slack signs it (v0 HMAC-SHA256 of `v0:ts:body`). */
  async sendSigned(appUrl: string, body: string, contentType: string, opts: SignOptions = {}): Promise<AppResponse> {
    const ts = Math.floor(Date.now() / 1000) + (opts.timestampOffsetSec ?? 0);
    const secret = opts.badSignature ? `${this.signingSecret}-wrong` : this.signingSecret;
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
    const headers: Record<string, string> = {
      'content-type': contentType,
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
      ...(opts.retryNum !== undefined ? { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': opts.retryReason ?? 'http_timeout' } : {}),
      ...opts.headers,
    };
    const target = new URL(appUrl);
    if (target.pathname === '/') target.pathname = '/slack/events'; // Bolt's default endpoint
    const started = Date.now();
    return new Promise<AppResponse>((resolve, reject) => {
      // agent:false → one connection per request, so no keep-alive socket outlives the app under test.
      const req = httpRequest(target, { method: 'POST', headers, agent: false }, (res) => {
        readBody(res).then(
          (buf) => resolve({ status: res.statusCode ?? 0, body: buf.toString('utf8'), headers: res.headers, ms: Date.now() - started }),
          reject,
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Delivers `event` inside an event_callback (as Slack's Events API does). Message events enter history. */
  async sendEvent(appUrl: string, event: Record<string, any>, opts: SendEventOptions = {}): Promise<AppResponse> {
    // An already-built envelope (event_callback, url_verification…) is sent as is.
    const envelope =
      event.type === 'event_callback' || event.type === 'url_verification' ? event : eventCallback(event, { eventId: opts.eventId, teamId: opts.teamId });
    if (envelope.event !== undefined) this.rememberEvent(envelope.event as Record<string, any>);
    const res = await this.sendSigned(appUrl, JSON.stringify(envelope), 'application/json', opts);
    return { ...res, eventId: envelope.event_id === undefined ? undefined : String(envelope.event_id) };
  }

  /** A slash command: form-encoded, `text` escaped as Slack does, response_url pointing here unless given. */
  async sendCommand(appUrl: string, cmd: SlashCommandInput, opts: SignOptions = {}): Promise<AppResponse> {
    const fields = slashCommandPayload({ ...cmd, response_url: cmd.response_url ?? this.responseUrl() });
    const res = await this.sendSigned(appUrl, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', opts);
    return { ...res, responseUrl: fields.response_url };
  }

  /** An interactivity payload (e.g. blockActionsPayload()) as form field `payload=<json>`. */
  async sendAction(appUrl: string, payload: Record<string, any>, opts: SignOptions = {}): Promise<AppResponse> {
    const p = this.withResponseUrl(payload);
    const body = new URLSearchParams({ payload: JSON.stringify(p) }).toString();
    const res = await this.sendSigned(appUrl, body, 'application/x-www-form-urlencoded', opts);
    return { ...res, responseUrl: p.response_url };
  }

  private withResponseUrl(payload: Record<string, any>): Record<string, any> {
    if (payload.type === 'block_actions' && payload.response_url === undefined && payload.container?.type !== 'view') {
      return { ...payload, response_url: this.responseUrl() };
    }
    return payload;
  }

  /** A user message that reaches the app really exists in Slack: keep it for conversations.*, reactions.add… */
  private rememberEvent(event: Record<string, any>): void {
    const storable =
      event.type === 'app_mention' || (event.type === 'message' && [undefined, 'file_share', 'bot_message', 'thread_broadcast'].includes(event.subtype));
    if (!storable || typeof event.channel !== 'string' || typeof event.ts !== 'string') return;
    const { channel, event_ts: _e, channel_type: _c, ...message } = event;
    this.workspace.addMessage(channel, { ...message, type: 'message' });
  }

  private prepareEnvelope(type: EnvelopeType, payload: Record<string, any>, opts: EnvelopeOptions): Record<string, any> {
    if (type === 'events_api') {
      const body = payload.type === 'event_callback' ? payload : eventCallback(payload, { eventId: opts.eventId });
      this.rememberEvent(body.event as Record<string, any>);
      const attempt = opts.retryAttempt ?? 0;
      return { payload: body, type, accepts_response_payload: false, retry_attempt: attempt, retry_reason: opts.retryReason ?? (attempt > 0 ? 'timeout' : '') };
    }
    if (type === 'slash_commands') {
      const fields = slashCommandPayload({ ...payload, response_url: payload.response_url ?? this.responseUrl() });
      return { payload: fields, type, accepts_response_payload: true };
    }
    const p = this.withResponseUrl(payload);
    return { payload: p, type, accepts_response_payload: p.type !== 'block_actions' };
  }

  // ----- Slack's side: routing --------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const path = url.pathname;
    if (path.startsWith('/api/')) return this.handleApi(req, res, url, decodeURIComponent(path.slice('/api/'.length)));
    if (path.startsWith('/response/') && req.method === 'POST') return this.handleResponseUrl(req, res, decodeURIComponent(path.slice('/response/'.length)));
    if (path.startsWith('/files-pri/') && (req.method === 'GET' || req.method === 'HEAD')) return this.handleFile(req, res, url);
    if (path.startsWith('/upload/v1/') && req.method === 'POST') return this.handleUpload(req, res, path.slice('/upload/v1/'.length));
    if (path === '/signin') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(SIGN_IN_HTML);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    const raw = await readBody(req);
    const args = await parseArgs(req, raw, url);
    const token = bearer(req.headers.authorization) ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    const call: RecordedCall = { method, args, token, at: Date.now(), status: 200, result: {} };
    this.calls.push(call);

    const fault = this.faults.get(method)?.shift();
    if (fault?.status === 0) {
      call.status = 0;
      this.hung.push(res);
      return;
    }
    if (fault !== undefined) {
      call.status = fault.status;
      call.result = { ok: false, error: fault.status === 429 ? 'ratelimited' : 'http_error' };
      const headers: Record<string, string> = fault.retryAfterSec !== undefined ? { 'retry-after': String(fault.retryAfterSec) } : {};
      return sendJson(res, fault.status, call.result, headers);
    }
    call.result = this.answer(method, args, token);
    sendJson(res, 200, call.result);
  }

  private answer(method: string, args: ApiArgs, token: string | undefined): ApiResult {
    if (token === undefined || token === '') return { ok: false, error: 'not_authed' };
    const kind: TokenKind | undefined = token === this.botToken ? 'bot' : token === this.appToken ? 'app' : undefined;
    if (kind === undefined) return { ok: false, error: 'invalid_auth' };
    // xapp- tokens only open Socket Mode connections; bot tokens cannot.
    if ((method === 'apps.connections.open') !== (kind === 'app')) return { ok: false, error: 'not_allowed_token_type' };
    if (typeof args.blocks === 'string') return { ok: false, error: 'invalid_blocks_format' };
    const override = this.overrides.get(method);
    if (override !== undefined) return structuredClone(typeof override === 'function' ? override(args) : override) as ApiResult;
    const handler = this.workspace.methods[method];
    if (handler === undefined) return { ok: false, error: 'unknown_method', req_method: method };
    return handler(args, { tokenKind: kind });
  }

  private async handleResponseUrl(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    let body: any = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      /* recorded as a string; Slack answers invalid_payload */
    }
    const rec: RecordedResponse = { id, body, at: Date.now(), status: 200 };
    this.responses.push(rec);
    const uses = (this.responseUses.get(id) ?? 0) + 1;
    this.responseUses.set(id, uses);
    const answer = (status: number, result: ApiResult) => {
      rec.status = status;
      sendJson(res, status, result);
    };
    const failure = this.responseFailures.get(id);
    if (failure !== undefined) return answer(failure, { ok: false, error: failure === 404 ? 'expired_url' : 'http_error' });
    if (uses > RESPONSE_URL_MAX_USES) return answer(404, { ok: false, error: 'used_url' });
    if (typeof body !== 'object' || body === null) return answer(400, { ok: false, error: 'invalid_payload' });
    if (body.blocks !== undefined) {
      const errors = validateMessageBlocks(body.blocks);
      if (errors.length > 0) return answer(400, invalidBlocksResult(errors));
    }
    answer(200, { ok: true });
  }

  private handleFile(req: IncomingMessage, res: ServerResponse, url: URL): void {
    // /files-pri/<team>-<file id>/<name>  or  /files-pri/<team>-<file id>/download/<name>
    const segment = url.pathname.split('/')[2] ?? '';
    const fileId = segment.slice(segment.indexOf('-') + 1);
    const stored = this.workspace.files.get(fileId);
    const authorized = bearer(req.headers.authorization) === this.botToken;
    const record = (status: number) => this.downloads.push({ fileId, url: url.href, authorized, status, at: Date.now() });
    if (stored === undefined) {
      record(404);
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body>File not found</body></html>');
      return;
    }
    if (!authorized) {
      if (stored.htmlWithoutAuth) {
        // What Slack really does: 200 + an HTML page, which a naive client would "parse" as the file.
        record(200);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(SIGN_IN_HTML);
      } else {
        record(302);
        res.writeHead(302, { location: `${this.baseUrl}/signin?redir=${encodeURIComponent(url.pathname)}` });
        res.end();
      }
      return;
    }
    record(200);
    const headers: Record<string, string | number> = { 'content-type': stored.object.mimetype, 'content-length': stored.content.length };
    if (url.pathname.includes('/download/')) headers['content-disposition'] = `attachment; filename="${stored.object.name}"`;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : stored.content);
  }

  private async handleUpload(req: IncomingMessage, res: ServerResponse, fileId: string): Promise<void> {
    const raw = await readBody(req);
    let content = raw;
    const ct = String(req.headers['content-type'] ?? '');
    if (ct.startsWith('multipart/form-data')) {
      // WebClient sends the bytes as a multipart part named "body"; Slack also accepts "file" or a raw body.
      const form = await parseMultipart(ct, raw);
      const part = [...form.values()].find((v) => typeof v !== 'string');
      content = part !== undefined && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    }
    if (!this.workspace.receiveUpload(fileId, content)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${content.length}`);
  }
}

/** Starts an emulator on 127.0.0.1 with an ephemeral port. Always `await emu.close()` (after stopping the app). */
export async function startSlackEmulator(opts: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  const emu = new SlackEmulator(opts);
  await emu.listen();
  return emu;
}
