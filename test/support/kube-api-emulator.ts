// An offline Kubernetes API server for tests: enough of the real API for `kubectl describe/get/logs`
// and @kubernetes/client-node to work against JSON fixtures, over plain http on 127.0.0.1.
//
// What it serves (GET only): /version, /api, /apis, discovery for v1, apps/v1 and batch/v1, get/list of
// pods, events, nodes, namespaces, deployments, replicasets, statefulsets, daemonsets, jobs (namespaced
// and all-namespaces, labelSelector, fieldSelector, limit/continue), pods/NAME/log, and server-side
// `Table` output (what `kubectl get` prints). Errors are real `Status` objects. Per-route faults inject
// status codes and delays.
//
// Fixture times may be relative ("now-87s", see kube-time.ts); they are resolved when a request is served.

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { resolveRelativeTimes, formatKubeTime } from './kube-time.js';
import {
  defaultPrinter,
  deploymentPrinter,
  eventPrinter,
  namespacePrinter,
  nodePrinter,
  podPrinter,
  replicaSetPrinter,
  type TablePrinter,
} from './kube-table-printers.js';

type Json = Record<string, any>;

export interface EmulatorObjects {
  pods: Json[];
  events: Json[];
  nodes?: Json[];
  /** Derived from the namespaces the other objects use (plus default/kube-system/...) when absent. */
  namespaces?: Json[];
  deployments?: Json[];
  replicasets?: Json[];
  statefulsets?: Json[];
  daemonsets?: Json[];
  jobs?: Json[];
  /**
   * Container logs keyed "namespace/pod/container" (what `kubectl logs` prints) and
   * "namespace/pod/container/previous" (what `kubectl logs --previous` prints).
   */
  logs?: Record<string, string>;
}

interface Fault {
  /** HTTP status to answer with, as a real Status object (403 Forbidden, 404, 429, 500, 503, 504...). */
  status?: number;
  /** Delay before answering (or before the injected error). Use it to test client timeouts. */
  delayMs?: number;
  /** Overrides Status.reason (e.g. "Forbidden", "InternalError"). */
  reason?: string;
  /** Overrides Status.message (for 500 it is the cause: "Internal error occurred: <message>"). */
  message?: string;
  /** Only requests with this method (default: any). */
  method?: string;
  /** Apply only to the first N matching requests (default: all), e.g. to test retries. */
  times?: number;
  /** User named in the RBAC denial message of a 403 (default: the emulator's `user`). */
  user?: string;
  /**
   * Answer 200 with a PodList of about this many bytes, written in 64 KiB chunks as the client reads them (never
   * held whole), to test a client's cap on answers; `declareLength` also sends its Content-Length.
   */
  hugeList?: { bytes: number; declareLength?: boolean };
  /** Answer 200 with this text as `application/json` (not JSON, or JSON of the wrong shape). */
  body?: string;
}

export interface EmulatorOptions {
  objects: EmulatorObjects;
  /** Server minor version reported by /version; the gcloud kubectl dispatcher picks kubectl.1.<minor>. Default "32". */
  serverMinor?: string;
  /**
   * Faults keyed by a regular expression tested against the request path without the query string,
   * e.g. `'/pods/hello-minikube-67b8c7bdfd-965qn$'`, `'/events$'`, `'/log$'`, or `'pods'` for anything about pods.
   */
  faults?: Record<string, Fault>;
  /** When set, requests must carry `Authorization: Bearer <token>`, otherwise 401. */
  token?: string;
  /** Default user for Forbidden messages. */
  user?: string;
  /**
   * Delay JSON answers that would be served late in a wall-clock second (by up to ~300 ms) so kubectl's
   * client-side ages match the fixture offsets exactly. Default true; turn off when request latency matters.
   */
  alignClock?: boolean;
}

interface RecordedRequest {
  method: string;
  /** Path with query string, as received. */
  path: string;
  accept: string;
  userAgent: string;
}

