// `npm run bench:slack`: load on the Slack app in HTTP mode, the way Slack applies it, measured from outside.
//
// This process plays Slack: it runs a minimal Web API + response_url sink on loopback and, towards the app, sends
// signed slash commands and signed message events (the founding paste) in bursts of 1, 10 and 100 concurrent
// requests (each burst fully answered before the next), then 100 always in flight (a throughput test).
// The app is a second process: `node dist/main.js` (what `npm start` runs; this file runs from dist-tools/bench/) with SLACK_API_URL pointing at the sink.
// Reported per concurrency: acknowledgement latency (HTTP response to Slack's POST) and time until the reply
// reached the sink (respond() for commands, chat.postMessage for events), median and p99; lost and doubled replies.
// Targets (issue 4): p99 ack < 50 ms and p99 reply < 200 ms at 100 in flight; no lost or doubled replies.
//
//   npm run bench:slack                 # default rounds
//   npm run bench:slack -- --requests 2000 --json
//   BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:slack   # profile the app process
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const SECRET = 'bench-signing-secret-0123456789';
const TOKEN = 'xoxb-bench-token';
const IDS = { team: 'T0BENCH01', botUser: 'U0BENCHBOT', bot: 'B0BENCHBOT', user: 'U0BENCHUSR', channel: 'C0BENCH001' };
const LEVELS = [1, 10, 100];

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const REQUESTS = option('requests', 1000); // per concurrency level (at least 20 × the concurrency)
const WARMUP = option('warmup', 200);

const paste = readFileSync(fileURLToPath(new URL('../../test/fixtures/founding/events.txt', import.meta.url)), 'utf8');

// ---- the Slack side: Web API and response_url sink ------------------------------------------------------------

/** Reply arrivals keyed by correlation id (response_url id, or the event's ts that the reply threads under). */
const arrivals = new Map<string, number[]>();
let tsCounter = 0;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (s += c));
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function record(key: string): void {
  const at = performance.now();
  const list = arrivals.get(key);
  if (list) list.push(at);
  else arrivals.set(key, [at]);
}

const sink = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://sink');
  const body = await readBody(req);
  if (url.pathname.startsWith('/response/')) {
    record(`cmd:${url.pathname.slice('/response/'.length)}`);
    return json(res, { ok: true });
  }
  const method = url.pathname.replace(/^\/api\//, '');
  const params = req.headers['content-type']?.startsWith('application/json') ? JSON.parse(body || '{}') : Object.fromEntries(new URLSearchParams(body));
  switch (method) {
    case 'auth.test':
      return json(res, { ok: true, user_id: IDS.botUser, bot_id: IDS.bot, team_id: IDS.team, user: 'kube-doctor', team: 'bench' });
    case 'chat.postMessage':
      record(`ev:${params.thread_ts ?? params.channel}`);
      return json(res, { ok: true, channel: params.channel, ts: `1800000000.${String(++tsCounter).padStart(6, '0')}` });
    case 'chat.postEphemeral':
      return json(res, { ok: true, message_ts: '1800000000.000000' });
    case 'conversations.replies':
      return json(res, { ok: true, messages: [], has_more: false });
    default:
      return json(res, { ok: false, error: 'unknown_method' });
  }
});

// ---- the app under test --------------------------------------------------------------------------------------

async function listen(): Promise<number> {
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  return (sink.address() as AddressInfo).port;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startApp(sinkPort: number, appPort: number) {
  const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|KUBE_DOCTOR_|PORT$|HOST$)/.test(k))),
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: `http://127.0.0.1:${sinkPort}/api/`,
    PORT: String(appPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [...(process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? []), main], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const deadline = Date.now() + 20000;
  while (!/listening for Slack in HTTP mode/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the app did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, output: () => out };
}

// ---- the load ------------------------------------------------------------------------------------------------

interface Sample {
  key: string;
  kind: 'command' | 'event';
  sentAt: number;
  ackMs: number;
  status: number;
}

