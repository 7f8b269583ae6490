// The console chat: the bot without Slack. A typed line that is not shaped like output (a question) is answered
// on Enter. A paste — a first line shaped like kubectl output (paste-shape.ts), or lines arriving together — ends
// at an empty line (or EOF); lines that arrive within a few milliseconds of an empty line belong to the same
// paste, so pastes with blank lines stay whole. Every answer, and every empty line, is followed by a prompt.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { isHelp, respond } from '../conversation/reply.js';
import { renderReplyText } from '../render/answer.js';
import type { KnowledgeBase } from '../rules/load.js';
import { detectLang, type Lang } from '../model/lang.js';
import { messageTable } from '../render/messages.js';
import { startsPaste } from './paste-shape.js';

export interface ChatOptions {
  kb: KnowledgeBase;
  lang: Lang;
  input: Readable;
  output: Writable;
  banner?: string;
  /** How long to wait after an empty line (or a typed line) for more pasted lines. */
  pasteGapMs?: number;
}

export const chatText = messageTable<'greeting' | 'noSlack' | 'failed' | 'bye'>({
  en: {
    greeting: 'kube-doctor console chat. Ask a question and press Enter, or paste kubectl output and end it with an empty line. Type `help` or `exit`.',
    noSlack:
      'No Slack tokens configured (SLACK_BOT_TOKEN, and SLACK_APP_TOKEN for Socket Mode or SLACK_SIGNING_SECRET for HTTP).\n' +
      'To connect Slack, create the app from manifest.yml and put the tokens in .env (see README). Starting the console chat.',
    failed: 'Sorry, something went wrong while reading that paste ({error}). Nothing was lost: try again or paste less.',
    bye: 'bye',
  },
  zh: {
    greeting: 'kube-doctor 控制台对话。输入问题后按回车；或者粘贴 kubectl 输出，以一个空行结束。输入 `帮助` 或 `退出`。',
    noSlack:
      '没有配置 Slack 令牌（SLACK_BOT_TOKEN，以及 Socket Mode 的 SLACK_APP_TOKEN 或 HTTP 模式的 SLACK_SIGNING_SECRET）。\n' +
      '要连接 Slack，请用 manifest.yml 创建应用，并把令牌写进 .env（见 README）。现在启动控制台对话。',
    failed: '抱歉，读取这段内容时出错了（{error}）。没有丢失任何东西：请重试，或少粘贴一些。',
    bye: '再见',
  },
});

const EXIT = /^\s*(?:exit|quit|bye|退出)\s*$/i;

export function runConsoleChat(opts: ChatOptions): Promise<void> {
  const { output } = opts;
  const rl = createInterface({ input: opts.input, terminal: false });
  const write = (s: string) => output.write(s);
  const { lang } = opts;
  const gap = opts.pasteGapMs ?? 40;
  write(`${opts.banner ? `${opts.banner}\n` : ''}${chatText(lang, 'greeting')}\n> `);
  let buffer: string[] = [];
  let timer: NodeJS.Timeout | undefined;

  return new Promise((resolve) => {
    const flush = () => {
      timer = undefined;
      const text = buffer.join('\n');
      buffer = [];
      if (!text.trim()) return;
      try {
        write(renderReplyText(respond(text, { kb: opts.kb, lang, surface: 'dm' })));
      } catch (e) {
        write(`${chatText(detectLang(text, lang), 'failed', { error: (e as Error).message })}\n`);
      }
      write('> ');
    };
    rl.on('line', (line) => {
      if (buffer.length === 0 && EXIT.test(line)) {
        rl.close();
        return;
      }
      if (buffer.length === 0 && isHelp(line)) {
        write(`${renderReplyText(respond(line, { kb: opts.kb, lang, surface: 'dm' }))}> `);
        return;
      }
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (buffer.length === 0) {
        if (!line.trim()) {
          write('> ');
          return;
        }
        buffer.push(line);
        // A typed line is answered on Enter, unless more lines follow at once (then it began a paste). A paste
        // by its shape waits for the empty line.
        if (!startsPaste(line)) timer = setTimeout(flush, gap);
        return;
      }
      buffer.push(line);
      if (!line.trim()) timer = setTimeout(flush, gap);
    });
    rl.on('close', () => {
      if (timer) clearTimeout(timer);
      flush();
      write(`${chatText(lang, 'bye')}\n`);
      resolve();
    });
  });
}
