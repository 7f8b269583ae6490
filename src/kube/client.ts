// The only module that imports @kubernetes/client-node: loads a kubeconfig (file, context, in-cluster), and
// implements KubeReader with GET requests only, each one bounded by a timeout, every failure a KubeReadError.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { redact } from '../redact/redact.js';
import { inClusterAvailable, type LiveConfig } from './config.js';
import type { WorkloadKind } from '../parse/pod-ref.js';
import { KubeReadError, type Json, type KubeReader, type ListOptions, type ReadErrorKind } from './reader.js';
import { EVENT, listOf, NODE, POD, shapeError, WORKLOAD, type Shape } from './shape.js';
import { boundedHttpLibrary, ResponseTooLargeError } from './transport.js';

/** No kubeconfig and not in a cluster, or a kubeconfig that cannot be used (unknown context, bad file). */
export class KubeNotConfiguredError extends Error {
  constructor(
    message: string,
    readonly missing: boolean,
  ) {
    super(message);
    this.name = 'KubeNotConfiguredError';
  }
}

function loadKubeConfig(config: LiveConfig, env: NodeJS.ProcessEnv = process.env): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  // kubectl's own rule (client-go homedir.HomeDir): $HOME first.
  const home = path.join(env.HOME?.trim() || os.homedir(), '.kube', 'config');
  try {
    if (config.inCluster) {
      kc.loadFromCluster();
    } else if (config.kubeconfig) {
      const files = config.kubeconfig.split(path.delimiter).filter(Boolean);
      kc.loadFromFile(files[0]);
      for (const file of files.slice(1)) {
        const more = new k8s.KubeConfig();
        more.loadFromFile(file);
        kc.mergeConfig(more);
      }
    } else if (config.useHomeConfig && fs.existsSync(home)) {
      kc.loadFromFile(home);
    } else if (inClusterAvailable(env)) {
      kc.loadFromCluster();
    } else {
      throw new KubeNotConfiguredError(
        'Set KUBECONFIG (and KUBE_CONTEXT for a context other than the current one), or run kube-doctor inside the cluster with the service account from deploy/rbac.',
        true,
      );
    }
  } catch (e) {
    if (e instanceof KubeNotConfiguredError) throw e;
    throw new KubeNotConfiguredError(`The kubeconfig could not be loaded: ${(e as Error).message}`, false);
  }
  if (config.context) {
    if (!kc.getContextObject(config.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeNotConfiguredError(`There is no context "${config.context}" in the kubeconfig (contexts: ${known.join(', ') || 'none'}).`, false);
    }
    kc.setCurrentContext(config.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new KubeNotConfiguredError(
      `The kubeconfig's current context "${kc.getCurrentContext()}" names no cluster; pass --context or set KUBE_CONTEXT.`,
      false,
    );
  }
  return kc;
}

/** What one answer may weigh: a page of 100 pods with their managed fields is well under 2 MiB. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** Lists are read in pages of PAGE, up to LIST_LIMIT items: each answer stays small, memory stays bounded. */
const PAGE = 100;
const LIST_LIMIT = 500;

const passThrough = <T>(x: T) => new k8s.Observable(Promise.resolve(x));

/**
 * Per-call options: a timeout (client-node 1.x has no timeout setting, so every call carries an
 * AbortSignal.timeout), the size cap (transport.ts), and `post` to see each answer before client-node reads it.
 */
function callOptions(ms: number, post: (res: k8s.ResponseContext) => Promise<k8s.ResponseContext> = async (res) => res) {
  return {
    httpApi: boundedHttpLibrary(MAX_RESPONSE_BYTES),
    middleware: [
      {
        pre: (ctx: k8s.RequestContext) => {
          ctx.setSignal(AbortSignal.timeout(ms));
          return passThrough(ctx);
        },
        post: (res: k8s.ResponseContext) => new k8s.Observable(post(res)),
      },
    ],
    middlewareMergeStrategy: 'append' as const,
  };
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
};

/** Maps whatever a call threw (client-node's ApiException, node:http's errors, the size cap) to a KubeReadError. */
function classifyError(e: unknown, what: string, timeoutMs: number): KubeReadError {
  if (e instanceof KubeReadError) return e;
  if (e instanceof ResponseTooLargeError) return new KubeReadError('too-large', what, `more than ${e.limit / 1024 / 1024} MiB`);
  const err = e as any;
  if (e instanceof k8s.ApiException || (typeof err?.code === 'number' && err.code >= 100 && 'body' in err)) {
    const code: number = err.code;
    let status: Json = {};
    try {
      status = typeof err.body === 'string' ? JSON.parse(err.body) : (err.body ?? {});
    } catch {
      status = { message: String(err.body ?? '').slice(0, 300) };
    }
    const detail = redact(String(status.message ?? '').trim()) || `HTTP ${code}`;
    const kind: ReadErrorKind =
      code === 401
        ? 'unauthorized'
        : code === 403
          ? 'forbidden'
          : code === 404
            ? 'not-found'
            : code === 400
              ? 'bad-request'
              : code === 504 || code === 408
                ? 'timeout'
                : code >= 500 || code === 429
                  ? 'server'
                  : 'other';
    return new KubeReadError(kind, what, detail, code, status.reason);
  }
  const name = String(err?.name ?? '');
  const message = redact(String(err?.message ?? e));
  if (name === 'AbortError' || name === 'TimeoutError' || err?.type === 'aborted' || name === 'DeadlineError') {
    return new KubeReadError('timeout', what, `no answer within ${timeoutMs} ms`);
  }
  const code = String(err?.code ?? err?.cause?.code ?? err?.errno ?? '');
  // Not the network: a model deserializer that met a field of an unexpected type (`for (… of data)`).
  if (!code && (e instanceof TypeError || e instanceof SyntaxError)) return new KubeReadError('malformed', what, message);
  if (NETWORK_CODES[code]) return new KubeReadError('unreachable', what, `${NETWORK_CODES[code]} (${code})`);
  if (/HTTP protocol is not allowed/.test(message))
    return new KubeReadError('tls', what, `${message} (a plain http:// server needs insecure-skip-tls-verify: true in the kubeconfig)`);
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code) || /certificate|TLS|SSL/i.test(message)) return new KubeReadError('tls', what, message);
  return new KubeReadError('other', what, message);
}

