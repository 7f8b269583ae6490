// The console chat: the bot without Slack. A message ends at an empty line (or EOF); lines that arrive within
// a few milliseconds of an empty line belong to the same paste, so pastes with blank lines stay whole.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { helpText, isHelp, respond } from '../conversation/reply.js';
import { renderReplyText } from '../render/answer.js';
import type { KnowledgeBase } from '../rules/load.js';
import { detectLang, type Lang } from '../model/lang.js';

export interface ChatOptions {
  kb: KnowledgeBase;
  lang: Lang;
  input: Readable;
  output: Writable;
  banner?: string;
  /** How long to wait after an empty line for more pasted lines. */
  pasteGapMs?: number;
}

const EXIT = /^\s*(?:exit|quit|bye|退出)\s*$/i;

export function runConsoleChat(opts: ChatOptions): Promise<void> {
  const { output } = opts;
  const rl = createInterface({ input: opts.input, terminal: false });
  const write = (s: string) => output.write(s);
  write((opts.banner ? opts.banner + '\n' : '') + 'kube-doctor console chat. Paste kubectl output and end with an empty line. Type `help` or `exit`.\n> ');
  let buffer: string[] = [];
  let timer: NodeJS.Timeout | undefined;

  return new Promise((resolve) => {
    const flush = () => {
      timer = undefined;
      const text = buffer.join('\n');
      buffer = [];
      if (!text.trim()) return;
      try {
        write(renderReplyText(respond(text, { kb: opts.kb, lang: opts.lang, surface: 'dm' })));
      } catch (e) {
        write(`Sorry, something went wrong while reading that paste (${(e as Error).message}). Nothing was lost: try again or paste less.\n`);
      }
      write('> ');
    };
    rl.on('line', (line) => {
      if (buffer.length === 0 && EXIT.test(line)) {
        rl.close();
        return;
      }
      if (buffer.length === 0 && isHelp(line)) {
        write(helpText(detectLang(line, opts.lang)) + '\n> ');
        return;
      }
      if (timer) clearTimeout(timer);
      if (line.trim()) {
        buffer.push(line);
        timer = undefined;
      } else if (buffer.length) {
        buffer.push(line);
        timer = setTimeout(flush, opts.pasteGapMs ?? 40);
      }
    });
    rl.on('close', () => {
      if (timer) clearTimeout(timer);
      flush();
      write('bye\n');
      resolve();
    });
  });
}
