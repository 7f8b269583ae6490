// Live-lookup settings, taken from the parsed configuration (src/config/schema.ts documents and validates each:
// KUBECONFIG, KUBE_CONTEXT, ALLOWED_NAMESPACES, KUBE_CHANNEL_NAMESPACES …), and who may read which namespace.
// Pure: no Kubernetes import.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { NamespaceSet } from '../config/namespaces.js';
import type { Config } from '../config/schema.js';

export type { NamespaceSet };

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export function inClusterAvailable(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && existsSync(join(SA_DIR, 'token')));
}

/** Is there any cluster to talk to, without loading the Kubernetes client? (The Slack bot offers live lookups only then.) */
export function kubeConfigured(config: LiveConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  if (config.inCluster || config.kubeconfig) return true;
  // $HOME first, as kubectl (client-go homedir.HomeDir) and client.ts do.
  if (config.useHomeConfig && existsSync(join(env.HOME?.trim() || homedir(), '.kube', 'config'))) return true;
  return inClusterAvailable(env);
}

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

type LiveVariables = Pick<
  Config,
  | 'KUBECONFIG'
  | 'KUBE_LIVE'
  | 'KUBE_CONTEXT'
  | 'KUBE_IN_CLUSTER'
  | 'KUBE_DEFAULT_NAMESPACE'
  | 'ALLOWED_NAMESPACES'
  | 'KUBE_CHANNEL_NAMESPACES'
  | 'KUBE_ALLOWED_USERS'
  | 'KUBE_READ_LOGS'
  | 'KUBE_LOG_LINES'
  | 'KUBE_READ_NODES'
  | 'KUBE_TIMEOUT_MS'
  | 'KUBE_MAX_PODS'
>;

/** The live-lookup settings; `defaults` stand in for what the configuration leaves unset (the CLI: any namespace, ~/.kube/config). */
export function liveConfig(config: LiveVariables, defaults: Pick<Partial<LiveConfig>, 'allowedNamespaces' | 'useHomeConfig'> = {}): LiveConfig {
  return {
    kubeconfig: config.KUBECONFIG,
    useHomeConfig: defaults.useHomeConfig ?? config.KUBE_LIVE,
    context: config.KUBE_CONTEXT,
    inCluster: config.KUBE_IN_CLUSTER,
    defaultNamespace: config.KUBE_DEFAULT_NAMESPACE,
    allowedNamespaces: config.ALLOWED_NAMESPACES ?? defaults.allowedNamespaces,
    channelNamespaces: config.KUBE_CHANNEL_NAMESPACES,
    allowedUsers: config.KUBE_ALLOWED_USERS?.length ? config.KUBE_ALLOWED_USERS : undefined,
    readLogs: config.KUBE_READ_LOGS,
    logLines: config.KUBE_LOG_LINES,
    readNodes: config.KUBE_READ_NODES,
    timeoutMs: config.KUBE_TIMEOUT_MS,
    maxPods: config.KUBE_MAX_PODS,
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
