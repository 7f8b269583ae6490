// Shared-state settings, taken from the parsed configuration (src/config/schema.ts documents and validates each:
// REDIS_URL, REDIS_TLS, REDIS_KEY_PREFIX and the large-paste rate limit).
import { type Config, VARIABLES } from '../config/schema.js';

export interface LargePasteLimit {
  bytes: number;
  perUser: number;
  windowMs: number;
}

export const DEFAULT_LARGE_PASTE: LargePasteLimit = {
  bytes: VARIABLES.KUBE_DOCTOR_LARGE_PASTE_BYTES.fallback,
  perUser: VARIABLES.KUBE_DOCTOR_LARGE_PASTES_PER_USER.fallback,
  windowMs: VARIABLES.KUBE_DOCTOR_RATE_WINDOW_SECONDS.fallback * 1000,
};

export interface StateConfig {
  redis?: { url: string; tls: boolean; keyPrefix: string };
  largePaste: LargePasteLimit;
}

export function stateConfig(config: Config): StateConfig {
  const url = config.REDIS_URL;
  return {
    ...(url && { redis: { url, tls: config.REDIS_TLS, keyPrefix: config.REDIS_KEY_PREFIX } }),
    largePaste: {
      bytes: config.KUBE_DOCTOR_LARGE_PASTE_BYTES,
      perUser: config.KUBE_DOCTOR_LARGE_PASTES_PER_USER,
      windowMs: config.KUBE_DOCTOR_RATE_WINDOW_SECONDS * 1000,
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
