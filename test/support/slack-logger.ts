// A Bolt/WebClient logger that records instead of printing: tests stay quiet, and can still assert on what
// Bolt reported (e.g. WebClient logs Slack's `[ERROR] …` response_metadata messages for invalid_blocks).
import { LogLevel, type Logger } from '@slack/bolt';

interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  text: string;
}

export interface CaptureLogger extends Logger {
  lines: LogLine[];
}

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** Records lines at `level` and above (default INFO, so Bolt's warnings about bad requests are kept). */
export function captureLogger(level: LogLevel = LogLevel.INFO): CaptureLogger {
  let current = level;
  const lines: LogLine[] = [];
  const at =
    (l: LogLine['level'], lv: LogLevel) =>
    (...msg: unknown[]) => {
      if (ORDER.indexOf(lv) >= ORDER.indexOf(current)) lines.push({ level: l, text: msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ') });
    };
  return {
    lines,
    debug: at('debug', LogLevel.DEBUG),
    info: at('info', LogLevel.INFO),
    warn: at('warn', LogLevel.WARN),
    error: at('error', LogLevel.ERROR),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: () => undefined,
  };
}
