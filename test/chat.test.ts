// The console chat, as a person uses it: the real `kube-doctor chat` process, pastes on stdin, replies on stdout.
import { afterEach, describe, expect, test } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BIN } from './support/cli.js';

const founding = readFileSync(new URL('./fixtures/founding/events.txt', import.meta.url), 'utf8');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function chat(messages: string[]): Promise<{ out: string; code: number | null }> {
  const child = spawn(process.execPath, [BIN, 'chat'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  // A person reads the prompt (or the reply) before typing the next message.
  const prompts = () => out.split('\n> ').length + (out.startsWith('> ') ? 1 : 0);
  const waitForPrompt = async (n: number) => {
    for (let i = 0; i < 200 && prompts() < n; i++) await sleep(25);
  };
  for (const [i, m] of messages.entries()) {
    await waitForPrompt(i + 2);
    child.stdin.write(m);
  }
  await sleep(100);
  child.stdin.end();
  const code = await new Promise<number | null>((r) => child.on('close', r));
  return { out, code };
}

describe('kube-doctor chat', () => {
  test('a paste ending with an empty line gets the diagnosis; help and exit work', async () => {
    const { out, code } = await chat(['help\n', founding + '\n', 'exit\n']);
    expect(code).toBe(0);
    expect(out).toContain('Paste any of:');
    expect(out).toContain('minikube ssh');
    expect(out).toContain('nameserver 8.8.8.8');
    expect(out).toContain('bye');
  });

  test('a paste with blank lines inside stays one message', async () => {
    const withBlank = founding.split('\n').slice(0, 2).join('\n') + '\n\n' + founding.split('\n').slice(2).join('\n') + '\n';
    const { out } = await chat([withBlank]);
    expect(out.match(/\[image-pull-dns, confidence/g)).toHaveLength(1);
  });

  test('chatter gets no guess but what the bot does; binary junk gets a clear message; the chat keeps going', async () => {
    const { out, code } = await chat(['what is for lunch\n\n', '\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\n\n', founding + '\n']);
    expect(out).toContain('I diagnose failing Kubernetes pods'); // one line of what the bot does, no guessed cause
    expect(out).toContain('binary data');
    expect(out).toContain('minikube ssh');
    expect(code).toBe(0);
  });

  test('EOF without an empty line still answers', async () => {
    const { out } = await chat([founding.trimEnd()]);
    expect(out).toContain('/etc/resolv.conf');
  });

  test('Chinese help', async () => {
    const { out } = await chat(['帮助\n']);
    expect(out).toContain('kube-doctor 根据粘贴的 kubectl 输出诊断');
  });

  test('a question gets an explanation and the invitation to paste for a precise diagnosis', async () => {
    const { out } = await chat(['why is it called ImagePullBackOff, what is the back-off algorithm?\n\n']);
    expect(out).toMatch(/10 ?s/);
    expect(out).toContain('kubectl describe pod POD -n NAMESPACE');
  });
});

const running: ChildProcess[] = [];
// A chat a failed expectation left open is stopped, so the test run does not wait for it.
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill();
});

/** A chat a person types into: each step waits for what the bot shows before the next. */
function session(args: string[] = []) {
  const child = spawn(process.execPath, [BIN, 'chat', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const closed = new Promise<number | null>((r) => child.on('close', r));
  // Prompts at the start of a line; after an empty line the next prompt follows the last one ("> > "), since the
  // Enter a person types is echoed by their terminal, not written by the chat.
  const prompts = () => (out.match(/(?:^|\n)(?:> )+/g) ?? []).reduce((n, run) => n + run.split('> ').length - 1, 0);
  return {
    out: () => out,
    prompts,
    type: (s: string) => child.stdin.write(s),
    async until(check: () => boolean, ms = 5000) {
      for (let waited = 0; waited < ms && !check(); waited += 25) await sleep(25);
      return check();
    },
    async end() {
      child.stdin.end();
      return closed;
    },
  };
}

describe('typing in the chat', () => {
  test('a one-line question is answered on Enter, with a prompt after the answer', async () => {
    const s = session();
    expect(await s.until(() => s.prompts() === 1)).toBe(true);
    s.type('what does OOMKilled mean?\n'); // no empty line: Enter alone
    expect(await s.until(() => s.prompts() === 2)).toBe(true);
    expect(s.out()).toMatch(/memory/i);
    await s.end();
  });

  test('an empty line gets a prompt again', async () => {
    const s = session();
    await s.until(() => s.prompts() === 1);
    s.type('\n');
    expect(await s.until(() => s.prompts() === 2)).toBe(true);
    s.type('\n');
    expect(await s.until(() => s.prompts() === 3)).toBe(true);
    await s.end();
  });

  test('a paste recognised by its first line waits for the empty line, then is answered once', async () => {
    const s = session();
    await s.until(() => s.prompts() === 1);
    const [first, ...rest] = founding.trimEnd().split('\n');
    s.type(first + '\n'); // an event row, as kubectl describe prints it: more is coming
    expect(await s.until(() => s.prompts() > 1, 400)).toBe(false);
    s.type(rest.join('\n') + '\n');
    expect(await s.until(() => s.prompts() > 1, 400)).toBe(false);
    s.type('\n');
    expect(await s.until(() => s.prompts() === 2)).toBe(true);
    expect(s.out().match(/\[image-pull-dns, confidence/g)).toHaveLength(1);
    await s.end();
  });

  test('a kubectl get header waits too; a typed kubectl question does not', async () => {
    const s = session();
    await s.until(() => s.prompts() === 1);
    s.type('LAST SEEN   TYPE      REASON    OBJECT          MESSAGE\n');
    expect(await s.until(() => s.prompts() > 1, 400)).toBe(false);
    s.type('\n');
    expect(await s.until(() => s.prompts() === 2)).toBe(true);
    s.type('kubectl logs shows nothing for my crashing pod, why?\n');
    expect(await s.until(() => s.prompts() === 3)).toBe(true);
    await s.end();
  });

  test('chat --lang zh speaks Chinese throughout: greeting, help, answers, goodbye', async () => {
    const s = session(['--lang', 'zh']);
    await s.until(() => s.prompts() === 1);
    expect(s.out()).toContain('控制台对话');
    expect(s.out()).not.toMatch(/console chat|Paste/);
    s.type('help\n');
    expect(await s.until(() => s.prompts() === 2)).toBe(true);
    expect(s.out()).toContain('kube-doctor 根据粘贴的 kubectl 输出诊断');
    s.type(founding + '\n');
    expect(await s.until(() => s.prompts() === 3)).toBe(true);
    expect(s.out()).toContain('原因');
    expect(s.out()).toContain('解决方法');
    s.type('exit\n');
    expect(await s.end()).toBe(0);
    expect(s.out()).toContain('再见');
    expect(s.out()).not.toMatch(/\bbye\b|Cause|Fix\b/);
  });
});
