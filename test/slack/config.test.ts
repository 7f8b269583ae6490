// Slack configuration: the mode follows the tokens, and what is missing or malformed is named (never echoed whole).
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvFile, readSlackConfig, SlackConfigError, slackRequested } from '../../src/slack/config.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    readSlackConfig(env);
  } catch (e) {
    if (e instanceof SlackConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('readSlackConfig', () => {
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
    expect(p[0]).toContain('that is an app-level token: put it in SLACK_APP_TOKEN');
    expect(p.join('\n')).not.toContain(secret);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'short' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is malformed/)]);
  });

  test('the error message lists every problem and points at the docs', () => {
    expect(() => readSlackConfig({})).toThrow(/SLACK_BOT_TOKEN is missing[\s\S]*docs\/slack\.md/);
  });
});

test('.env is read without overriding the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-env-'));
  writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxb-from-file\nPORT=4000\n');
  const env: Record<string, string | undefined> = { PORT: '5000' };
  loadEnvFile(env, join(dir, '.env'));
  expect(env).toEqual({ SLACK_BOT_TOKEN: 'xoxb-from-file', PORT: '5000' });
  expect(slackRequested(env)).toBe(true);
  expect(slackRequested({ SLACK_BOT_TOKEN: '  ' })).toBe(false);
});

test('a blank value, in .env or in the environment, is unset: the defaults apply (a copied .env.example loads the bundled rules)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-env-'));
  writeFileSync(join(dir, '.env'), readFileSync(new URL('../../.env.example', import.meta.url), 'utf8'));
  const env: Record<string, string | undefined> = { HEALTH_PORT: ' ' };
  loadEnvFile(env, join(dir, '.env'));
  for (const name of ['KUBE_DOCTOR_RULES', 'RULES_RELOAD_SECONDS', 'HEALTH_PORT', 'KUBE_DOCTOR_DATA_DIR', 'SLACK_BOT_TOKEN'])
    expect(env).not.toHaveProperty(name);
  expect(env.PORT).toBe('3000'); // the one value .env.example sets
});

test('every setting the code reads is in .env.example and docs/slack.md', () => {
  const read = (p: string) => readFileSync(new URL(p, import.meta.url), 'utf8');
  const code = read('../../src/slack/config.ts');
  const names = new Set([...code.matchAll(/value\(env, '([A-Z_]+)'\)/g)].map((m) => m[1]));
  expect(names.size).toBeGreaterThanOrEqual(11);
  const example = read('../../.env.example');
  const docs = read('../../docs/slack.md');
  for (const n of names) {
    expect(example).toMatch(new RegExp(`^${n}=`, 'm'));
    expect(docs).toContain(`\`${n}\``);
  }
});
