// Relative timestamps for fixtures, and the Go duration formatting kubectl and the API server use.
//
// Fixtures write times as "now", "now-87s", "now-6m40s", "now-2d3h" (or "now+30s"). The emulator turns
// them into absolute RFC3339 strings when it serves a request, so the ages kubectl prints ("87s",
// "6m40s") are the same on every run.

const RELATIVE_TIME = /^now(?:([+-])(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?)?$/;

/** Keys whose values are metav1.MicroTime: the API server serialises them with 6 fractional digits. */
const MICRO_TIME_KEYS = new Set(['eventTime', 'lastObservedTime', 'renewTime', 'acquireTime']);

/** Milliseconds for a relative spec, or undefined when the string is not one. */
function relativeTimeMs(spec: string, nowMs: number): number | undefined {
  const m = RELATIVE_TIME.exec(spec);
  if (!m) return undefined;
  const [, sign, d, h, min, s] = m;
  if (sign && !d && !h && !min && !s) return undefined; // "now-" alone is not a time
  const offset = ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60 + Number(s ?? 0);
  return nowMs + (sign === '-' ? -1 : 1) * offset * 1000;
}

/** RFC3339 the way the API server writes metav1.Time (whole seconds) or MicroTime (microseconds). */
export function formatKubeTime(ms: number, micro = false): string {
  const iso = new Date(ms).toISOString(); // 2026-11-28T17:30:23.000Z
  return micro ? iso.replace(/\.(\d{3})Z$/, '.$1000Z') : iso.replace(/\.\d{3}Z$/, 'Z');
}

/** Deep copy of `value` with every relative time string replaced by an absolute timestamp. */
export function resolveRelativeTimes<T>(value: T, nowMs: number = Date.now()): T {
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') {
      const ms = relativeTimeMs(v, nowMs);
      return ms === undefined ? v : formatKubeTime(ms, MICRO_TIME_KEYS.has(key));
    }
    if (Array.isArray(v)) return v.map((item) => walk(item, key));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) out[k] = walk(child, k);
      return out;
    }
    return v;
  };
  return walk(value, '') as T;
}

/** Port of k8s.io/apimachinery/pkg/util/duration.HumanDuration (Go truncates toward zero). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const dy = days % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/** translateTimestampSince: `<unknown>` for a missing/zero timestamp, else HumanDuration(now - ts). */
export function timestampSince(ts: unknown, nowMs: number): string {
  if (typeof ts !== 'string' || ts === '' || ts.startsWith('0001-01-01')) return '<unknown>';
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return '<unknown>';
  return humanDuration(nowMs - ms);
}
