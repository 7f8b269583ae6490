// `npm start`: the Slack bot when Slack tokens are configured, otherwise the console chat.
import 'dotenv/config';
import { runConsoleChat } from './console/chat.js';
import { loadRulesOrExit } from './cli/program.js';

const kb = loadRulesOrExit();
if (!process.env.SLACK_BOT_TOKEN) {
  await runConsoleChat({
    kb,
    lang: 'en',
    input: process.stdin,
    output: process.stdout,
    banner:
      'No Slack tokens configured (SLACK_BOT_TOKEN, and SLACK_APP_TOKEN for Socket Mode or SLACK_SIGNING_SECRET for HTTP).\n' +
      'To connect Slack, create the app from manifest.yml and put the tokens in .env (see README). Starting the console chat.',
  });
} else {
  process.stderr.write('Slack mode is not available in this build yet; unset SLACK_BOT_TOKEN to use the console chat.\n');
  process.exitCode = 2;
}
