// Structured logs (pino). Pasted text is never logged, only its hash and size, unless debug is on — and then
// redacted; Slack tokens and Authorization headers are censored wherever they appear in a log object.
import { createHash } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { normalise } from '../normalise/normalise.js';
import { redact } from '../redact/redact.js';

export type { Logger };

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'kube-doctor' },
      redact: {
        paths: [
          'token',
          'botToken',
          'appToken',
          'signingSecret',
          '*.token',
          '*.authorization',
          'headers.authorization',
          'req.headers.authorization',
          'headers["x-slack-signature"]',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

/** What a log line says about a paste: a hash and a size, and the redacted text only at debug level. */
export function pasteFields(logger: Logger, text: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    pasteHash: createHash('sha256').update(text).digest('hex').slice(0, 16),
    pasteBytes: Buffer.byteLength(text),
  };
  // (normalised first, as the pipeline does: Slack's entities decoded, so `&amp;` cannot hide a value's end)
  if (logger.isLevelEnabled('debug')) fields.paste = redact(normalise(text).text).slice(0, 2000);
  return fields;
}
