// Two replicas of the real bot (`npm start`, dist/main.js, two processes) in HTTP mode against the Slack emulator,
// sharing a real redis-server through REDIS_URL: a message Slack delivers to both and then redelivers is answered
// once (and its buttons work on either replica), a replayed slash command once, an unmatched paste is listed by `kube-doctor unmatched` from anywhere, and
// when Redis goes away the bot keeps answering, then shares again once Redis is back.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { dirWithEnv, freePort, start, type Proc } from './support/bot-process.js';
import { runCli } from './support/cli.js';
import { findRedisServer, startRedisServer, type RedisServer } from './support/redis-server.js';
import { blockActionsPayload, eventCallback, messageEvent, startSlackEmulator, type SlackEmulator } from './support/slack-emulator.js';
import { buttons, COMMAND, founding, hasFoundingFix, httpEnvLines, posts, visible } from './slack/user-view.js';

const hasRedis = Boolean(findRedisServer());
if (!hasRedis) console.warn('redis-server is not installed (apt-get install redis-server): the replica tests are skipped');
const withRedis = hasRedis ? describe : describe.skip;

const count = (text: string, re: RegExp) => (text.match(new RegExp(re.source, 'g')) ?? []).length;
const UNKNOWN = 'Warning  FrobnicationFailed  3s  kubelet  the frobnicator is out of flux capacitors';

withRedis('two replicas sharing Redis', () => {
  let emu: SlackEmulator;
  let redis: RedisServer;
  const replicas: { proc: Proc; url: string; dir: string }[] = [];
  const prefix = `kd-replicas-${process.pid}:`;
  const logs = () => replicas.map((r) => r.proc.out()).join('\n');
  /** Resolves once the replicas' logs (together) show `re` `n` times. */
  const logged = async (re: RegExp, n: number, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (count(logs(), re) < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} × ${re} in the logs, saw ${count(logs(), re)}:\n${logs()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  beforeAll(async () => {
    [emu, redis] = await Promise.all([startSlackEmulator(), startRedisServer()]);
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const dir = dirWithEnv([...httpEnvLines(emu, port), `REDIS_URL=${redis.url}`, `REDIS_KEY_PREFIX=${prefix}`]);
      replicas.push({ proc: start(dir), url: `http://127.0.0.1:${port}/slack/events`, dir });
    }
    await Promise.all(replicas.map((r) => r.proc.waitFor(/listening for Slack in HTTP mode/, 60_000)));
  }, 90_000);

  afterAll(async () => {
    for (const r of replicas) {
      r.proc.child.kill('SIGTERM');
      await r.proc.exited;
      rmSync(r.dir, { recursive: true, force: true });
    }
    await Promise.all([emu?.close(), redis?.stop()]);
  });

  test('a message delivered to both replicas, then redelivered to both, is answered once', async () => {
    emu.reset();
    const envelope = eventCallback(messageEvent({ text: founding, channel: 'D0REPL', channel_type: 'im' }));
    const [a, b] = replicas;
    await Promise.all([emu.sendEvent(a.url, envelope), emu.sendEvent(b.url, envelope)]);
    await Promise.all([emu.sendEvent(a.url, envelope, { retryNum: 1 }), emu.sendEvent(b.url, envelope, { retryNum: 2 })]);
    // Three of the four deliveries are dropped (as logged), whichever replica took the first.
    await logged(new RegExp(`dropping redelivered event ${envelope.event_id}`), 3);
    await emu.waitFor((e) => posts(e).length >= 1, 30_000);
    expect(posts(emu)).toHaveLength(1);
    expect(hasFoundingFix(posts(emu)[0].args)).toBe(true);

    // The report behind the buttons is shared too: "Show evidence" works whichever replica the click reaches.
    const evidence = buttons(posts(emu)[0].args).find((x) => x.action_id === 'kd_show_evidence')!;
    for (const r of replicas) await emu.sendAction(r.url, blockActionsPayload({ actionId: 'kd_show_evidence', value: evidence.value, channel: 'D0REPL' }));
    await emu.waitFor((e) => e.responses.length === 2, 30_000);
    for (const res of emu.responses) expect(visible(res.body)).toContain('lookup registry-1.docker.io on 192.168.64.1:53: server misbehaving');
  });

  test('a replayed slash command (same trigger_id, to either replica) is answered once', async () => {
    emu.reset();
    const cmd = { command: COMMAND, text: founding, trigger_id: `${Date.now()}.replayed`, response_url: emu.responseUrl() };
    const [a, b] = replicas;
    await emu.sendCommand(a.url, cmd);
    await emu.sendCommand(b.url, cmd);
    await emu.sendCommand(a.url, cmd);
    await logged(new RegExp(`dropping a replayed slash command \\(trigger ${cmd.trigger_id.replace('.', '\\.')}\\)`), 2);
    await emu.waitFor((e) => e.responses.length >= 1, 30_000);
    expect(emu.responses).toHaveLength(1);
    expect(hasFoundingFix(emu.responses[0].body)).toBe(true);
  });

  test('an unmatched paste sent to one replica is listed by `kube-doctor unmatched` with the same REDIS_URL', async () => {
    emu.reset();
    await emu.sendEvent(replicas[1].url, messageEvent({ text: UNKNOWN, channel: 'D0REPL', channel_type: 'im' }));
    await emu.waitFor((e) => posts(e).length === 1, 30_000);
    expect(visible(posts(emu)[0].args)).toMatch(/Nothing I know matched/);
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix };
    let listed: { text: string; surface: string }[] = [];
    for (let i = 0; i < 100 && !listed.length; i++) {
      // Recorded just after the reply is rendered: poll briefly.
      const r = await runCli(['unmatched', '--format', 'json'], undefined, env);
      expect(r.code).toBe(0);
      listed = JSON.parse(r.stdout);
      if (!listed.length) await new Promise((res) => setTimeout(res, 100));
    }
    expect(listed.map((e) => e.text)).toEqual([expect.stringContaining('the frobnicator is out of flux capacitors')]);
    const text = await runCli(['unmatched'], undefined, env);
    expect(text.stdout).toContain('flux capacitors');
  });

  test('Redis stopped: the bot keeps answering (fault counted); back, the replicas dedupe again', async () => {
    emu.reset();
    const [a, b] = replicas;
    await redis.stop();
    await emu.sendEvent(a.url, messageEvent({ text: founding, channel: 'D0DOWN', channel_type: 'im' }));
    await emu.waitFor((e) => posts(e).length === 1, 30_000);
    expect(hasFoundingFix(posts(emu)[0].args)).toBe(true);
    const metrics = await (await fetch(a.url.replace('/slack/events', '/metrics'))).text();
    expect(metrics).toMatch(/kube_doctor_shared_state_faults_total\{operation="claim"\} [1-9]/);
    expect(a.proc.out()).toMatch(/shared state \(Redis\) unreachable: falling back/);

    await redis.start();
    await logged(/connected to Redis/, 4); // each replica: at start, and again now
    emu.reset();
    const envelope = eventCallback(messageEvent({ text: founding, channel: 'D0BACK', channel_type: 'im' }));
    await Promise.all([emu.sendEvent(a.url, envelope), emu.sendEvent(b.url, envelope)]);
    await logged(new RegExp(`dropping redelivered event ${envelope.event_id}`), 1);
    await emu.waitFor((e) => posts(e).length >= 1, 30_000);
    expect(posts(emu)).toHaveLength(1);
    // Its own waits (a reply, two reconnects, a redelivery) can each take seconds on a loaded machine.
  }, 120_000);
});