class DeadlineError extends Error {
  override name = 'DeadlineError';
}

/**
 * The AbortSignal bounds the HTTP exchange; this also bounds what happens before it (an exec credential plugin,
 * reading a token file), so no call can outlive its timeout by more than a moment.
 */
function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError('deadline')), ms + 250);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

type Options = ReturnType<typeof callOptions>;

/** Carries a checked answer out of client-node (see `read`). */
class Answer {
  constructor(readonly json: Json) {}
}
type Page = { metadata?: { continue?: string }; items?: Json[] };

export class ClientNodeReader implements KubeReader {
  readonly context?: string;
  readonly server?: string;
  readonly namespace?: string;
  private readonly core: k8s.CoreV1Api;
  private readonly apps: k8s.AppsV1Api;
  private readonly batch: k8s.BatchV1Api;

  constructor(
    kc: k8s.KubeConfig,
    readonly timeoutMs: number,
  ) {
    const context = kc.getCurrentContext();
    this.context = context && context !== 'inClusterContext' ? context : undefined;
    this.server = kc.getCurrentCluster()?.server;
    this.namespace = kc.getContextObject(context)?.namespace?.trim() || undefined;
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.apps = kc.makeApiClient(k8s.AppsV1Api);
    this.batch = kc.makeApiClient(k8s.BatchV1Api);
  }

  private async call<T>(what: string, fn: (options: Options) => Promise<T>, post?: (res: k8s.ResponseContext) => Promise<k8s.ResponseContext>): Promise<T> {
    try {
      return await withDeadline(fn(callOptions(this.timeoutMs, post)), this.timeoutMs);
    } catch (e) {
      throw e instanceof Answer ? e : classifyError(e, what, this.timeoutMs);
    }
  }

