// The bot as it runs in production: the Slack app plus what operators need — hot-reloaded rules, questions,
// structured logs, /healthz /readyz /metrics, the unmatched-paste store, and a graceful SIGTERM.
import type { Server } from 'node:http';
import type { Diagnosis } from './diagnose/diagnose.js';
import { boltLogger } from './ops/bolt-logger.js';
import { healthRoutes, startHealthServer } from './ops/health.js';
import type { LiveConfig } from './kube/config.js';
import { createLiveLookup } from './kube/live.js';
import { createLogger, pasteFields, type Logger } from './ops/log.js';
import { Metrics } from './ops/metrics.js';
import { RulesHolder } from './ruleset/reload.js';
import { createReplyWorker } from './slack/reply-worker.js';
import { createSlackApp, type SlackAppHandle, type SlackAppOptions } from './slack/app.js';
import type { SlackConfig } from './slack/config.js';
import type { LiveLookup, SlackObserver } from './slack/deps.js';
import { DEFAULT_LARGE_PASTE, describeRedisUrl, type StateConfig } from './state/config.js';
import { openState } from './state/open.js';
import type { SharedState } from './state/state.js';
import { unmatchedEntry, type UnmatchedStore } from './unmatched/store.js';

export interface BotOptions {
  rulesDir: string;
  logger?: Logger;
  /** Socket Mode has no HTTP server: health and metrics go on this port (default 8080). */
  healthPort?: number;
  reloadIntervalMs?: number;
  /** How long SIGTERM waits for replies in flight. */
  drainMs?: number;
  /** Where a single replica keeps unmatched pastes (default: .kube-doctor/unmatched.jsonl; main.ts passes the configured one). */
  unmatched?: UnmatchedStore;
  /** Redis and rate limits (default: state in memory, the default limits). */
  stateConfig?: StateConfig;
  /** Live lookups: a ready one, or `false` for none; default: built from `live` when a cluster is configured. */
  liveLookup?: LiveLookup | false;
  live?: LiveConfig;
  retryConfig?: SlackAppOptions['retryConfig'];
  apiTimeoutMs?: SlackAppOptions['apiTimeoutMs'];
}

export interface RunningBot {
  slack: SlackAppHandle;
  metrics: Metrics;
  rules: RulesHolder;
  state: SharedState;
  url?: string;
  healthServer?: Server;
  inFlight(): number;
  /** Stops taking new work, waits (bounded) for the replies in flight, disconnects. */
  shutdown(): Promise<void>;
}

