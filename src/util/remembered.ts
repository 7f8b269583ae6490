/**
 * `make(key)`, computed once per key and remembered in `memo`, which is emptied when it holds `limit` entries: a
 * process that keeps meeting new keys (hostile text, ever-changing rules) never grows it without bound.
 */
export function remembered<T>(memo: Map<string, T>, limit: number, key: string, make: (key: string) => T): T {
  let value = memo.get(key);
  if (value === undefined) {
    value = make(key);
    if (memo.size >= limit) memo.clear();
    memo.set(key, value);
  }
  return value;
}