  /**
   * One object as the API server sent it (what `kubectl get -o json` prints), its shape checked (shape.ts). The
   * answer leaves the call from `post`, before client-node's models read it: they drop the fields they do not
   * know, and throw a TypeError on a field of an unexpected type.
   */
  private async read(what: string, shape: Shape, fn: (options: Options) => Promise<unknown>): Promise<Json> {
    const post = async (res: k8s.ResponseContext): Promise<k8s.ResponseContext> => {
      if (res.httpStatusCode < 200 || res.httpStatusCode > 299) return res; // client-node turns it into an ApiException
      let json: Json;
      try {
        json = JSON.parse(await res.body.text());
      } catch {
        throw new KubeReadError('malformed', what, 'the answer is not JSON');
      }
      const problem = shapeError(json, shape);
      if (problem) throw new KubeReadError('malformed', what, problem);
      throw new Answer(json);
    };
    try {
      await this.call(what, fn, post);
    } catch (e) {
      if (e instanceof Answer) return e.json;
      throw e;
    }
    throw new KubeReadError('malformed', what, 'no answer');
  }

  /** A list, page by page (`limit`/`continue`), up to LIST_LIMIT items. */
  private async list(what: string, item: Shape, fn: (page: { limit: number; _continue?: string }, options: Options) => Promise<unknown>): Promise<Json[]> {
    const items: Json[] = [];
    let next: string | undefined;
    do {
      const page: Page = await this.read(what, listOf(item), (o) => fn({ limit: PAGE, ...(next && { _continue: next }) }, o));
      items.push(...(page.items ?? []));
      next = page.metadata?.continue || undefined;
    } while (next && items.length < LIST_LIMIT);
    return items.slice(0, LIST_LIMIT);
  }

  readPod(namespace: string, name: string): Promise<Json> {
    return this.read(`pod "${name}" in namespace "${namespace}"`, POD, (o) => this.core.readNamespacedPod({ name, namespace }, o));
  }

  listPods(namespace: string | undefined, options: ListOptions = {}): Promise<Json[]> {
    const selectors = { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector };
    return namespace
      ? this.list(`the pods in namespace "${namespace}"`, POD, (page, o) => this.core.listNamespacedPod({ namespace, ...selectors, ...page }, o))
      : this.list('the pods in all namespaces', POD, (page, o) => this.core.listPodForAllNamespaces({ ...selectors, ...page }, o));
  }

  listPodEvents(namespace: string, name: string, uid?: string): Promise<Json[]> {
    const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=');
    const fieldSelector = [
      `involvedObject.name=${esc(name)}`,
      `involvedObject.namespace=${esc(namespace)}`,
      ...(uid ? [`involvedObject.uid=${esc(uid)}`] : []),
    ].join(',');
    return this.list(`the events of pod "${name}" in namespace "${namespace}"`, EVENT, (page, o) =>
      this.core.listNamespacedEvent({ namespace, fieldSelector, ...page }, o),
    );
  }

  readNode(name: string): Promise<Json> {
    return this.read(`node "${name}"`, NODE, (o) => this.core.readNode({ name }, o));
  }

  readWorkload(kind: WorkloadKind, namespace: string, name: string): Promise<Json> {
    const what = `${kind.toLowerCase()} "${name}" in namespace "${namespace}"`;
    const params = { name, namespace };
    switch (kind) {
      case 'Deployment':
        return this.read(what, WORKLOAD, (o) => this.apps.readNamespacedDeployment(params, o));
      case 'StatefulSet':
        return this.read(what, WORKLOAD, (o) => this.apps.readNamespacedStatefulSet(params, o));
      case 'DaemonSet':
        return this.read(what, WORKLOAD, (o) => this.apps.readNamespacedDaemonSet(params, o));
      case 'ReplicaSet':
        return this.read(what, WORKLOAD, (o) => this.apps.readNamespacedReplicaSet(params, o));
      case 'Job':
        return this.read(what, WORKLOAD, (o) => this.batch.readNamespacedJob(params, o));
    }
  }

  async readPreviousLog(namespace: string, pod: string, container: string, tailLines: number): Promise<string> {
    const log = await this.call(`the previous log of container "${container}" in pod "${pod}"`, (o) =>
      this.core.readNamespacedPodLog({ name: pod, namespace, container, previous: true, tailLines, limitBytes: 64 * 1024 }, o),
    );
    return typeof log === 'string' ? log : String(log ?? '');
  }
}

/** A reader for the configured cluster; throws KubeNotConfiguredError when there is none. */
export function connect(config: LiveConfig, env: NodeJS.ProcessEnv = process.env): ClientNodeReader {
  return new ClientNodeReader(loadKubeConfig(config, env), config.timeoutMs);
}