export async function startBot(config: SlackConfig, options: BotOptions): Promise<RunningBot> {
  const log = options.logger ?? createLogger({ level: config.logLevel });
  const metrics = new Metrics();
  const stateConfig = options.stateConfig ?? { largePaste: DEFAULT_LARGE_PASTE };
  let redisUp: boolean | undefined;
  const state = await openState(stateConfig.redis, {
    unmatched: options.unmatched,
    report: {
      fault: (operation) => metrics.stateFaults.inc({ operation }),
      warn: (operation, error, failures) =>
        log.warn(
          { operation, error, failures },
          "shared state (Redis) unreachable: falling back to this replica's memory; dedupe works per replica until it returns",
        ),
      recovered: (failures) => log.info({ failures }, 'shared state (Redis) is answering again'),
    },
    onEvent: (event, detail) => {
      // Once per change, not per reconnection attempt.
      if (event === 'ready' && redisUp !== true) log.info({ redis: describeRedisUrl(stateConfig.redis!.url) }, 'connected to Redis');
      else if ((event === 'error' || event === 'close') && redisUp !== false)
        log.warn(
          { redis: describeRedisUrl(stateConfig.redis!.url), error: detail ?? 'connection closed' },
          'Redis connection failed; reconnecting in the background',
        );
      if (event !== 'reconnecting') redisUp = event === 'ready';
    },
  });
  log.info({ state: state.kind }, 'shared state');
  let slack: SlackAppHandle | undefined;
  const rules = new RulesHolder(options.rulesDir, (r) => {
    metrics.ruleReloads.inc({ result: r.ok ? 'ok' : 'refused', reason: r.reason ?? '' });
    if (!r.ok) return log.error({ error: r.error, reason: r.reason, version: r.version }, 'rules change refused; the last good rules stay in force');
    if (slack) slack.services.kb = rules.current;
    log.info({ version: r.version, rules: rules.current.rules.length }, 'rules reloaded');
  });
  const stopWatching = rules.watch(options.reloadIntervalMs ?? 10_000);
  let inFlight = 0;
  let connected = false;

  const observer: SlackObserver = {
    request(surface) {
      inFlight++;
      metrics.requests.inc({ surface });
    },
    replied(surface, seconds) {
      inFlight--;
      metrics.replySeconds.observe({ surface }, seconds);
    },
    failed(surface, error) {
      inFlight--;
      const cause = (error as { code?: string })?.code?.startsWith('slack_') ? 'slack-api' : 'internal';
      metrics.replyFailures.inc({ surface, cause });
      log.warn({ surface }, 'a reply failed');
    },
    diagnosed(text: string, diagnosis: Diagnosis, isOutput: boolean) {
      const first = diagnosis.findings[0];
      if (first) metrics.diagnoses.inc({ category: first.category });
      else if (isOutput) {
        metrics.unmatched.inc({ surface: 'slack' });
        state
          .addUnmatched(unmatchedEntry(text, 'slack', diagnosis.input.kind))
          .catch((e: Error) => log.warn({ error: e.message }, 'could not record an unmatched paste'));
      }
      log.info(
        { ...pasteFields(log, text), kind: diagnosis.input.kind, rule: first?.rule, category: first?.category },
        first ? 'diagnosed' : 'nothing matched',
      );
    },
  };

  const routes = healthRoutes(metrics, { checks: () => ({ rules: rules.current.rules.length > 0, slack: connected }) });
  // Replies are worked out in a worker thread, so a big paste holds no other user's events, acks or /healthz.
  const replies = createReplyWorker();
  replies?.prepare(rules.current);
  const liveLookup =
    options.liveLookup === undefined
      ? options.live && (await createLiveLookup({ kb: () => rules.current, config: options.live }))
      : options.liveLookup || undefined;
  slack = createSlackApp(
    config,
    {
      kb: rules.current,
      observer,
      state,
      largePaste: stateConfig.largePaste,
      respond: replies?.respond,
      isOutput: replies?.isOutput,
      liveLookup,
    },
    { logger: boltLogger(log), routes, retryConfig: options.retryConfig, apiTimeoutMs: options.apiTimeoutMs },
  );
  const { url } = await slack.start();
  connected = true;
  if (config.mode === 'socket') {
    const client = (slack.app as unknown as { receiver?: { client?: NodeJS.EventEmitter } }).receiver?.client;
    client?.on('connected', () => (connected = true));
    client?.on('disconnected', () => (connected = false));
  }
  const healthServer = config.mode === 'socket' ? await startHealthServer(options.healthPort ?? 8080, routes, config.host ?? '0.0.0.0') : undefined;
  log.info({ mode: config.mode, url, rules: rules.current.rules.length, version: rules.current.version }, 'kube-doctor is running');

  let stopping: Promise<void> | undefined;
  return {
    slack,
    metrics,
    rules,
    state,
    url,
    healthServer,
    inFlight: () => inFlight,
    shutdown() {
      stopping ??= (async () => {
        log.info({ inFlight }, 'shutting down: no new work, finishing replies in flight');
        connected = false;
        stopWatching();
        // No new work: close the HTTP listener / the Socket Mode connection. Replies already acknowledged go out
        // through the Web API, which stays usable, so wait (bounded) until they are all sent.
        await slack!.stop().catch((e: Error) => log.warn({ error: e.message }, 'error while disconnecting from Slack'));
        const deadline = Date.now() + (options.drainMs ?? 10_000);
        while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        if (inFlight > 0) log.warn({ inFlight }, 'replies still in flight at the shutdown deadline');
        await new Promise<void>((r) => (healthServer ? healthServer.close(() => r()) : r()));
        await replies?.close();
        await state.close();
        log.info('stopped');
      })();
      return stopping;
    },
  };
}
