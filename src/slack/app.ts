// Builds the kube-doctor Slack app for Socket Mode (SLACK_APP_TOKEN) or HTTP (POST /slack/events on PORT),
// registers one listener module per surface, and returns start/stop.
import { App, LogLevel, SocketModeReceiver, type Logger, type Middleware, type AnyMiddlewareArgs } from '@slack/bolt';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import type { SlackConfig } from './config.js';
import { makeServices, type SlackDeps, type Services } from './deps.js';
import * as events from './events/index.js';
import { once } from './once.js';
import type { SharedState } from '../state/state.js';
import * as messages from './messages/index.js';

interface RetryOptions {
  retries: number;
  factor?: number;
  minTimeout?: number;
  maxTimeout?: number;
  randomize?: boolean;
}

export interface SlackAppOptions {
  logger?: Logger;
  /** Extra HTTP routes on Bolt's server in HTTP mode (/readyz, /metrics); Socket Mode serves them on a side port. */
  routes?: { path: string; method: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void }[];
  /** WebClient retries; 429s are waited out (Retry-After) and retried as long as retries ≥ 1. */
  retryConfig?: RetryOptions;
  /** A Web API call that has not answered in this long is abandoned (default 10 s): a hung call cannot hold a reply. */
  apiTimeoutMs?: number;
}

const DEFAULT_API_TIMEOUT_MS = 10_000;
/** Slack signs each request with its time; Bolt refuses old ones, this also refuses ones from the future. */
const MAX_CLOCK_SKEW_SEC = 5 * 60;

export interface SlackAppHandle {
  app: App;
  mode: SlackConfig['mode'];
  services: Services;
  /** Connects (Socket Mode) or listens (HTTP). Checks the bot token with auth.test first. */
  start(): Promise<{ port?: number; url?: string }>;
  stop(): Promise<void>;
}

export class SlackStartError extends Error {}

/** Production default: a few quick retries; a reply that needs half an hour of retries is not a reply. */
const DEFAULT_RETRY: RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true };

const LEVELS: Record<SlackConfig['logLevel'], LogLevel> = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR };

/**
 * Slack redelivers an event it thinks was not acknowledged (x-slack-retry-num, or retry_attempt in Socket Mode)
 * with the same event_id, possibly to another replica. Bolt acknowledges events before middleware runs, so dropping
 * a claimed id here is safe; `next()` resolves when the listeners are done, which turns the marker into a done marker.
 */
function dedupeEvents(state: SharedState): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next, logger }) => {
    const id = (body as { event_id?: unknown }).event_id;
    if (typeof id !== 'string') return next();
    if (!(await once(state, `event:${id}`, next)))
      logger.info(`dropping redelivered event ${id}: already answered or being answered (here or by another replica)`);
  };
}

export function createSlackApp(config: SlackConfig, deps: SlackDeps, options: SlackAppOptions = {}): SlackAppHandle {
  const services = makeServices({
    ...deps,
    command: deps.command ?? config.command,
    defaultLang: deps.defaultLang ?? config.lang,
    maxFileBytes: deps.maxFileBytes ?? config.maxFileBytes,
  });
  // A fresh object per client: Socket Mode mutates the clientOptions it is given.
  const clientOptions = () => ({
    slackApiUrl: config.apiUrl,
    retryConfig: { ...(options.retryConfig ?? DEFAULT_RETRY) },
    rejectRateLimitedCalls: false,
    timeout: options.apiTimeoutMs ?? DEFAULT_API_TIMEOUT_MS,
  });
  const logLevel = LEVELS[config.logLevel];
  const common = {
    token: config.botToken,
    ...(options.logger ? { logger: options.logger } : { logLevel }),
    clientOptions: clientOptions(),
    // auth.test runs in start(), where its failure can be reported, not in the constructor.
    deferInitialization: true,
    // Bolt's conversation store is unused here; skipping it saves a middleware on every event.
    convoStore: false as const,
  };

  let receiver: SocketModeReceiver | undefined;
  let app: App;
  if (config.mode === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: config.appToken!,
      ...(options.logger ? { logger: options.logger } : { logLevel }),
      installerOptions: { clientOptions: clientOptions() },
    });
    app = new App({ ...common, receiver });
  } else {
    app = new App({
      ...common,
      signingSecret: config.signingSecret!,
      customRoutes: options.routes?.length
        ? options.routes
        : [
            {
              path: '/healthz',
              method: ['GET'],
              handler: (_req, res) => {
                res.writeHead(200, { 'content-type': 'text/plain' });
                res.end('ok');
              },
            },
          ],
    });
  }

  app.use(dedupeEvents(services.state));
  const apiHost = new URL(config.apiUrl).host;
  const runtime = { token: config.botToken, trustedHosts: [apiHost] };
  commands.register(app, services);
  events.register(app, services, runtime);
  messages.register(app, services, runtime);
  actions.register(app, services, { feedbackLog: config.feedbackLog });
  // Listener errors are caught where they happen (with an apology to the user); anything else is logged here.
  app.error(async (error) => {
    app.logger.error(`unhandled error in a Slack listener: ${error.stack ?? error.message}`);
  });

  return {
    app,
    mode: config.mode,
    services,
    async start() {
      try {
        await app.init();
      } catch (e) {
        const code = (e as { data?: { error?: string } }).data?.error;
        throw new SlackStartError(
          code
            ? `Slack rejected SLACK_BOT_TOKEN (auth.test: ${code}). Check the token, and that the app is installed in the workspace.`
            : `Could not reach Slack at ${config.apiUrl} to check SLACK_BOT_TOKEN: ${(e as Error).message}`,
        );
      }
      if (config.mode === 'socket') {
        try {
          await app.start();
        } catch (e) {
          const code = (e as { data?: { error?: string } }).data?.error;
          throw new SlackStartError(
            `Could not open the Socket Mode connection${code ? ` (apps.connections.open: ${code}; check SLACK_APP_TOKEN and that Socket Mode is enabled)` : `: ${(e as Error).message}`}`,
          );
        }
        return {};
      }
      const server = (await app.start({ port: config.port, ...(config.host && { host: config.host }) })) as Server;
      refuseFutureRequests(server);
      const { port } = server.address() as AddressInfo;
      return { port, url: `http://${config.host ?? 'localhost'}:${port}/slack/events` };
    },
    async stop() {
      if (receiver) {
        // app.stop() starts the WebSocket close but does not wait for it; wait (briefly) so nothing lingers.
        const closed = new Promise<void>((resolve) => receiver!.client.once('disconnected', () => resolve()));
        await app.stop();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([closed, new Promise<void>((r) => (timer = setTimeout(r, 3000)))]);
        clearTimeout(timer);
        return;
      }
      await app.stop();
    },
  };
}

/**
 * A signed request dated more than 5 minutes ahead is refused with 401 before Bolt sees it (Bolt checks only
 * that a request is not older than 5 minutes, so a captured request signed with a future time would replay).
 */
function refuseFutureRequests(server: Server): void {
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const ts = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(ts) && ts > Date.now() / 1000 + MAX_CLOCK_SKEW_SEC) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('request timestamp is in the future');
      return;
    }
    for (const listener of listeners) listener.call(server, req, res);
  });
}
