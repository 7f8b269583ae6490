// Slack configuration: the mode follows the tokens, and what is missing or malformed is named (never echoed whole).
import { describe, expect, test } from '@jest/globals';
import { ConfigError, readConfig } from '../../src/config/read.js';
import { SlackConfigError, slackConfig, slackRequested } from '../../src/slack/config.js';

/** As main.ts reads it: the configuration schema, then the Slack part of it. */
const readSlackConfig = (env: Record<string, string>) => slackConfig(readConfig(env));

const problems = (env: Record<string, string>): string[] => {
  try {
    readSlackConfig(env);
  } catch (e) {
    if (e instanceof SlackConfigError || e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('the Slack configuration', () => {
  test('an app token selects Socket Mode; defaults for port, API URL and command', () => {
    expect(readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A1-2-def' })).toMatchObject({
      mode: 'socket',
      botToken: 'xoxb-1-2-abc',
      appToken: 'xapp-1-A1-2-def',
      port: 3000,
      apiUrl: 'https://slack.com/api/',
      command: '/kube-doctor',
      lang: 'en',
    });
  });

  test('a signing secret without an app token selects HTTP on PORT; SLACK_API_URL gets its trailing slash', () => {
    expect(
      readSlackConfig({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
        PORT: '8080',
        SLACK_API_URL: 'https://slack-gov.com/api',
        KUBE_DOCTOR_COMMAND: '/kd',
      }),
    ).toMatchObject({ mode: 'http', port: 8080, apiUrl: 'https://slack-gov.com/api/', command: '/kd' });
  });

  test('names what is missing', () => {
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1-x' })).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN is missing/)]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      expect.stringMatching(/Neither SLACK_APP_TOKEN \(Socket Mode\) nor SLACK_SIGNING_SECRET \(HTTP mode\) is set/),
    ]);
  });

  test('names what is malformed, without printing the secret', () => {
    const secret = 'xapp-1-A0SECRETSECRETSECRET';
    const p = problems({
      SLACK_BOT_TOKEN: secret,
      SLACK_APP_TOKEN: 'xoxb-oops',
      PORT: 'http',
      SLACK_API_URL: 'slack.com/api',
      KUBE_DOCTOR_COMMAND: 'kube-doctor',
      LOG_LEVEL: 'loud',
      KUBE_DOCTOR_LANG: 'fr',
    });
    expect(p.map((x) => x.split(' ')[0])).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_APP_TOKEN',
      'PORT',
      'SLACK_API_URL',
      'KUBE_DOCTOR_COMMAND',
      'KUBE_DOCTOR_LANG',
      'LOG_LEVEL',
    ]);
    expect(p[0]).toBe(
      'SLACK_BOT_TOKEN is malformed: expected a bot token starting with xoxb- (that is an app-level token: put it in SLACK_APP_TOKEN), got xapp-… (27 characters).',
    );
    expect(p[2]).toBe('PORT is malformed: expected a port number 0-65535, got "http".');
    expect(p.join('\n')).not.toContain(secret);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'short' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is malformed/)]);
  });

  test('the error message lists every problem and points at the docs', () => {
    expect(() => readSlackConfig({})).toThrow(/SLACK_BOT_TOKEN is missing[\s\S]*docs\/slack\.md/);
  });
});

test('Slack is requested by a bot token; a blank one is unset', () => {
  expect(slackRequested(readConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toBe(true);
  expect(slackRequested(readConfig({ SLACK_BOT_TOKEN: '  ' }))).toBe(false);
});
