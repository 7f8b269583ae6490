// The console chat, as a person uses it: the real `kube-doctor chat` process, pastes on stdin, replies on stdout.
import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
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
