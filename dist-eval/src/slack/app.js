// Builds the kube-doctor Slack app for Socket Mode (SLACK_APP_TOKEN) or HTTP (POST /slack/events on PORT),
// registers one listener module per surface, and returns start/stop.
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import { makeServices } from './deps.js';
import * as events from './events/index.js';
import { TtlMap } from './memory.js';
import * as messages from './messages/index.js';
export class SlackStartError extends Error {
}
/** Production default: a few quick retries; a reply that needs half an hour of retries is not a reply. */
const DEFAULT_RETRY = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true };
const LEVELS = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR };
/**
 * Slack redelivers an event it thinks was not acknowledged (x-slack-retry-num, or retry_attempt in Socket Mode)
 * with the same event_id. Bolt acknowledges events before middleware runs, so dropping a seen id here is safe.
 */
export function dedupeEvents(seen = new TtlMap(60 * 60 * 1000, 50_000)) {
    return async ({ body, next, logger }) => {
        const id = body.event_id;
        if (typeof id === 'string' && !seen.claim(id, true)) {
            logger.debug(`dropping redelivered event ${id}`);
            return;
        }
        await next();
    };
}
export function createSlackApp(config, deps, options = {}) {
    const services = makeServices({ ...deps, command: deps.command ?? config.command, defaultLang: deps.defaultLang ?? config.lang, maxFileBytes: deps.maxFileBytes ?? config.maxFileBytes });
    // A fresh object per client: Socket Mode mutates the clientOptions it is given.
    const clientOptions = () => ({ slackApiUrl: config.apiUrl, retryConfig: { ...(options.retryConfig ?? DEFAULT_RETRY) }, rejectRateLimitedCalls: false });
    const logLevel = LEVELS[config.logLevel];
    const common = {
        token: config.botToken,
        ...(options.logger ? { logger: options.logger } : { logLevel }),
        clientOptions: clientOptions(),
        // auth.test runs in start(), where its failure can be reported, not in the constructor.
        deferInitialization: true,
        // Bolt's conversation store is unused here; skipping it saves a middleware on every event.
        convoStore: false,
    };
    let receiver;
    let app;
    if (config.mode === 'socket') {
        receiver = new SocketModeReceiver({
            appToken: config.appToken,
            ...(options.logger ? { logger: options.logger } : { logLevel }),
            installerOptions: { clientOptions: clientOptions() },
        });
        app = new App({ ...common, receiver });
    }
    else {
        app = new App({
            ...common,
            signingSecret: config.signingSecret,
            customRoutes: options.routes?.length
                ? options.routes
                : [{ path: '/healthz', method: ['GET'], handler: (_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); } }],
        });
    }
    app.use(dedupeEvents());
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
            }
            catch (e) {
                const code = e.data?.error;
                throw new SlackStartError(code
                    ? `Slack rejected SLACK_BOT_TOKEN (auth.test: ${code}). Check the token, and that the app is installed in the workspace.`
                    : `Could not reach Slack at ${config.apiUrl} to check SLACK_BOT_TOKEN: ${e.message}`);
            }
            if (config.mode === 'socket') {
                try {
                    await app.start();
                }
                catch (e) {
                    const code = e.data?.error;
                    throw new SlackStartError(`Could not open the Socket Mode connection${code ? ` (apps.connections.open: ${code}; check SLACK_APP_TOKEN and that Socket Mode is enabled)` : `: ${e.message}`}`);
                }
                return {};
            }
            const server = (await app.start({ port: config.port, ...(config.host && { host: config.host }) }));
            const { port } = server.address();
            return { port, url: `http://${config.host ?? 'localhost'}:${port}/slack/events` };
        },
        async stop() {
            if (receiver) {
                // app.stop() starts the WebSocket close but does not wait for it; wait (briefly) so nothing lingers.
                const closed = new Promise((resolve) => receiver.client.once('disconnected', () => resolve()));
                await app.stop();
                let timer;
                await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, 3000)))]);
                clearTimeout(timer);
                return;
            }
            await app.stop();
        },
    };
}
