// Faults the bot must survive or refuse clearly: a hung Slack Web API call, a signed request from the future,
// a rules folder emptied on reload, and, at start, a port in use or rules that cannot be used (npm start with such
// rules, through each start path: slack/start.test.ts).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/ops/log.js';
import { examplesPassedBefore } from '../src/ruleset/examples-cache.js';
import { DEFAULT_RULES_DIR } from '../src/rules/load.js';
import { RulesHolder, RulesPolicyError, type ReloadResult } from '../src/ruleset/reload.js';
import { startBot } from '../src/server.js';
import { UnmatchedStore } from '../src/unmatched/store.js';
import { dirWithEnv, freePort, start } from './support/bot-process.js';
import { messageEvent, startSlackEmulator, type SlackEmulator } from './support/slack-emulator.js';
import { emulatorConfig, founding, posts, visible } from './slack/helpers.js';
import { capturedLogger } from './support/captured-log.js';

let emu: SlackEmulator;
const tmp = mkdtempSync(join(tmpdir(), 'kd-faults-'));

beforeAll(async () => {
  emu = await startSlackEmulator();
});

afterAll(async () => {
  await emu.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** One rule with its examples: the smallest folder the policy accepts. */
const oneRule = `rules:
  - { id: demo-rule, category: other, specificity: 50, title: Demo, cause: Demo cause, fix: [Do the thing],
      match: [{ message: 'demo failure happened' }], examples: { match: ['the demo failure happened here'], no_match: ['all good'] } }
`;

describe('the Slack side', () => {
  test('a hung Web API call is abandoned after the timeout, logged and counted, and the user gets the apology', async () => {
    emu.reset();
    const { logger, lines } = capturedLogger('info');
    const b = await startBot(emulatorConfig(emu, 'http'), {
      rulesDir: DEFAULT_RULES_DIR,
      logger,
      unmatched: new UnmatchedStore(join(tmp, 'hung.jsonl')),
      liveLookup: false,
      retryConfig: { retries: 0 },
      apiTimeoutMs: 1000,
    });
    try {
      emu.hangOnce('chat.postMessage');
      const started = Date.now();
      expect((await emu.sendEvent(b.url!, messageEvent({ text: founding }))).status).toBe(200);
      await emu.waitFor((e) => posts(e).some((c) => c.status === 200), 15_000);
      const answered = posts(emu).filter((c) => c.status === 200);
      expect(visible(answered[0].args)).toMatch(/Sorry, something went wrong on my side/);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(posts(emu)[0].status).toBe(0); // the first call was the one left hanging
      expect(lines.join('')).toMatch(/timeout|timed out|ETIMEDOUT|ECONNABORTED/i);
      expect(await b.metrics.registry.getSingleMetricAsString('kube_doctor_reply_failures_total')).toMatch(
        /kube_doctor_reply_failures_total\{surface="[^"]+",cause="slack-api"\} 1/,
      );
    } finally {
      await b.shutdown();
    }
  }, 30_000);

  test('a signed request dated more than 5 minutes ahead is refused; 4 minutes ahead is accepted', async () => {
    emu.reset();
    const b = await startBot(emulatorConfig(emu, 'http'), {
      rulesDir: DEFAULT_RULES_DIR,
      unmatched: new UnmatchedStore(join(tmp, 'ts.jsonl')),
      liveLookup: false,
      logger: createLogger({ level: 'error' }),
    });
    try {
      const future = await emu.sendEvent(b.url!, messageEvent({ text: founding }), { timestampOffsetSec: 6 * 60 });
      expect(future.status).toBe(401);
      const near = await emu.sendEvent(b.url!, messageEvent({ text: founding }), { timestampOffsetSec: 4 * 60 });
      expect(near.status).toBe(200);
      await emu.waitFor((e) => posts(e).length === 1);
      expect(posts(emu)).toHaveLength(1);
    } finally {
      await b.shutdown();
    }
  }, 30_000);
});

describe('one rules policy at start and on reload', () => {
  test('an emptied rules folder on reload is refused, the last good rules stay, and why is reported', () => {
    const dir = join(tmp, 'reload');
    mkdirSync(dir);
    writeFileSync(join(dir, 'demo.yml'), oneRule);
    const events: ReloadResult[] = [];
    const holder = new RulesHolder(dir, (r) => events.push(r));
    rmSync(join(dir, 'demo.yml'));
    const r = holder.check();
    expect(r).toMatchObject({ changed: true, ok: false, reason: 'empty' });
    expect(r.error).toContain('no rules in');
    expect(holder.current.rules.map((x) => x.id)).toEqual(['demo-rule']);
    expect(events).toHaveLength(1);
  });

  test('examples that passed are remembered for these rules and this program; an edited example that fails is refused', () => {
    const dir = join(tmp, 'cached');
    mkdirSync(dir);
    writeFileSync(join(dir, 'demo.yml'), oneRule);
    const holder = new RulesHolder(dir);
    expect(examplesPassedBefore(holder.current.version)).toBe(true);
    writeFileSync(join(dir, 'demo.yml'), oneRule.replace("match: ['the demo failure happened here']", "match: ['no failure in this one']"));
    const r = holder.check();
    expect(r).toMatchObject({ changed: true, ok: false, reason: 'examples' });
    expect(r.error).toContain('rule examples fail');
    expect(holder.current.rules.map((x) => x.id)).toEqual(['demo-rule']);
  });

  test('zero rules or an unreadable folder at start is a RulesPolicyError', () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    expect(() => new RulesHolder(empty)).toThrow(RulesPolicyError);
    expect(() => new RulesHolder(join(tmp, 'no-such-folder'))).toThrow(/cannot read the rules folder/);
  });
});

describe('npm start refuses what it cannot serve: exit non-zero with a clear message', () => {
  const env = () => [`SLACK_BOT_TOKEN=${emu.botToken}`, `SLACK_SIGNING_SECRET=${emu.signingSecret}`, 'HOST=127.0.0.1', `SLACK_API_URL=${emu.apiUrl}`];

  test('the port is in use', async () => {
    const port = await freePort();
    const blocker: Server = await new Promise((resolve) => {
      const s = createServer().listen(port, '127.0.0.1', () => resolve(s));
    });
    const dir = dirWithEnv([...env(), `PORT=${port}`]);
    try {
      const p = start(dir);
      expect(await p.exited).toBe(1);
      expect(p.out()).toContain(`cannot listen on port ${port}: it is already in use`);
    } finally {
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