function sign(body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  return {
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`,
  };
}

let eventCounter = 0;

interface BuiltRequest {
  key: string;
  kind: Sample['kind'];
  body: string;
  contentType: string;
  headers: Record<string, string>;
}

function buildRequest(i: number, sinkPort: number): BuiltRequest {
  const r = buildBody(i, sinkPort);
  return { ...r, headers: sign(r.body) };
}

function buildBody(i: number, sinkPort: number): Omit<BuiltRequest, 'headers'> {
  if (i % 2 === 0) {
    const id = randomUUID();
    const body = new URLSearchParams({
      token: 'x',
      team_id: IDS.team,
      team_domain: 'bench',
      channel_id: IDS.channel,
      channel_name: 'bench',
      user_id: IDS.user,
      user_name: 'bench',
      command: '/kube-doctor',
      text: paste.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      api_app_id: 'A0BENCH',
      is_enterprise_install: 'false',
      response_url: `http://127.0.0.1:${sinkPort}/response/${id}`,
      trigger_id: `${Date.now()}.${id.slice(0, 8)}`,
    }).toString();
    return { key: `cmd:${id}`, kind: 'command', body, contentType: 'application/x-www-form-urlencoded' };
  }
  eventCounter += 1;
  const ts = `1700000000.${String(eventCounter).padStart(6, '0')}`;
  const body = JSON.stringify({
    token: 'x',
    team_id: IDS.team,
    api_app_id: 'A0BENCH',
    type: 'event_callback',
    event_id: `Ev0BENCH${eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: IDS.team, user_id: IDS.botUser, is_bot: true }],
    event: {
      type: 'message',
      user: IDS.user,
      text: paste.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      ts,
      channel: IDS.channel,
      channel_type: 'channel',
      event_ts: ts,
      team: IDS.team,
    },
  });
  return { key: `ev:${ts}`, kind: 'event', body, contentType: 'application/json' };
}

function post(appPort: number, agent: Agent, body: string, contentType: string, headers: Record<string, string> = sign(body)): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: appPort,
        path: '/slack/events',
        method: 'POST',
        agent,
        headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `concurrency` requests fired at once, all answered (acks and replies) before the next burst: Slack's bursty load. */
async function runBursts(concurrency: number, total: number, appPort: number, sinkPort: number, agent: Agent): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let sent = 0; sent < total; sent += concurrency) {
    // Built and signed before the clock starts, so the generator's own work is not counted as the app's.
    const built = Array.from({ length: Math.min(concurrency, total - sent) }, (_, k) => buildRequest(sent + k, sinkPort));
    const burst = await Promise.all(
      built.map(async (r) => {
        const sentAt = performance.now();
        const status = await post(appPort, agent, r.body, r.contentType, r.headers);
        return { key: r.key, kind: r.kind, sentAt, ackMs: performance.now() - sentAt, status } satisfies Sample;
      }),
    );
    samples.push(...burst);
    await settle(burst, 10000, 0);
  }
  return samples;
}

/** `concurrency` requests always in flight (closed loop): a throughput test, latency is queueing. */
async function runSustained(concurrency: number, total: number, appPort: number, sinkPort: number, agent: Agent): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const r = buildRequest(i, sinkPort);
      const sentAt = performance.now();
      const status = await post(appPort, agent, r.body, r.contentType);
      samples.push({ key: r.key, kind: r.kind, sentAt, ackMs: performance.now() - sentAt, status });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return samples;
}

async function settle(samples: Sample[], timeoutMs = 10000, graceMs = 300): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (samples.some((s) => !arrivals.has(s.key)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  if (graceMs) await new Promise((r) => setTimeout(r, graceMs)); // late duplicates would show up here
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

interface Row {
  load: 'burst' | 'sustained';
  concurrency: number;
  requests: number;
  seconds: number;
  ackMedianMs: number;
  ackP99Ms: number;
  replyMedianMs: number;
  replyP99Ms: number;
  nonOk: number;
  lost: number;
  doubled: number;
}

function summarise(load: Row['load'], concurrency: number, samples: Sample[], seconds: number): Row {
  const acks = samples.map((s) => s.ackMs).sort((a, b) => a - b);
  const replies: number[] = [];
  let lost = 0;
  let doubled = 0;
  for (const s of samples) {
    const got = arrivals.get(s.key) ?? [];
    if (!got.length) lost++;
    if (got.length > 1) doubled++;
    if (got.length) replies.push(got[0] - s.sentAt);
  }
  replies.sort((a, b) => a - b);
  const r1 = (n: number) => Math.round(n * 10) / 10;
  return {
    load,
    concurrency,
    requests: samples.length,
    seconds: Math.round(seconds * 1000) / 1000,
    ackMedianMs: r1(quantile(acks, 0.5)),
    ackP99Ms: r1(quantile(acks, 0.99)),
    replyMedianMs: r1(quantile(replies, 0.5)),
    replyP99Ms: r1(quantile(replies, 0.99)),
    nonOk: samples.filter((s) => s.status !== 200).length,
    lost,
    doubled,
  };
}

async function main(): Promise<void> {
  const sinkPort = await listen();
  const appPort = await freePort();
  const app = await startApp(sinkPort, appPort);
  const rows: Row[] = [];
  // One keep-alive connection per request in flight, opened by an unmeasured burst (Slack keeps connections open too).
  const agentFor = async (c: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: c });
    await settle(await runBursts(c, c, appPort, sinkPort, agent), 10000, 0);
    return agent;
  };
  try {
    const warm = await agentFor(10);
    await settle(await runSustained(10, WARMUP, appPort, sinkPort, warm)); // JIT
    warm.destroy();
    for (const c of LEVELS) {
      const agent = await agentFor(c);
      const total = Math.max(REQUESTS, c * 10);
      const t0 = performance.now();
      const samples = await runBursts(c, total, appPort, sinkPort, agent);
      await settle(samples, 10000, 0);
      rows.push(summarise('burst', c, samples, (performance.now() - t0) / 1000));
      await settle(samples); // late duplicates would show up here
      agent.destroy();
    }
    const agent = await agentFor(100);
    const t0 = performance.now();
    const samples = await runSustained(100, Math.max(REQUESTS, 1000), appPort, sinkPort, agent);
    await settle(samples, 20000, 0);
    rows.push(summarise('sustained', 100, samples, (performance.now() - t0) / 1000));
    await settle(samples);
    agent.destroy();
  } finally {
    app.child.kill('SIGTERM');
    sink.close();
  }
  if (flag('json')) {
    process.stdout.write(
      JSON.stringify({ node: process.version, cpus: (await import('node:os')).cpus().length, loadavg: (await import('node:os')).loadavg(), rows }, null, 2) +
        '\n',
    );
    return;
  }
  const os = await import('node:os');
  process.stdout.write(
    `kube-doctor Slack HTTP-mode bench: node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  process.stdout.write('Requests: half signed slash commands, half signed channel-paste events, each the founding paste.\n');
  process.stdout.write(
    'burst = N requests at once, the next burst after every reply arrived; sustained = 100 always in flight.\nreq/s = requests / time until the last reply arrived.\n\n',
  );
  process.stdout.write('load        N  requests  req/s   ack median  ack p99   reply median  reply p99  non-200  lost  doubled\n');
  for (const r of rows) {
    process.stdout.write(
      [
        r.load.padEnd(9),
        String(r.concurrency).padStart(4),
        String(r.requests).padStart(9),
        String(Math.round(r.requests / r.seconds)).padStart(6),
        `${r.ackMedianMs} ms`.padStart(11),
        `${r.ackP99Ms} ms`.padStart(8),
        `${r.replyMedianMs} ms`.padStart(13),
        `${r.replyP99Ms} ms`.padStart(10),
        String(r.nonOk).padStart(8),
        String(r.lost).padStart(5),
        String(r.doubled).padStart(8),
      ].join(' ') + '\n',
    );
  }
  const burst100 = rows.find((r) => r.load === 'burst' && r.concurrency === 100);
  if (burst100) {
    const ok = burst100.ackP99Ms < 50 && burst100.replyP99Ms < 200 && rows.every((r) => !r.lost && !r.doubled && !r.nonOk);
    process.stdout.write(`\ntargets at 100 concurrent (p99 ack < 50 ms, p99 reply < 200 ms, nothing lost or doubled): ${ok ? 'met' : 'NOT met'}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
