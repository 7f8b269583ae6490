// The bot's own logger (pino, as in production), writing into memory so a test can read what was logged.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/ops/log.js';

export function capturedLogger(level: 'debug' | 'info'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write: (chunk, _encoding, done) => {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}
