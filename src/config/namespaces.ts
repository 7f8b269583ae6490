// Namespace lists as operators write them in the environment: `shop, payments`, `*`, and the per-channel map
// `C123=shop,payments;C456=*`. Pure string parsing; the configuration schema and the live lookups use it.

export type NamespaceSet = '*' | string[];

// A Kubernetes namespace is a DNS label (RFC 1123): lowercase alphanumerics and '-', at most 63 characters.
const NAMESPACE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

export const isNamespaceName = (s: string): boolean => NAMESPACE.test(s);

export function parseNamespaceList(value: string): NamespaceSet {
  const items = value.split(/[\s,]+/).filter(Boolean);
  if (items.includes('*')) return '*';
  for (const ns of items) if (!NAMESPACE.test(ns)) throw new Error(`"${ns}" is not a namespace name (lowercase letters, digits and -)`);
  return [...new Set(items)];
}

/** `C123=shop,payments;C456=*` (also newlines as separators). */
export function parseChannelNamespaces(value: string): Record<string, NamespaceSet> {
  const map: Record<string, NamespaceSet> = {};
  for (const entry of value
    .split(/[;\n]+/)
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Error(`"${entry}" is not CHANNEL=namespace,namespace`);
    const channel = entry.slice(0, eq).trim();
    try {
      map[channel] = parseNamespaceList(entry.slice(eq + 1));
    } catch (e) {
      throw new Error(`channel ${channel}: ${(e as Error).message}`);
    }
  }
  return map;
}