interface KubeconfigOptions {
  namespace?: string;
  context?: string;
  token?: string;
  /** File name inside `dir` (default "kubeconfig"). */
  fileName?: string;
}

export interface KubeApiEmulator {
  url: string;
  requests: RecordedRequest[];
  /** The live object store: tests may push or edit objects between requests. */
  objects: EmulatorObjects;
  writeKubeconfig(dir: string, opts?: KubeconfigOptions): string;
  /** Replace the fault table (undefined clears it). */
  setFaults(faults: Record<string, Fault> | undefined): void;
  close(): Promise<void>;
}

interface ResourceDef {
  group: string; // '' for core
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  store: keyof Omit<EmulatorObjects, 'logs'>;
  printer: TablePrinter;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const RESOURCES: ResourceDef[] = [
  { group: '', plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], store: 'pods', printer: podPrinter },
  { group: '', plural: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'], store: 'events', printer: eventPrinter },
  { group: '', plural: 'nodes', singular: 'node', kind: 'Node', namespaced: false, shortNames: ['no'], store: 'nodes', printer: nodePrinter },
  {
    group: '',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    store: 'namespaces',
    printer: namespacePrinter,
  },
  {
    group: 'apps',
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    store: 'deployments',
    printer: deploymentPrinter,
  },
  {
    group: 'apps',
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    store: 'replicasets',
    printer: replicaSetPrinter,
  },
  {
    group: 'apps',
    plural: 'statefulsets',
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    store: 'statefulsets',
    printer: defaultPrinter,
  },
  {
    group: 'apps',
    plural: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    store: 'daemonsets',
    printer: defaultPrinter,
  },
  { group: 'batch', plural: 'jobs', singular: 'job', kind: 'Job', namespaced: true, categories: ['all'], store: 'jobs', printer: defaultPrinter },
];

const GROUPS = ['apps', 'batch'];

const groupVersionOf = (group: string) => (group ? `${group}/v1` : 'v1');

/** `pods` or `deployments.apps`, as the API server names resources in error messages. */
const qualifiedResource = (def: ResourceDef) => (def.group ? `${def.plural}.${def.group}` : def.plural);

// ---------------------------------------------------------------------------------------------------
// Status objects

function kubeStatus(code: number, reason: string, message: string, details?: Json): Json {
  const status: Json = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason };
  if (details) status.details = details;
  status.code = code;
  return status;
}

interface RequestInfo {
  def?: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
  verb: 'get' | 'list';
  /** Request path, for errors about non-resource URLs. */
  path?: string;
}

const DEFAULT_REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** A Status body shaped like what kube-apiserver sends for `code` about the requested resource. */
function statusFor(code: number, info: RequestInfo, user: string, override: { reason?: string; message?: string } = {}): Json {
  const def = info.def;
  const resource = def ? qualifiedResource(def) : '';
  const details: Json = {};
  if (info.name) details.name = info.name;
  if (def?.group) details.group = def.group;
  if (def) details.kind = def.plural;
  let message: string;
  switch (code) {
    case 401:
      return kubeStatus(401, override.reason ?? 'Unauthorized', override.message ?? 'Unauthorized');
    case 403: {
      const what = info.name ? `${resource} "${info.name}"` : resource || 'the requested resource';
      const res = def ? def.plural + (info.subresource ? `/${info.subresource}` : '') : '';
      const scope = info.namespace ? `in the namespace "${info.namespace}"` : 'at the cluster scope';
      message = def
        ? `${what} is forbidden: User "${user}" cannot ${info.verb} resource "${res}" in API group "${def.group}" ${scope}`
        : `forbidden: User "${user}" cannot ${info.verb} path "${info.path ?? '/'}"`;
      break;
    }
    case 404:
      message = def && info.name ? `${resource} "${info.name}" not found` : 'the server could not find the requested resource';
      break;
    case 429:
      details.retryAfterSeconds = 1;
      message = 'Too many requests, please try again later.';
      break;
    case 500: {
      const cause = override.message ?? 'emulated fault';
      return kubeStatus(500, override.reason ?? 'InternalError', `Internal error occurred: ${cause}`, { causes: [{ message: cause }] });
    }
    case 503:
      message = 'the server is currently unable to handle the request';
      break;
    case 504:
      message = 'the server was unable to return a response in the time allotted, but may still be processing the request';
      break;
    default:
      message = http.STATUS_CODES[code] ?? 'error';
  }
  return kubeStatus(
    code,
    override.reason ?? DEFAULT_REASONS[code] ?? 'Unknown',
    override.message ?? message,
    Object.keys(details).length ? details : undefined,
  );
}

