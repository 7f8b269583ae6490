// An answer to a question: what the best match means and how to fix it, the other usual causes, and how to get a
// precise diagnosis. When nothing fits, say so and show what the bot can do — never a confident wrong answer.
import type { Answer } from '../ask/ask.js';
import { helpText, type QuestionReply, type Reply } from '../conversation/reply.js';
import { formatTarget } from '../parse/pod-ref.js';
import { t } from './messages.js';
import { render } from './render.js';
import { fixLines, renderText } from './text.js';

export function renderAnswer(a: Answer): string {
  if (!a.findings.length) return `${t(a.lang, 'notSure')}\n\n${helpText(a.lang)}\n`;
  if (a.via === 'paste') return renderText(a);
  const [best, ...others] = a.findings;
  const out = [`${best.title}`, '', best.cause, '', `${t(a.lang, 'fix')}:`];
  out.push(...fixLines(best.fix, a.lang));
  if (best.links.length) out.push('', `${t(a.lang, 'links')}:`, ...best.links.map((l) => `  ${l}`));
  if (others.length) out.push('', `${t(a.lang, 'otherCauses')}:`, ...others.map((f) => `  - ${f.title}: ${f.cause}`));
  out.push('', t(a.lang, 'pasteForPrecise'));
  return out.join('\n') + '\n';
}

/** A reply to words: the answer, what to run and paste, or one line of what the bot does ('' when silent). */
export function renderQuestionReply(r: QuestionReply): string {
  switch (r.kind) {
    case 'answer':
      return renderAnswer(r.answer);
    case 'request-output':
      return [t(r.lang, 'requestOutput'), ...r.commands.map((c) => `  $ ${c}`)].join('\n') + '\n';
    case 'lookup':
      return `${t(r.lang, 'lookingUp', { pod: formatTarget(r.pod) })}\n`;
    case 'off-topic':
      return r.say ? `${t(r.lang, 'offTopic')}\n` : '';
  }
}

/** Any reply as plain text (the console and the CLI); '' when the bot stays silent. */
export function renderReplyText(reply: Reply): string {
  switch (reply.kind) {
    case 'help':
      return helpText(reply.lang) + '\n';
    case 'input-error':
      return reply.message + '\n';
    case 'diagnosis':
    case 'nothing-matched':
      return render(reply.diagnosis, 'text');
    case 'silent':
      return '';
    default:
      return renderQuestionReply(reply);
  }
}
