// `npm start`: the Slack bot when Slack tokens are configured (environment or .env), otherwise the console chat.
//   SLACK_BOT_TOKEN + SLACK_APP_TOKEN       → Socket Mode
//   SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET  → HTTP, POST /slack/events on PORT (default 3000)
import { runConsoleChat } from './console/chat.js';
import { loadRulesOrExit } from './cli/program.js';
import { createSlackApp, SlackStartError } from './slack/app.js';
import { loadEnvFile, readSlackConfig, slackRequested, SlackConfigError } from './slack/config.js';

loadEnvFile();

function fail(message: string, code = 2): never {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(code);
}

let kb;
try {
  kb = loadRulesOrExit();
} catch (e) {
  fail((e as Error).message);
}

if (!slackRequested()) {
  await runConsoleChat({
    kb,
    lang: 'en',
    input: process.stdin,
    output: process.stdout,
    banner:
      'No Slack tokens configured (SLACK_BOT_TOKEN, and SLACK_APP_TOKEN for Socket Mode or SLACK_SIGNING_SECRET for HTTP).\n' +
      'To connect Slack, create the app from manifest.yml and put the tokens in .env (see docs/slack.md). Starting the console chat.',
  });
} else {
  let config;
  try {
    config = readSlackConfig();
  } catch (e) {
    if (e instanceof SlackConfigError) fail(e.message);
    throw e;
  }
  // The bot must outlive any one bad message: log what escaped the listeners, keep serving.
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`kube-doctor: unhandled rejection (the bot keeps running): ${reason instanceof Error ? reason.stack : String(reason)}\n`);
  });
  process.on('uncaughtException', (err) => {
    process.stderr.write(`kube-doctor: uncaught exception (the bot keeps running): ${err.stack ?? err.message}\n`);
  });
  const bot = createSlackApp(config, { kb });
  try {
    const { url } = await bot.start();
    process.stdout.write(
      config.mode === 'socket'
        ? `kube-doctor is connected to Slack in Socket Mode (slash command ${config.command}).\n`
        : `kube-doctor is listening for Slack in HTTP mode on ${url} (slash command ${config.command}).\n`,
    );
  } catch (e) {
    if (e instanceof SlackStartError) fail(`kube-doctor: ${e.message}`, 1);
    throw e;
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`kube-doctor: ${signal} received, disconnecting from Slack.\n`);
    await bot.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