// ---------------------------------------------------------------------------------------------------
// Selectors

/** Split on commas that are neither escaped (`\,`) nor inside parentheses. */
function splitSelector(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && i + 1 < s.length) {
      cur += ch + s[++i];
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '' || parts.length) parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const unescapeFieldValue = (v: string) => v.replace(/\\(.)/g, '$1');

type Predicate = (obj: Json) => boolean;

class SelectorError extends Error {}

function parseLabelSelector(selector: string): Predicate {
  const reqs: Predicate[] = splitSelector(selector).map((term) => {
    let m: RegExpExecArray | null;
    if ((m = /^!\s*([\w./-]+)$/.exec(term))) {
      const key = m[1];
      return (o) => !(key in (o.metadata?.labels ?? {}));
    }
    if ((m = /^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term))) {
      const [, key, op, list] = m;
      const values = list.split(',').map((v) => v.trim());
      return (o) => {
        const labels = o.metadata?.labels ?? {};
        const has = key in labels && values.includes(labels[key]);
        return op === 'in' ? has : !has;
      };
    }
    if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term))) {
      const [, key, op, value] = m;
      return (o) => {
        const labels = o.metadata?.labels ?? {};
        return op === '!=' ? labels[key] !== value : key in labels && labels[key] === value;
      };
    }
    if ((m = /^([\w./-]+)$/.exec(term))) {
      const key = m[1];
      return (o) => key in (o.metadata?.labels ?? {});
    }
    throw new SelectorError(`unable to parse requirement: found '${term}', expected: identifier`);
  });
  return (o) => reqs.every((r) => r(o));
}

const fieldValue = (obj: Json, field: string): string => {
  if (field === 'source' && obj.kind === 'Event') return obj.source?.component ?? '';
  let v: any = obj;
  for (const part of field.split('.')) v = v?.[part];
  return v === undefined || v === null ? '' : String(v);
};

function parseFieldSelector(selector: string): Predicate {
  const reqs: Predicate[] = splitSelector(selector).map((term) => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [, field, op, raw] = m;
    const value = unescapeFieldValue(raw);
    return (o) => (op === '!=' ? fieldValue(o, field) !== value : fieldValue(o, field) === value);
  });
  return (o) => reqs.every((r) => r(o));
}

// ---------------------------------------------------------------------------------------------------
// The server

const DEFAULT_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

function sortKey(o: Json): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

