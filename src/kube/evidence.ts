// API JSON → the same evidence the paste path builds: the objects go through the paste parser's structured
// converter (src/parse), with the secrets a pod may carry left out (env) or redacted (any other string).
// Also: the STATUS `kubectl get pods` would print, and node conditions and log tails as evidence lines.
import type { Evidence, ObjectRef } from '../model/evidence.js';
import { parse } from '../parse/parse.js';
import { addFact } from '../parse/text.js';
import { redact } from '../redact/redact.js';
import type { Json } from './reader.js';

/** Only what a diagnosis reads: no env, no volumes, no annotations (they may hold secrets or be large). */
function projectPod(pod: Json): Json {
  const container = (c: Json) => ({ name: c.name, image: c.image });
  const meta = pod.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      ...(meta.deletionTimestamp && { deletionTimestamp: meta.deletionTimestamp }),
      ...(meta.finalizers && { finalizers: meta.finalizers }),
      ...(meta.ownerReferences && { ownerReferences: meta.ownerReferences.map((o: Json) => ({ kind: o.kind, name: o.name, controller: o.controller })) }),
    },
    spec: {
      nodeName: pod.spec?.nodeName,
      initContainers: (pod.spec?.initContainers ?? []).map(container),
      containers: (pod.spec?.containers ?? []).map(container),
    },
    status: pod.status ?? {},
  };
}

function projectEvent(e: Json): Json {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    type: e.type,
    reason: e.reason,
    message: e.message,
    count: e.count,
    series: e.series,
    source: e.source,
    reportingController: e.reportingController,
    reportingComponent: e.reportingComponent,
    involvedObject: e.involvedObject,
    firstTimestamp: e.firstTimestamp,
    lastTimestamp: e.lastTimestamp,
    eventTime: e.eventTime,
  };
}

function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  return value;
}

const time = (e: Json): number => Date.parse(e.lastTimestamp ?? '') || 0;

/** `kubectl describe`'s order: by lastTimestamp, events without one (scheduler, series) first. */
function sortEvents(events: Json[]): Json[] {
  return [...events].sort((a, b) => time(a) - time(b));
}

export interface EvidenceExtras {
  /** Node conditions worth showing (NotReady, pressure), one line each. */
  nodeLines?: string[];
  /** Previous-instance log tails, per container. */
  logs?: { container: string; text: string }[];
  owner?: ObjectRef;
}

/** The evidence of one pod and its events, exactly as if its `-o json` had been pasted (then the extras). */
export function podEvidence(pod: Json, events: Json[], extras: EvidenceExtras = {}): Evidence {
  const list = redactDeep({ apiVersion: 'v1', kind: 'List', items: [projectPod(pod), ...sortEvents(events).map(projectEvent)] });
  const evidence = parse(JSON.stringify(list));
  let line = 2;
  for (const text of extras.nodeLines ?? []) evidence.lines.push({ line: line++, text: redact(text) });
  for (const log of extras.logs ?? []) {
    // The whole tail at once: a secret may span lines (a PEM block, a multi-line env dump).
    for (const raw of redact(log.text).split('\n')) {
      const text = raw.replace(/\s+$/, '');
      if (text.trim()) evidence.lines.push({ line: line++, text });
    }
  }
  if (extras.owner) addFact(evidence, 'owner', `${extras.owner.kind.toLowerCase()}/${extras.owner.name}`);
  return evidence;
}

/** The STATUS column of `kubectl get pods` (the API server's printPod, simplified). */
export function podStatus(pod: Json): string {
  const status: Json = pod.status ?? {};
  const phase: string = status.phase ?? 'Unknown';
  if (pod.metadata?.deletionTimestamp) {
    if (status.reason === 'NodeLost') return 'Unknown';
    if (phase !== 'Succeeded' && phase !== 'Failed') return 'Terminating';
  }
  let reason: string = status.reason ?? phase;
  const initSpecs: Json[] = pod.spec?.initContainers ?? [];
  const initStatuses: Json[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const st = initStatuses[i];
    const t = st.state?.terminated;
    const w = st.state?.waiting;
    const sidecar = initSpecs.find((c) => c.name === st.name)?.restartPolicy === 'Always';
    if (t && t.exitCode === 0) continue;
    if (sidecar && st.started) continue;
    if (t) return `Init:${t.reason || (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`)}`;
    if (w?.reason && w.reason !== 'PodInitializing') return `Init:${w.reason}`;
    return `Init:${i}/${initSpecs.length || initStatuses.length}`;
  }
  let hasRunning = false;
  const statuses: Json[] = status.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const st = statuses[i];
    const w = st.state?.waiting;
    const t = st.state?.terminated;
    if (w?.reason) reason = w.reason;
    else if (t?.reason) reason = t.reason;
    else if (t) reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
    else if (st.ready && st.state?.running) hasRunning = true;
  }
  if (reason === 'Completed' && hasRunning) {
    const ready = (status.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True');
    reason = ready ? 'Running' : 'NotReady';
  }
  return reason;
}

export interface PodSummary {
  name: string;
  namespace: string;
  status: string;
  /** "1/2" */
  ready: string;
  restarts: number;
  node?: string;
  healthy: boolean;
}

export function summarisePod(pod: Json): PodSummary {
  const statuses: Json[] = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  const ready = statuses.filter((s) => s.ready).length;
  const status = podStatus(pod);
  const healthy = status === 'Completed' || pod.status?.phase === 'Succeeded' || (status === 'Running' && ready === total && total > 0);
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    status,
    ready: `${ready}/${total}`,
    restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
    node: pod.spec?.nodeName || undefined,
    healthy,
  };
}

const NODE_EVENT_REASONS = new Set(['NodeNotReady', 'NodeLost', 'TaintManagerEviction', 'NodeNotSchedulable']);

/** Worth reading the node? Only when the pod shows signs of its node being in trouble. */
export function suspectNode(pod: Json, events: Json[]): boolean {
  if (!pod.spec?.nodeName) return false;
  const status: Json = pod.status ?? {};
  if (status.reason === 'NodeLost' || status.phase === 'Unknown' || pod.metadata?.deletionTimestamp) return true;
  if (events.some((e) => NODE_EVENT_REASONS.has(e.reason))) return true;
  const notReady = (status.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status !== 'True');
  const containersLookFine = (status.containerStatuses ?? []).every((s: Json) => s.state?.running);
  return notReady && containersLookFine && (status.containerStatuses ?? []).length > 0;
}

const PRESSURE = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']);

/** The node's conditions that explain trouble: Ready not True, or a pressure condition True. Empty when healthy. */
export function nodeConditionLines(node: Json): string[] {
  const name = node.metadata?.name ?? '';
  const conditions: Json[] = node.status?.conditions ?? [];
  const bad = conditions.filter((c) => (c.type === 'Ready' && c.status !== 'True') || (PRESSURE.has(c.type) && c.status === 'True'));
  const lines = bad.map((c) => `Node ${name} condition ${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`);
  if (node.spec?.unschedulable) lines.push(`Node ${name} is cordoned (SchedulingDisabled)`);
  const taints: Json[] = node.spec?.taints ?? [];
  if (lines.length) {
    for (const t of taints) lines.push(`Node ${name} taint ${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
  }
  return lines;
}

/** Containers that crashed and whose previous instance has a log worth reading. */
export function crashedContainers(pod: Json): string[] {
  const statuses: Json[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return statuses
    .filter((s) => s.lastState?.terminated && (s.state?.waiting?.reason === 'CrashLoopBackOff' || (s.restartCount ?? 0) > 0) && !s.ready)
    .map((s) => s.name);
}
