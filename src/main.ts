// `npm start`: the Slack bot when Slack tokens are configured (environment or .env), otherwise the console chat.
//   SLACK_BOT_TOKEN + SLACK_APP_TOKEN       → Socket Mode (health and metrics on HEALTH_PORT, default 8080)
//   SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET  → HTTP, POST /slack/events, /healthz, /readyz, /metrics on PORT (default 3000)
//   Every variable, with its default: .env.example (generated from src/config/schema.ts). Read once, here.
// Each mode loads only its own modules: the console chat needs no Slack, the bot no console.
import { ConfigError, loadEnvFile, readConfig } from './config/read.js';
import type { Config } from './config/schema.js';
import { LiveConfigError, liveConfig } from './kube/config.js';
import { RuleLoadError } from './rules/load.js';
import { stateConfig } from './state/config.js';
import { slackConfig, slackRequested, SlackConfigError } from './slack/config.js';
import { UnmatchedStore, unmatchedFile } from './unmatched/store.js';

function fail(message: string, code = 2): never {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(code);
}

loadEnvFile(process.env);
let settings: Config;
try {
  settings = readConfig(process.env);
} catch (e) {
  if (e instanceof ConfigError) fail(`kube-doctor: ${e.message}`);
  throw e;
}

if (!slackRequested(settings)) {
  // The same rules policy as the bot's: no rules, or failing examples, stop the start with the reason.
  const { loadRulesWithPolicy, RulesPolicyError } = await import('./ruleset/reload.js');
  let kb;
  try {
    kb = loadRulesWithPolicy(settings.KUBE_DOCTOR_RULES);
  } catch (e) {
    if (e instanceof RulesPolicyError) fail(`kube-doctor: the rules could not be loaded:\n${e.message}`);
    throw e;
  }
  const { chatText, runConsoleChat } = await import('./console/chat.js');
  await runConsoleChat({
    kb,
    lang: settings.KUBE_DOCTOR_LANG,
    input: process.stdin,
    output: process.stdout,
    banner: chatText(settings.KUBE_DOCTOR_LANG, 'noSlack'),
  });
} else {
  let config;
  try {
    config = slackConfig(settings);
  } catch (e) {
    if (e instanceof SlackConfigError) fail(e.message);
    throw e;
  }
  const { createLogger } = await import('./ops/log.js');
  const { startBot } = await import('./server.js');
  const { SlackStartError } = await import('./slack/app.js');
  const { RulesPolicyError } = await import('./ruleset/reload.js');
  const log = createLogger({ level: config.logLevel });
  // A rejected promise that escaped a listener is one bad message: log it, keep serving. An uncaught exception
  // leaves the process in an unknown state: log it and exit, and the Deployment starts a clean one.
  process.on('unhandledRejection', (reason) =>
    log.error({ reason: reason instanceof Error ? reason.stack : String(reason) }, 'unhandled rejection (the bot keeps running)'),
  );
  process.on('uncaughtException', (err) => {
    log.fatal({ error: err.stack ?? err.message }, 'uncaught exception: exiting (the Deployment restarts the bot)');
    process.exit(1);
  });
  const healthPort = settings.HEALTH_PORT;
  let bot;
  try {
    bot = await startBot(config, {
      stateConfig: stateConfig(settings),
      rulesDir: settings.KUBE_DOCTOR_RULES,
      logger: log,
      healthPort,
      reloadIntervalMs: settings.RULES_RELOAD_SECONDS * 1000,
      unmatched: new UnmatchedStore(unmatchedFile(settings)),
      live: liveConfig(settings),
    });
  } catch (e) {
    if (e instanceof SlackStartError) fail(`kube-doctor: ${e.message}`, 1);
    if (e instanceof RuleLoadError || e instanceof RulesPolicyError) fail(`kube-doctor: the rules could not be loaded:\n${e.message}`);
    if (e instanceof LiveConfigError) fail(`kube-doctor: live lookups: ${e.message}`);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const port = config.mode === 'socket' ? healthPort : config.port;
      fail(
        `kube-doctor: cannot listen on port ${port}: ${code === 'EADDRINUSE' ? 'it is already in use (another kube-doctor, or another server)' : 'permission denied'}. Set ${config.mode === 'socket' ? 'HEALTH_PORT' : 'PORT'} to a free port.`,
        1,
      );
    }
    fail(`kube-doctor: could not start: ${(e as Error).stack ?? (e as Error).message}`, 1);
  }
  process.stdout.write(
    config.mode === 'socket'
      ? `kube-doctor is connected to Slack in Socket Mode (slash command ${config.command}); health and metrics on port ${healthPort}.\n`
      : `kube-doctor is listening for Slack in HTTP mode on ${bot.url} (slash command ${config.command}).\n`,
  );
  const shutdown = (signal: string) => {
    log.info({ signal }, 'signal received');
    void bot.shutdown().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
