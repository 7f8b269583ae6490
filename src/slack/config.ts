// Slack settings from the environment (and `.env`, read with dotenv), validated at start so a typo is named
// instead of surfacing as a confusing failure later.
//   SLACK_BOT_TOKEN       xoxb-…  required for Slack at all (without it `npm start` runs the console chat)
//   SLACK_APP_TOKEN       xapp-…  → Socket Mode
//   SLACK_SIGNING_SECRET          → HTTP mode (POST /slack/events on PORT) when there is no app token
//   PORT                          HTTP port, default 3000
//   SLACK_API_URL                 Web API base, default https://slack.com/api/ (GovSlack, tests)
//   KUBE_DOCTOR_COMMAND           slash command, default /kube-doctor
//   KUBE_DOCTOR_LANG              reply language when the message does not decide: en (default) or zh
//   KUBE_DOCTOR_MAX_FILE_BYTES    snippets larger than this are not read, default 2 MiB
//   KUBE_DOCTOR_FEEDBACK_LOG      file to append 👍/👎 feedback to (JSON lines); feedback is always logged
//   LOG_LEVEL                     debug | info | warn | error, default info
import { config as loadDotenv } from 'dotenv';
import { LANGS, type Lang } from '../model/lang.js';
import { DEFAULT_MAX_FILE_BYTES } from './deps.js';

type SlackMode = 'socket' | 'http';
type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

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

const DEFAULT_API_URL = 'https://slack.com/api/';
export const DEFAULT_COMMAND = '/kube-doctor';

export class SlackConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Slack configuration is not usable:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example and docs/slack.md.`);
  }
}

type Env = Record<string, string | undefined>;

/**
 * Loads `.env` (from the working directory unless `path` is given) into `env` without overriding what is set, then
 * drops every blank value: a copied .env.example is full of `NAME=` lines, and a blank value means unset (its
 * default), never an empty folder list, port 0 or a reload interval of 0 s.
 */
export function loadEnvFile(env: Env = process.env, path?: string): void {
  loadDotenv({ path, processEnv: env as Record<string, string>, quiet: true });
  for (const [name, v] of Object.entries(env)) if (v !== undefined && !v.trim()) delete env[name];
}

/** True when the environment asks for Slack at all. */
export function slackRequested(env: Env = process.env): boolean {
  return Boolean(env.SLACK_BOT_TOKEN?.trim());
}

const value = (env: Env, key: string): string | undefined => {
  const v = env[key]?.trim();
  return v ? v : undefined;
};

/** Token-shaped check that never echoes the secret itself. */
function describe(secret: string): string {
  return `${secret.slice(0, 5)}… (${secret.length} characters)`;
}

export function readSlackConfig(env: Env = process.env): SlackConfig {
  const problems: string[] = [];
  const botToken = value(env, 'SLACK_BOT_TOKEN');
  const appToken = value(env, 'SLACK_APP_TOKEN');
  const signingSecret = value(env, 'SLACK_SIGNING_SECRET');

  if (!botToken) problems.push('SLACK_BOT_TOKEN is missing: the bot token (xoxb-…) from OAuth & Permissions.');
  else if (!/^xoxb-[A-Za-z0-9-]+$/.test(botToken)) {
    problems.push(
      `SLACK_BOT_TOKEN is malformed: expected a bot token starting with xoxb-, got ${describe(botToken)}${botToken.startsWith('xapp-') ? ' (that is an app-level token: put it in SLACK_APP_TOKEN)' : botToken.startsWith('xoxp-') ? ' (that is a user token)' : ''}.`,
    );
  }
  if (appToken !== undefined && !/^xapp-[A-Za-z0-9-]+$/.test(appToken)) {
    problems.push(
      `SLACK_APP_TOKEN is malformed: expected an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write), got ${describe(appToken)}.`,
    );
  }
  if (appToken === undefined) {
    if (!signingSecret) {
      problems.push(
        'Neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is set: set one of them (Basic Information in the Slack app settings).',
      );
    } else if (/\s/.test(signingSecret) || signingSecret.length < 16) {
      problems.push(
        `SLACK_SIGNING_SECRET is malformed: expected the signing secret from Basic Information (32 hexadecimal characters), got ${describe(signingSecret)}.`,
      );
    }
  }

  let port = 3000;
  const rawPort = value(env, 'PORT');
  if (rawPort !== undefined) {
    if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535) problems.push(`PORT is malformed: expected a port number 0-65535, got "${rawPort}".`);
    else port = Number(rawPort);
  }

  let apiUrl = DEFAULT_API_URL;
  const rawApi = value(env, 'SLACK_API_URL');
  if (rawApi !== undefined) {
    try {
      const u = new URL(rawApi);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('protocol');
      apiUrl = u.href.endsWith('/') ? u.href : `${u.href}/`;
    } catch {
      problems.push(`SLACK_API_URL is malformed: expected a URL such as https://slack.com/api/, got "${rawApi}".`);
    }
  }

  const command = value(env, 'KUBE_DOCTOR_COMMAND') ?? DEFAULT_COMMAND;
  if (!/^\/[a-z0-9_-]{1,31}$/.test(command)) {
    problems.push(`KUBE_DOCTOR_COMMAND is malformed: a slash command is "/" followed by up to 31 lowercase letters, digits, "-" or "_", got "${command}".`);
  }

  const lang = (value(env, 'KUBE_DOCTOR_LANG') ?? 'en') as Lang;
  if (!LANGS.includes(lang)) problems.push(`KUBE_DOCTOR_LANG is malformed: expected one of ${LANGS.join(', ')}, got "${lang}".`);

  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  const rawMax = value(env, 'KUBE_DOCTOR_MAX_FILE_BYTES');
  if (rawMax !== undefined) {
    if (!/^\d+$/.test(rawMax) || Number(rawMax) < 1)
      problems.push(`KUBE_DOCTOR_MAX_FILE_BYTES is malformed: expected a positive number of bytes, got "${rawMax}".`);
    else maxFileBytes = Number(rawMax);
  }

  const logLevel = (value(env, 'LOG_LEVEL') ?? 'info').toLowerCase() as LogLevelName;
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) problems.push(`LOG_LEVEL is malformed: expected debug, info, warn or error, got "${logLevel}".`);

  if (problems.length) throw new SlackConfigError(problems);
  return {
    mode: appToken ? 'socket' : 'http',
    botToken: botToken!,
    ...(appToken && { appToken }),
    ...(signingSecret && { signingSecret }),
    port,
    ...(value(env, 'HOST') && { host: value(env, 'HOST') }),
    apiUrl,
    command,
    lang,
    maxFileBytes,
    ...(value(env, 'KUBE_DOCTOR_FEEDBACK_LOG') && { feedbackLog: value(env, 'KUBE_DOCTOR_FEEDBACK_LOG') }),
    logLevel,
  };
}
