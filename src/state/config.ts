// Shared-state settings from the environment (a blank value is unset).
//   REDIS_URL                          redis://[user:password@]host:6379[/db] or rediss://… (TLS); unset → state in memory
//   REDIS_TLS                          true: TLS on a redis:// URL (for managed Redis that gives a redis:// URL)
//   REDIS_KEY_PREFIX                   put before every key, default "kube-doctor:" (several bots can share one Redis)
//   KUBE_DOCTOR_LARGE_PASTE_BYTES      a paste at least this big counts against its sender's rate limit, default 100000
//   KUBE_DOCTOR_LARGE_PASTES_PER_USER  large pastes one user may send per window, default 10
//   KUBE_DOCTOR_RATE_WINDOW_SECONDS    the rate-limit window, default 600
export interface LargePasteLimit {
  bytes: number;
  perUser: number;
  windowMs: number;
}

export const DEFAULT_LARGE_PASTE: LargePasteLimit = { bytes: 100_000, perUser: 10, windowMs: 600_000 };

export interface StateConfig {
  redis?: { url: string; tls: boolean; keyPrefix: string };
  largePaste: LargePasteLimit;
}

export class StateConfigError extends Error {}

type Env = Record<string, string | undefined>;

const value = (env: Env, key: string): string | undefined => env[key]?.trim() || undefined;

function positive(env: Env, key: string, fallback: number): number {
  const raw = value(env, key);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new StateConfigError(`${key} is malformed: expected a positive whole number, got "${raw}".`);
  return Number(raw);
}

export function readStateConfig(env: Env = process.env): StateConfig {
  const url = value(env, 'REDIS_URL');
  if (url !== undefined && !/^rediss?:\/\/[^/?#]/.test(url)) {
    throw new StateConfigError('REDIS_URL is malformed: expected redis://host:6379 or rediss://host:6380 (with user:password@ when the server needs them).');
  }
  const tls = value(env, 'REDIS_TLS');
  if (tls !== undefined && !/^(true|false)$/i.test(tls)) throw new StateConfigError(`REDIS_TLS is malformed: expected true or false, got "${tls}".`);
  return {
    ...(url && { redis: { url, tls: tls?.toLowerCase() === 'true', keyPrefix: value(env, 'REDIS_KEY_PREFIX') ?? 'kube-doctor:' } }),
    largePaste: {
      bytes: positive(env, 'KUBE_DOCTOR_LARGE_PASTE_BYTES', DEFAULT_LARGE_PASTE.bytes),
      perUser: positive(env, 'KUBE_DOCTOR_LARGE_PASTES_PER_USER', DEFAULT_LARGE_PASTE.perUser),
      windowMs: positive(env, 'KUBE_DOCTOR_RATE_WINDOW_SECONDS', DEFAULT_LARGE_PASTE.windowMs / 1000) * 1000,
    },
  };
}
/** The URL without credentials, for logs and messages. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return '(a malformed REDIS_URL)';
  }
}
