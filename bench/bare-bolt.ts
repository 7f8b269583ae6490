// The yardstick for the bot's start (bench/start.ts): a Bolt app in HTTP mode that does nothing, started the way
// kube-doctor starts its own (auth.test in init(), then listen). Prints "ready" when it listens.
import bolt from '@slack/bolt';

const app = new bolt.App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  deferInitialization: true,
});
await app.init();
await app.start({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