export async function startKubeApiEmulator(opts: EmulatorOptions): Promise<KubeApiEmulator> {
  const objects = opts.objects;
  const serverMinor = opts.serverMinor ?? '32';
  const defaultUser = opts.user ?? 'system:serviceaccount:kube-doctor:kube-doctor';
  let faults = opts.faults ?? {};
  const faultHits = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const aborter = new AbortController();
  let resourceVersion = 48_213;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      aborter.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          resolve();
        },
        { once: true },
      );
    });

  /**
   * kubectl computes describe ages from its own clock, and timestamps are whole seconds. Serving in the
   * first 700ms of a second keeps "now-87s" rendering as "87s" unless kubectl takes >300ms to print.
   * `kubectl describe pod` reads the pod, then its events, on one connection: requests within 250 ms of an aligned
   * one keep its second (they are still in it). Aligning each again could move the events (and the print) into the
   * next second after the pod was read in this one: "lasts 4m30s" printed as "4m31s".
   */
  const secondOf = new WeakMap<object, { nowMs: number; at: number }>();
  async function alignedNow(connection: object): Promise<number> {
    const earlier = secondOf.get(connection);
    if (earlier && Date.now() - earlier.at < 250) return earlier.nowMs; // still within the second it was aligned in
    const ms = Date.now() % 1000;
    if (opts.alignClock !== false && ms > 700) await sleep(1000 - ms + 5);
    const nowMs = Math.floor(Date.now() / 1000) * 1000;
    secondOf.set(connection, { nowMs, at: Date.now() });
    return nowMs;
  }

  function namespacesOf(): Json[] {
    if (objects.namespaces) return objects.namespaces;
    const names = new Set(DEFAULT_NAMESPACES);
    for (const def of RESOURCES) {
      if (!def.namespaced) continue;
      for (const o of (objects[def.store] as Json[] | undefined) ?? []) if (o.metadata?.namespace) names.add(o.metadata.namespace);
    }
    return [...names].sort().map((name) => ({
      metadata: {
        name,
        uid: `00000000-0000-4000-8000-${name
          .padEnd(12, '0')
          .slice(0, 12)
          .replace(/[^0-9a-f]/g, '0')}`,
        resourceVersion: '17',
        creationTimestamp: 'now-30d',
        labels: { 'kubernetes.io/metadata.name': name },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    }));
  }

  /** The objects of a resource as served now (times resolved, sorted); only those in `namespace` / named `name` if given. */
  function store(def: ResourceDef, nowMs: number, namespace?: string, name?: string): Json[] {
    let raw = def.store === 'namespaces' ? namespacesOf() : ((objects[def.store] as Json[] | undefined) ?? []);
    // Picked before they are copied: resolving every object's times for a one-pod read made the emulator the cost.
    if (namespace !== undefined) raw = raw.filter((o) => o.metadata?.namespace === namespace);
    if (name !== undefined) raw = raw.filter((o) => o.metadata?.name === name);
    return resolveRelativeTimes(raw, nowMs)
      .map((o) => ({ kind: def.kind, apiVersion: groupVersionOf(def.group), ...o }))
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  }

  function send(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) {
    if (res.destroyed || res.headersSent) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(code, {
      'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json',
      'Cache-Control': 'no-cache, private',
      'Content-Length': Buffer.byteLength(text).toString(),
      ...headers,
    });
    res.end(text);
  }

  const wantsTable = (req: IncomingMessage) => /(^|[,;\s])as=Table/.test(req.headers.accept ?? '');

  function parseRequest(pathname: string): { type: 'discovery'; body: () => Json } | { type: 'resource'; info: RequestInfo } | undefined {
    const parts = pathname.split('/').filter(Boolean);
    let group: string;
    let rest: string[];
    if (parts[0] === 'api') {
      if (parts.length === 1) return { type: 'discovery', body: apiVersions };
      if (parts[1] !== 'v1') return undefined;
      group = '';
      rest = parts.slice(2);
    } else if (parts[0] === 'apis') {
      if (parts.length === 1) return { type: 'discovery', body: apiGroupList };
      if (!GROUPS.includes(parts[1])) return undefined;
      if (parts.length === 2) return { type: 'discovery', body: () => apiGroup(parts[1]) };
      if (parts[2] !== 'v1') return undefined;
      group = parts[1];
      rest = parts.slice(3);
    } else return undefined;
    if (rest.length === 0) return { type: 'discovery', body: () => resourceList(group) };

    const find = (plural: string) => RESOURCES.find((r) => r.group === group && r.plural === plural);
    // /namespaces/{ns}/{plural}[/{name}[/{sub}]]
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      const def = find(rest[2]);
      if (!def?.namespaced || rest.length > 5) return undefined;
      return { type: 'resource', info: { def, namespace: rest[1], name: rest[3], subresource: rest[4], verb: rest[3] ? 'get' : 'list' } };
    }
    // /{plural}[/{name}] : cluster-scoped objects, or a namespaced resource across all namespaces
    const def = find(rest[0]);
    if (!def || rest.length > 2 || (def.namespaced && rest.length > 1)) return undefined;
    return { type: 'resource', info: { def, name: rest[1], verb: rest[1] ? 'get' : 'list' } };
  }

  function apiVersions(): Json {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: hostPort }] };
  }
  function apiGroup(name: string): Json {
    const gv = { groupVersion: `${name}/v1`, version: 'v1' };
    return { kind: 'APIGroup', apiVersion: 'v1', name, versions: [gv], preferredVersion: gv };
  }
  function apiGroupList(): Json {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: GROUPS.map((g) => {
        const { kind: _k, apiVersion: _a, ...rest } = apiGroup(g);
        return rest;
      }),
    };
  }
  function resourceList(group: string): Json {
    const resources: Json[] = [];
    for (const r of RESOURCES.filter((x) => x.group === group)) {
      const entry: Json = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: ALL_VERBS };
      if (r.shortNames) entry.shortNames = r.shortNames;
      if (r.categories) entry.categories = r.categories;
      resources.push(entry);
      if (r.plural === 'pods') resources.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersionOf(group), resources };
  }

  function toTable(def: ResourceDef, items: Json[], nowMs: number, includeObject: string, listMeta: Json): Json {
    return {
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: listMeta,
      columnDefinitions: def.printer.columns,
      rows: items.map((o) => {
        const printed = def.printer.print(o, nowMs);
        const row: Json = { cells: printed.cells };
        if (printed.conditions) row.conditions = printed.conditions;
        if (includeObject === 'Object') row.object = o;
        else if (includeObject !== 'None') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
        return row;
      }),
    };
  }

  async function serveResource(req: IncomingMessage, res: ServerResponse, url: URL, info: RequestInfo) {
    const def = info.def!;
    const table = wantsTable(req) && !info.subresource;
    // Tables carry server-computed ages, so only raw JSON needs the clock alignment.
    const nowMs = table ? Math.floor(Date.now() / 1000) * 1000 : await alignedNow(req.socket);
    const q = url.searchParams;
    if (q.get('watch') === 'true' || q.get('watch') === '1') {
      return send(res, 405, kubeStatus(405, 'MethodNotAllowed', 'watch is not supported by the kube-doctor test emulator'));
    }
    let items = store(def, nowMs, info.namespace, info.name);

    if (info.name !== undefined) {
      const obj = items.find((o) => o.metadata?.name === info.name);
      if (!obj) return send(res, 404, statusFor(404, info, defaultUser));
      if (info.subresource === 'log' && def.plural === 'pods') return serveLog(res, obj, q);
      if (info.subresource && info.subresource !== 'status') {
        return send(res, 404, statusFor(404, { verb: 'get' }, defaultUser));
      }
      return table
        ? send(res, 200, toTable(def, [obj], nowMs, q.get('includeObject') ?? 'Metadata', { resourceVersion: String(resourceVersion) }))
        : send(res, 200, obj);
    }

    try {
      const ls = q.get('labelSelector');
      if (ls) items = items.filter(parseLabelSelector(ls));
      const fs_ = q.get('fieldSelector');
      if (fs_) items = items.filter(parseFieldSelector(fs_));
    } catch (e) {
      if (e instanceof SelectorError) return send(res, 400, kubeStatus(400, 'BadRequest', e.message));
      throw e;
    }
    const listMeta: Json = { resourceVersion: String(resourceVersion) };
    const start = Number(q.get('continue') ? Buffer.from(q.get('continue')!, 'base64').toString() : 0) || 0;
    const limit = Number(q.get('limit') ?? 0);
    if (start) items = items.slice(start);
    if (limit > 0 && items.length > limit) {
      listMeta.continue = Buffer.from(String(start + limit)).toString('base64');
      listMeta.remainingItemCount = items.length - limit;
      items = items.slice(0, limit);
    }
    if (table) return send(res, 200, toTable(def, items, nowMs, q.get('includeObject') ?? 'Metadata', listMeta));
    // Items of typed lists carry no kind/apiVersion on a real server.
    const bare = items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
    return send(res, 200, { kind: `${def.kind}List`, apiVersion: groupVersionOf(def.group), metadata: listMeta, items: bare });
  }

  /** pods/NAME/log, with the API server's container defaulting and the kubelet's state checks. */
  function serveLog(res: ServerResponse, pod: Json, q: URLSearchParams) {
    const podName = pod.metadata.name;
    const ns = pod.metadata.namespace;
    const specContainers: Json[] = pod.spec?.containers ?? [];
    const initContainers: Json[] = pod.spec?.initContainers ?? [];
    let container = q.get('container') ?? '';
    const bad = (message: string) => send(res, 400, kubeStatus(400, 'BadRequest', message));
    if (!container) {
      if (specContainers.length === 1) container = specContainers[0].name;
      else if (specContainers.length === 0) return bad(`a container name must be specified for pod ${podName}`);
      else {
        let msg = `a container name must be specified for pod ${podName}, choose one of: [${specContainers.map((c) => c.name).join(' ')}]`;
        if (initContainers.length) msg += ` or one of the init containers: [${initContainers.map((c) => c.name).join(' ')}]`;
        return bad(msg);
      }
    } else if (![...specContainers, ...initContainers].some((c) => c.name === container)) {
      return bad(`container ${container} is not valid for pod ${podName}`);
    }
    if (!pod.spec?.nodeName) return bad(`pod ${podName} does not have a host assigned`);

    const statuses: Json[] = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
    const st = statuses.find((s) => s.name === container);
    const key = `${ns}/${podName}/${container}`;
    const previous = q.get('previous') === 'true' || q.get('previous') === '1';
    const logs = objects.logs ?? {};
    let text: string;
    // Mirrors kubelet validateContainerLogStatus.
    if (!st) return bad(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
    const lastTerm = st.lastState?.terminated;
    if (previous) {
      if (!lastTerm) return bad(`previous terminated container "${container}" in pod "${podName}" not found`);
      text = logs[`${key}/previous`] ?? '';
    } else if (st.state?.running) {
      text = logs[key] ?? '';
    } else if (st.state?.terminated) {
      text = logs[key] ?? logs[`${key}/previous`] ?? '';
    } else if (lastTerm) {
      // CrashLoopBackOff: the current instance has not started, the kubelet serves the last one.
      text = logs[key] ?? logs[`${key}/previous`] ?? '';
    } else if (st.state?.waiting) {
      const reason = st.state.waiting.reason;
      if (reason === 'ErrImagePull') return bad(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
      if (reason === 'ImagePullBackOff') return bad(`container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
      return bad(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
    } else {
      return bad(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
    }
    const tail = Number(q.get('tailLines') ?? -1);
    if (tail >= 0) {
      const lines = text.split('\n');
      const trailing = text.endsWith('\n');
      if (trailing) lines.pop();
      const kept = tail === 0 ? [] : lines.slice(-tail);
      text = kept.join('\n') + (trailing && kept.length ? '\n' : '');
    }
    const limitBytes = Number(q.get('limitBytes') ?? 0);
    if (limitBytes > 0) text = Buffer.from(text).subarray(0, limitBytes).toString();
    return send(res, 200, text);
  }

  function matchingFault(method: string, pathname: string): Fault | undefined {
    for (const [pattern, fault] of Object.entries(faults)) {
      if (fault.method && fault.method.toUpperCase() !== method) continue;
      if (!new RegExp(pattern).test(pathname)) continue;
      const hits = faultHits.get(pattern) ?? 0;
      if (fault.times !== undefined && hits >= fault.times) continue;
      faultHits.set(pattern, hits + 1);
      return fault;
    }
    return undefined;
  }

  /** A list of filler pods, streamed with backpressure; stops as soon as the client hangs up. */
  async function streamHugeList(res: ServerResponse, huge: NonNullable<Fault['hugeList']>) {
    const head = Buffer.from('{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[');
    const item = JSON.stringify({ metadata: { name: 'filler', namespace: 'default', annotations: { filler: 'x'.repeat(960) } } });
    const chunk = Buffer.from(`${Array(64).fill(item).join(',')},`);
    const end = Buffer.from(`${item}]}`);
    const n = Math.max(0, Math.floor((huge.bytes - head.length - end.length) / chunk.length));
    res.writeHead(200, {
      'Content-Type': 'application/json',
      ...(huge.declareLength && { 'Content-Length': String(head.length + n * chunk.length + end.length) }),
    });
    const gone = () => res.destroyed || res.writableEnded || aborter.signal.aborted;
    const drained = () =>
      new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    res.write(head);
    for (let i = 0; i < n && !gone(); i++) if (!res.write(chunk)) await drained();
    if (!gone()) res.end(end);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://emulator');
    requests.push({ method, path: req.url ?? '/', accept: String(req.headers.accept ?? ''), userAgent: String(req.headers['user-agent'] ?? '') });

    const route = parseRequest(url.pathname);
    const info: RequestInfo = route?.type === 'resource' ? route.info : { verb: 'get', path: url.pathname };

    const fault = matchingFault(method, url.pathname);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (res.destroyed || aborter.signal.aborted) return;
    if (fault?.status) {
      const body = statusFor(fault.status, info, fault.user ?? defaultUser, fault);
      return send(res, fault.status, body, fault.status === 429 ? { 'Retry-After': '1' } : {});
    }
    if (fault?.hugeList) return streamHugeList(res, fault.hugeList);
    if (fault?.body !== undefined) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(fault.body)) });
      return res.end(fault.body);
    }

    if (opts.token !== undefined && req.headers.authorization !== `Bearer ${opts.token}`) {
      return send(res, 401, statusFor(401, info, defaultUser));
    }
    if (url.pathname === '/version') {
      const minor = serverMinor;
      return send(res, 200, {
        major: '1',
        minor,
        gitVersion: `v1.${parseInt(minor, 10)}.0`,
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: formatKubeTime(Date.UTC(2025, 0, 1)),
        goVersion: 'go1.23.4',
        compiler: 'gc',
        platform: 'linux/amd64',
      });
    }
    if (['/healthz', '/livez', '/readyz'].includes(url.pathname)) return send(res, 200, 'ok');
    if (!route) return send(res, 404, statusFor(404, { verb: 'get' }, defaultUser));
    if (method !== 'GET') {
      return send(res, 405, kubeStatus(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    }
    if (route.type === 'discovery') return send(res, 200, route.body());
    resourceVersion++;
    return serveResource(req, res, url, route.info);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, kubeStatus(500, 'InternalError', `Internal error occurred: ${String(err)}`)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostPort = `127.0.0.1:${port}`;
  const url = `http://${hostPort}`;

  return {
    url,
    requests,
    objects,
    setFaults(next) {
      faults = next ?? {};
      faultHits.clear();
    },
    writeKubeconfig(dir, kcOpts = {}) {
      const context = kcOpts.context ?? 'emulator';
      const token = kcOpts.token ?? opts.token;
      const config = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'emulator', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'emulator-user', user: token ? { token } : {} }],
        contexts: [{ name: context, context: { cluster: 'emulator', user: 'emulator-user', namespace: kcOpts.namespace ?? 'default' } }],
        'current-context': context,
        preferences: {},
      };
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, kcOpts.fileName ?? 'kubeconfig');
      fs.writeFileSync(file, toYaml(config), { mode: 0o600 });
      return file;
    },
    async close() {
      aborter.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
