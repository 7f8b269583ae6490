// A real redis-server (Debian's `redis-server` package; .ci/run installs it) on a free loopback port, with no
// persistence, that a test can stop and start again on the same port (Redis going away and coming back).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './bot-process.js';

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was saved). */
  start(): Promise<void>;
}

export function findRedisServer(): string | undefined {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? 'redis-server' : undefined;
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}:\n${out}`)), 10_000);
    const check = async () => {
      // Ready when it answers PING (the "Ready to accept connections" line is not printed at loglevel warning).
      const { createConnection } = await import('node:net');
      const sock = createConnection({ port, host: '127.0.0.1' });
      sock.on('connect', () => sock.write('PING\r\n'));
      sock.on('data', (d) => {
        sock.destroy();
        if (String(d).startsWith('+PONG')) {
          clearTimeout(timer);
          resolve(child);
        }
      });
      sock.on('error', () => setTimeout(check, 20));
    };
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (out += c));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${out}`));
    });
    void check();
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
    },
    async start() {
      child ??= await launch(port);
    },
  };
}
