import { helpText } from '../conversation/reply.js';
import { formatTarget } from '../kube/ref.js';
import { t } from './messages.js';
import { renderText } from './text.js';
export function renderAnswer(a) {
    if (!a.findings.length)
        return `${t(a.lang, 'notSure')}\n\n${helpText(a.lang)}\n`;
    if (a.via === 'paste')
        return renderText(a);
    const [best, ...others] = a.findings;
    const out = [`${best.title}`, '', best.cause, '', `${t(a.lang, 'fix')}:`];
    best.fix.forEach((step, i) => {
        out.push(`  ${i + 1}. ${step.text}`);
        for (const c of step.commands)
            out.push(`       $ ${c}`);
    });
    if (best.links.length)
        out.push('', `${t(a.lang, 'links')}:`, ...best.links.map((l) => `  ${l}`));
    if (others.length)
        out.push('', `${t(a.lang, 'otherCauses')}:`, ...others.map((f) => `  - ${f.title}: ${f.cause}`));
    out.push('', t(a.lang, 'pasteForPrecise'));
    return out.join('\n') + '\n';
}
/** A reply to words: the answer, what to run and paste, or one line of what the bot does ('' when silent). */
export function renderQuestionReply(r) {
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
