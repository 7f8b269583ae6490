// Slack settings, taken from the parsed configuration (src/config/schema.ts documents and validates each value):
// which mode the tokens select, and what is missing for it, named instead of surfacing as a confusing failure later.
//   SLACK_BOT_TOKEN                     required for Slack at all (without it `npm start` runs the console chat)
//   + SLACK_APP_TOKEN                   → Socket Mode
//   + SLACK_SIGNING_SECRET              → HTTP mode (POST /slack/events on PORT) when there is no app token
import type { Config } from '../config/schema.js';
import type { Lang } from '../model/lang.js';

type SlackMode = 'socket' | 'http';
type LogLevelName = Config['LOG_LEVEL'];

export interface SlackConfig {
  mode: SlackMode;
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  port: number;
  /** Interface the HTTP server binds to (HOST, default all interfaces). */
  host?: string;
  apiUrl: string;
  command: string;
  lang: Lang;
  maxFileBytes: number;
  feedbackLog?: string;
  logLevel: LogLevelName;
}

export class SlackConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Slack configuration is not usable:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example and docs/slack.md.`);
  }
}

/** True when the configuration asks for Slack at all. */
export function slackRequested(config: Pick<Config, 'SLACK_BOT_TOKEN'>): boolean {
  return config.SLACK_BOT_TOKEN !== undefined;
}

export function slackConfig(config: Config): SlackConfig {
  const { SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: appToken, SLACK_SIGNING_SECRET: signingSecret } = config;
  const problems: string[] = [];
  if (!botToken) problems.push('SLACK_BOT_TOKEN is missing: the bot token (xoxb-…) from OAuth & Permissions.');
  if (!appToken && !signingSecret) {
    problems.push(
      'Neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is set: set one of them (Basic Information in the Slack app settings).',
    );
  }
  if (problems.length || !botToken) throw new SlackConfigError(problems);
  return {
    mode: appToken ? 'socket' : 'http',
    botToken,
    ...(appToken && { appToken }),
    ...(signingSecret && { signingSecret }),
    port: config.PORT,
    ...(config.HOST && { host: config.HOST }),
    apiUrl: config.SLACK_API_URL,
    command: config.KUBE_DOCTOR_COMMAND,
    lang: config.KUBE_DOCTOR_LANG,
    maxFileBytes: config.KUBE_DOCTOR_MAX_FILE_BYTES,
    ...(config.KUBE_DOCTOR_FEEDBACK_LOG && { feedbackLog: config.KUBE_DOCTOR_FEEDBACK_LOG }),
    logLevel: config.LOG_LEVEL,
  };
}
