// Structured logs (pino). Pasted text is never logged, only its hash and size, unless debug is on — and then
// redacted; Slack tokens and Authorization headers are censored wherever they appear in a log object.
import { createHash } from 'node:crypto';
import pino from 'pino';
import { redact } from '../redact/redact.js';
export function createLogger(options = {}) {
    return pino({
        level: options.level ?? process.env.LOG_LEVEL ?? 'info',
        base: { service: 'kube-doctor' },
        redact: {
            paths: ['token', 'botToken', 'appToken', 'signingSecret', '*.token', '*.authorization', 'headers.authorization', 'req.headers.authorization', 'headers["x-slack-signature"]'],
            censor: '[redacted]',
        },
    }, options.destination);
}
/** What a log line says about a paste: a hash and a size, and the redacted text only at debug level. */
export function pasteFields(logger, text) {
    const fields = {
        pasteHash: createHash('sha256').update(text).digest('hex').slice(0, 16),
        pasteBytes: Buffer.byteLength(text),
    };
    if (logger.isLevelEnabled('debug'))
        fields.paste = redact(text).slice(0, 2000);
    return fields;
}
