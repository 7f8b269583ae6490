// Live-lookup settings from the environment, and who may read which namespace. Pure: no Kubernetes import.
//
//   KUBECONFIG               kubeconfig file(s) (path-list); else ~/.kube/config (CLI) or the in-cluster service account
//   KUBE_CONTEXT             context to use (default: the kubeconfig's current-context)
//   KUBE_IN_CLUSTER          true: use the pod's service account even when a kubeconfig exists
//   KUBE_DEFAULT_NAMESPACE   where a bare NAME is looked for first (default: the context's namespace, else "default")
//   ALLOWED_NAMESPACES       comma list, or * for any. Unset: the CLI may read any (your own RBAC applies),
//                            the Slack bot only the default namespace
//   KUBE_CHANNEL_NAMESPACES  C123=shop,payments;C456=*;*=default: what each Slack channel may read (intersected with
//                            ALLOWED_NAMESPACES; `*` as a channel is the entry for unlisted channels). When set, an
//                            unlisted channel may read nothing
//   KUBE_ALLOWED_USERS       comma list of Slack user ids allowed to look pods up (unset: everyone)
//   KUBE_READ_LOGS           true: read the tail of a crashed container's previous log (needs pods/log; off by default)
//   KUBE_LOG_LINES           how many log lines (default 30)
//   KUBE_READ_NODES          false: never read nodes (default true: a NotReady node's conditions are read, needs
//                            the ClusterRole in deploy/rbac; a 403 is only a note)
//   KUBE_TIMEOUT_MS          timeout of every API call (default 5000)
//   KUBE_MAX_PODS            how many pods of a workload are examined (default 20)

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export function inClusterAvailable(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && existsSync(join(SA_DIR, 'token')));
}

/** Is there any cluster to talk to, without loading the Kubernetes client? (The Slack bot offers live lookups only then.) */
export function kubeConfigured(config: LiveConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  if (config.inCluster || config.kubeconfig) return true;
  if (config.useHomeConfig && existsSync(join(homedir(), '.kube', 'config'))) return true;
  return inClusterAvailable(env);
}

export type NamespaceSet = '*' | string[];

export interface LiveConfig {
  /** Kubeconfig path or path-list; undefined: KUBECONFIG, then ~/.kube/config (when `useHomeConfig`), then in-cluster. */
  kubeconfig?: string;
  /** Read ~/.kube/config when KUBECONFIG is unset (the CLI does; the Slack bot only with KUBE_LIVE=on). */
  useHomeConfig: boolean;
  context?: string;
  inCluster: boolean;
  defaultNamespace?: string;
  /** Undefined: only the default namespace. */
  allowedNamespaces?: NamespaceSet;
  channelNamespaces?: Record<string, NamespaceSet>;
  allowedUsers?: string[];
  readLogs: boolean;
  logLines: number;
  readNodes: boolean;
  timeoutMs: number;
  maxPods: number;
}

export class LiveConfigError extends Error {}

const DEFAULT_TIMEOUT_MS = 5000;

type Env = Record<string, string | undefined>;

function bool(env: Env, name: string, fallback: boolean): boolean {
  const v = env[name]?.trim().toLowerCase();
  if (!v) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new LiveConfigError(`${name}=${env[name]} is not a boolean (use true or false)`);
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const v = env[name]?.trim();
  if (!v) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new LiveConfigError(`${name}=${v} must be a whole number from ${min} to ${max}`);
  return n;
}

const NAMESPACE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

function parseNamespaceList(value: string, what: string): NamespaceSet {
  const items = value.split(/[\s,]+/).filter(Boolean);
  if (items.includes('*')) return '*';
  for (const ns of items) if (!NAMESPACE.test(ns)) throw new LiveConfigError(`${what}: "${ns}" is not a namespace name`);
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
    if (eq <= 0) throw new LiveConfigError(`KUBE_CHANNEL_NAMESPACES: "${entry}" is not CHANNEL=namespace,namespace`);
    const channel = entry.slice(0, eq).trim();
    map[channel] = parseNamespaceList(entry.slice(eq + 1), `KUBE_CHANNEL_NAMESPACES ${channel}`);
  }
  return map;
}

export function readLiveConfig(env: Env = process.env, defaults: Partial<LiveConfig> = {}): LiveConfig {
  const list = (name: string) => env[name]?.split(/[\s,]+/).filter(Boolean);
  const allowed = env.ALLOWED_NAMESPACES?.trim();
  const channels = env.KUBE_CHANNEL_NAMESPACES?.trim();
  const users = list('KUBE_ALLOWED_USERS');
  const defaultNamespace = env.KUBE_DEFAULT_NAMESPACE?.trim() || defaults.defaultNamespace;
  if (defaultNamespace && !NAMESPACE.test(defaultNamespace)) throw new LiveConfigError(`KUBE_DEFAULT_NAMESPACE=${defaultNamespace} is not a namespace name`);
  return {
    kubeconfig: env.KUBECONFIG?.trim() || defaults.kubeconfig,
    useHomeConfig: defaults.useHomeConfig ?? env.KUBE_LIVE?.trim().toLowerCase() === 'on',
    context: env.KUBE_CONTEXT?.trim() || defaults.context,
    inCluster: bool(env, 'KUBE_IN_CLUSTER', defaults.inCluster ?? false),
    defaultNamespace,
    allowedNamespaces: allowed ? parseNamespaceList(allowed, 'ALLOWED_NAMESPACES') : defaults.allowedNamespaces,
    channelNamespaces: channels ? parseChannelNamespaces(channels) : defaults.channelNamespaces,
    allowedUsers: users?.length ? users : defaults.allowedUsers,
    readLogs: bool(env, 'KUBE_READ_LOGS', defaults.readLogs ?? false),
    logLines: int(env, 'KUBE_LOG_LINES', defaults.logLines ?? 30, 1, 500),
    readNodes: bool(env, 'KUBE_READ_NODES', defaults.readNodes ?? true),
    timeoutMs: int(env, 'KUBE_TIMEOUT_MS', defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS, 100, 120_000),
    maxPods: int(env, 'KUBE_MAX_PODS', defaults.maxPods ?? 20, 1, 200),
  };
}

/** Who asks: a Slack channel and user, or nobody in particular (the CLI). */
export interface Requester {
  channel?: string;
  user?: string;
}

export type Access = { ok: true; namespaces: NamespaceSet } | { ok: false; reason: 'user' | 'channel' };

function intersect(a: NamespaceSet, b: NamespaceSet): NamespaceSet {
  if (a === '*') return b;
  if (b === '*') return a;
  return a.filter((ns) => b.includes(ns));
}

export const allows = (set: NamespaceSet, ns: string): boolean => set === '*' || set.includes(ns);

/** The namespaces this requester may read, given the configured default namespace. */
export function accessFor(config: LiveConfig, who: Requester, defaultNamespace: string): Access {
  if (config.allowedUsers && who.user !== undefined && !config.allowedUsers.includes(who.user)) return { ok: false, reason: 'user' };
  const global = config.allowedNamespaces ?? [defaultNamespace];
  if (config.channelNamespaces && who.channel !== undefined) {
    const entry = config.channelNamespaces[who.channel] ?? config.channelNamespaces['*'];
    if (!entry) return { ok: false, reason: 'channel' };
    return { ok: true, namespaces: intersect(global, entry) };
  }
  return { ok: true, namespaces: global };
}
