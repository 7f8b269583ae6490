// Bolt's Logger interface on top of pino, so Slack's own log lines are structured like ours.
import { LogLevel } from '@slack/bolt';
const TO_PINO = { [LogLevel.DEBUG]: 'debug', [LogLevel.INFO]: 'info', [LogLevel.WARN]: 'warn', [LogLevel.ERROR]: 'error' };
export function boltLogger(base) {
    let log = base.child({ component: 'slack' });
    const text = (msgs) => msgs.map((m) => (m instanceof Error ? (m.stack ?? m.message) : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
    return {
        debug: (...m) => log.debug(text(m)),
        info: (...m) => log.info(text(m)),
        warn: (...m) => log.warn(text(m)),
        error: (...m) => log.error(text(m)),
        setLevel: (level) => (log.level = TO_PINO[level]),
        getLevel: () => Object.entries(TO_PINO).find(([, v]) => v === log.level)?.[0] ?? LogLevel.INFO,
        setName: (name) => (log = base.child({ component: name })),
    };
}
