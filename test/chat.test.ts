// The console chat, as a person uses it: pastes and questions typed in, replies read back. In this process through
// the chat's own entry (runConsoleChat, what `kube-doctor chat` and a start without Slack tokens run) with its own
// input and output; and one real `kube-doctor chat` process where the process is the point (the command's wiring
// and --lang, real stdin, the exit status).
import { afterEach, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { runConsoleChat } from '../src/console/chat.js';
import { DEFAULT_RULES_DIR, loadKnowledgeBase } from '../src/rules/load.js';
import { BIN } from './support/cli.js';

const founding = readFileSync(new URL('./fixtures/founding/events.txt', import.meta.url), 'utf8');
const kb = loadKnowledgeBase(DEFAULT_RULES_DIR);

/**
 * What the chat has shown. `until` resolves as soon as a check on it passes, or with false after `ms` (generous: it
 * only bounds a wait for what should come, which on a loaded machine includes starting a process).
 */
function screen() {
  let out = '';
  const watchers = new Set<() => void>();
  return {
    out: () => out,
    show(text: string) {
      out += text;
      for (const watch of [...watchers]) watch();
    },
    // Prompts at the start of a line; after an empty line the next prompt follows the last one ("> > "), since the
    // Enter a person types is echoed by their terminal, not written by the chat.
    prompts: () => (out.match(/(?:^|\n)(?:> )+/g) ?? []).reduce((n, run) => n + run.split('> ').length - 1, 0),
    until(check: () => boolean, ms = 15_000): Promise<boolean> {
      if (check()) return Promise.resolve(true);
      return new Promise((resolve) => {
        const settle = () => {
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(check());
        };
        const watch = () => check() && settle();
        const timer = setTimeout(settle, ms);
        watchers.add(watch);
      });
    },
  };
}

const open: (() => void)[] = [];
// A chat a failed expectation left open is ended, so the test run does not wait for it.
afterEach(() => {
  for (const close of open.splice(0)) close();
});

/** A chat a person types into, in this process: each step waits for what the chat shows before the next. */
function session() {
  const shown = screen();
  const input = new PassThrough();
  const output = new Writable({
    write(chunk, _encoding, done) {
      shown.show(String(chunk));
      done();
    },
  });
  const ended = runConsoleChat({ kb, lang: 'en', input, output });
  open.push(() => input.end());
  return {
    ...shown,
    type: (text: string) => input.write(text),
    ended,
    end() {
      input.end();
      return ended;
    },
  };
}

/** Each message typed after the chat's prompt for it; then the input ends. Returns all the chat showed. */
async function chat(messages: string[]): Promise<string> {
  const s = session();
  for (const [i, m] of messages.entries()) {
    await s.until(() => s.prompts() > i);
    s.type(m);
  }
  await s.until(() => s.prompts() > messages.length, 100);
  await s.end();
  return s.out();
}

describe('kube-doctor chat', () => {
  test('a paste ending with an empty line gets the diagnosis; help and exit work', async () => {
    const s = session();
    s.type('help\n');
    expect(await s.until(() => s.prompts() === 2)).toBe(true);
    expect(s.out()).toContain('Paste any of:');
    s.type(founding + '\n');
    expect(await s.until(() => s.prompts() === 3)).toBe(true);
    expect(s.out()).toContain('minikube ssh');
    expect(s.out()).toContain('nameserver 8.8.8.8');
    s.type('exit\n'); // the chat ends here, with the input still open
    expect(await s.until(() => s.out().endsWith('bye\n'))).toBe(true);
    await s.ended;
  });

  test('a paste with blank lines inside stays one message', async () => {
    const withBlank = founding.split('\n').slice(0, 2).join('\n') + '\n\n' + founding.split('\n').slice(2).join('\n') + '\n';
    const out = await chat([withBlank]);
    expect(out.match(/\[image-pull-dns, confidence/g)).toHaveLength(1);
  });

  test('chatter gets no guess but what the bot does; binary junk gets a clear message; the chat keeps going', async () => {
    const out = await chat(['what is for lunch\n\n', '\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\n\n', founding + '\n']);
    expect(out).toContain('I diagnose failing Kubernetes pods'); // one line of what the bot does, no guessed cause
    expect(out).toContain('binary data');
    expect(out).toContain('minikube ssh');
    expect(out).toMatch(/bye\n$/);
  });

  test('EOF without an empty line still answers', async () => {
    const out = await chat([founding.trimEnd()]);
    expect(out).toContain('/etc/resolv.conf');
  });

  test('Chinese help', async () => {
    const out = await chat(['帮助\n']);
    expect(out).toContain('kube-doctor 根据粘贴的 kubectl 输出诊断');
  });

  test('a question gets an explanation and the invitation to paste for a precise diagnosis', async () => {
    const out = await chat(['why is it called ImagePullBackOff, what is the back-off algorithm?\n\n']);
    expect(out).toMatch(/10 ?s/);
    expect(out).toContain('kubectl describe pod POD -n NAMESPACE');
  });
});

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
});

describe('the kube-doctor chat command (a real process)', () => {
  test('chat --lang zh speaks Chinese throughout: greeting, help, answers, goodbye; exit ends it with status 0', async () => {
    const shown = screen();
    const child = spawn(process.execPath, [BIN, 'chat', '--lang', 'zh'], { stdio: ['pipe', 'pipe', 'pipe'] });
    open.push(() => child.exitCode === null && child.kill());
    child.stdout.on('data', (d) => shown.show(String(d)));
    const closed = new Promise<number | null>((r) => child.on('close', r));
    const s = { ...shown, type: (text: string) => child.stdin.write(text) };
    expect(await s.until(() => s.prompts() === 1)).toBe(true);
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
    child.stdin.end();
    expect(await closed).toBe(0);
    expect(s.out()).toContain('再见');
    expect(s.out()).not.toMatch(/\bbye\b|Cause|Fix\b/);
  });
});
