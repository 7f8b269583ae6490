// One event row, in every kubectl era's layout: describe's `Type Reason Age From Message`, `kubectl get events`
// (today's, -A, -o wide, and the pre-1.12 columns), the pre-1.8 `{kubelet node}` tables and bare `Warning Failed ...`.
import type { EventRecord, ObjectRef } from '../model/evidence.js';

const AGE = String.raw`(?:<unknown>|<invalid>|\d+(?:\.\d+)?[smhdy](?:\d+[smhd])?|[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} [\d:]{8} [+-]\d{4})`;
const AGE_WITH_COUNT = String.raw`(?<age>${AGE})(?:\s+\(x(?<count>\d+) over (?<over>[^)]+)\))?`;
const TYPE = '(?<type>Normal|Warning)';
const REASON = String.raw`(?<reason>[A-Za-z][\w-]*)`;
const LEAD = String.raw`^[\s"'>*-]*`;

/** describe (1.8+): `  Warning  Failed  8s (x2 over 7s)  kubelet  Failed to pull image ...` */
const DESCRIBE_ROW = new RegExp(`${LEAD}${TYPE}\\s+${REASON}\\s+${AGE_WITH_COUNT}(?:\\s+(?<rest>.*))?$`);
/** get events (1.14+): `[NS]  87s  Warning  Failed  pod/name  message` */
const GET_EVENTS_ROW = new RegExp(
  String.raw`^\s*(?:(?<ns>[a-z0-9][-a-z0-9.]*)\s+)?(?<age>${AGE})(?:\s+\(x\d+ over [^)]+\))?\s+${TYPE}\s+${REASON}\s+(?<object>[a-z][a-z.]*\/(?:[^\s<]|<[^<>]{0,64}>)+)\s+(?<rest>.*)$`,
);
/** get events 1.12/1.13: `87s  Warning  Failed  Pod  message` */
const GET_EVENTS_KIND_ROW = new RegExp(
  String.raw`^\s*(?<age>${AGE})\s+${TYPE}\s+${REASON}\s+(?<kind>Pod|Node|ReplicaSet|Deployment|StatefulSet|DaemonSet|Job|PersistentVolumeClaim)\s+(?<rest>.*)$`,
);
/** pre-1.12 get events: `LASTSEEN FIRSTSEEN COUNT NAME KIND SUBOBJECT TYPE REASON SOURCE MESSAGE` */
const OLD_GET_EVENTS_ROW = new RegExp(
  String.raw`^\s*(?<age>${AGE})\s+${AGE}\s+(?<count>\d+)\s+(?<name>\S+)\s+(?<kind>[A-Z]\w+)\s+(?:(?<path>spec\.\S+)\s+)?${TYPE}\s+${REASON}\s+(?<source>[\w.-]+(?:, [\w.-]+)?)\s+(?<rest>.*)$`,
);
/**
 * pre-1.8 describe and 2015 tables: `... {kubelet node}  spec.containers{x}  [Warning]  Failed  message`; also the e2e
 * framework's event dumps: `INFO: At <time> - event for <name>: {kubelet node} FailedMount: message`.
 */
const BRACED_SOURCE_ROW = new RegExp(
  String.raw`^(?<pre>.*?)\{(?<component>[\w-]{1,64})\s*(?<host>[^{}]{0,253})\}\s+(?:(?<path>spec\.\S+|implicitly required container \S+)\s+)?(?:${TYPE}\s+)?${REASON}:?\s+(?<rest>.*)$`,
);
/** What precedes `{kubelet node}`: `FirstSeen LastSeen Count` (1.3–1.7), one RFC1123Z time (2015), or nothing. */
const BRACED_PRE_TIMES = new RegExp(String.raw`^\s*(?:${AGE}\s+)?(?<age>${AGE})(?:\s+(?<count>\d+))?\s*$`);
const E2E_EVENT_FOR = /\bevent for (?<name>[\w.-]+):\s*$/;
/** pre-1.8 describe with `kubelet, node` sources: `3m  3m  1  kubelet, node  spec.containers{x}  Warning  Failed  msg` (age = LastSeen) */
const OLD_DESCRIBE_ROW = new RegExp(
  String.raw`^\s*${AGE}\s+(?<age>${AGE})\s+(?<count>\d+)\s+(?<source>[\w.-]+(?:, [\w.-]+)?)\s+(?:(?<path>spec\.\S+)\s+)?${TYPE}\s+${REASON}\s+(?<rest>.*)$`,
);
/** Anything else that names a type and a CamelCase reason: `Warning  Failed  Failed to pull image ...` */
const LOOSE_ROW = new RegExp(String.raw`${LEAD}${TYPE}\s+(?<reason>[A-Z][A-Za-z]+)\s+(?<rest>\S.*)$`);

/** `kubectl get events -o wide` puts FIRST SEEN, COUNT and the event's NAME (`<object>.<hex id>`) after the message. */
const WIDE_TAIL = new RegExp(String.raw`\s{2,}${AGE}\s+(?<count>\d+)\s+[a-z0-9][-a-z0-9.]*\.[0-9a-f]{6,}\s*$`);
const SUBOBJECT = /^(?<path>spec\.\S+)\s+/;
/** `kubectl get events` lower-cases kinds: `replicaset/x`. */
const KINDS: Record<string, string> = Object.fromEntries(
  [
    'ReplicaSet',
    'StatefulSet',
    'DaemonSet',
    'CronJob',
    'ReplicationController',
    'PersistentVolumeClaim',
    'PersistentVolume',
    'HorizontalPodAutoscaler',
    'PodDisruptionBudget',
    'ConfigMap',
    'ServiceAccount',
    'NetworkPolicy',
    'EndpointSlice',
    'VolumeAttachment',
    'StorageClass',
    'CustomResourceDefinition',
  ].map((k) => [k.toLowerCase(), k]),
);

const FIELD_PATH = /^spec\.(?:initContainers|containers|ephemeralContainers)\{([^}]+)\}:\s*/;
const SOURCE_TOKEN = /^(?<source>[a-z][a-z0-9._/-]*(?:,\s*[^\s,]+)?)(?:\s{2,}|\s+(?=\S))/;
const NOT_A_SOURCE = /[{}:]/;

const BRACED_NOTHING_BEFORE = /^[\s"'>*-]*$/;

export function parseEventRow(raw: string, line: number): EventRecord | null {
  const text = raw.trim();
  let m: RegExpExecArray | null;
  if ((m = OLD_GET_EVENTS_ROW.exec(raw))) {
    const g = m.groups!;
    return build(g, line, text, { source: g.source, message: g.rest, object: { kind: g.kind, name: g.name }, path: g.path });
  }
  if ((m = GET_EVENTS_ROW.exec(raw))) {
    const g = m.groups!;
    const wide = WIDE_TAIL.exec(g.rest);
    if (!wide) return build(g, line, text, { message: g.rest, object: objectRef(g.object, g.ns) });
    // -o wide: SUBOBJECT (may be empty) and SOURCE come before the message.
    let rest = g.rest.slice(0, wide.index);
    const path = SUBOBJECT.exec(rest);
    if (path) rest = rest.slice(path[0].length);
    const { source, message } = splitSource(rest);
    return build({ ...g, count: wide.groups!.count }, line, text, { source, message, object: objectRef(g.object, g.ns), path: path?.groups?.path });
  }
  if ((m = GET_EVENTS_KIND_ROW.exec(raw))) {
    const g = m.groups!;
    return build(g, line, text, { message: g.rest, object: { kind: g.kind, name: '' } });
  }
  if ((m = OLD_DESCRIBE_ROW.exec(raw))) {
    const g = m.groups!;
    return build(g, line, text, { source: g.source, message: g.rest, path: g.path });
  }
  if ((m = DESCRIBE_ROW.exec(raw))) {
    const g = m.groups!;
    const { source, message } = splitSource(g.rest ?? '');
    return build(g, line, text, { source, message });
  }
  const braced = BRACED_SOURCE_ROW.exec(raw);
  const times = braced && BRACED_PRE_TIMES.exec(braced.groups!.pre);
  const e2e = braced && E2E_EVENT_FOR.exec(braced.groups!.pre);
  // Only times, the e2e prefix or nothing come before `{kubelet node}`: "had untolerated taint {dedicated: infra} on
  // every node" is a sentence quoting a taint, not a row.
  if (braced && (times || e2e || BRACED_NOTHING_BEFORE.test(braced.groups!.pre))) {
    const g = braced.groups!;
    const host = g.host.trim();
    // The e2e dump names the object but not its kind; the kubelet reports on pods, or on its node (named like the host).
    const object = e2e ? { kind: g.component === 'kubelet' && e2e.groups!.name !== host ? 'Pod' : '', name: e2e.groups!.name } : undefined;
    return build({ ...g, ...(times?.groups ?? {}) }, line, text, {
      source: host ? `${g.component}, ${host}` : g.component,
      message: g.rest,
      path: g.path,
      object,
    });
  }
  if ((m = LOOSE_ROW.exec(raw))) {
    const g = m.groups!;
    let rest = g.rest;
    const age = new RegExp(`^${AGE_WITH_COUNT}\\s+`).exec(rest);
    if (age) rest = rest.slice(age[0].length);
    const { source, message } = splitSource(rest);
    return build({ ...g, ...(age?.groups ?? {}) }, line, text, { source, message });
  }
  return null;
}

/** Separates the From column from the message, also when a paste collapsed the column padding to one space. */
function splitSource(rest: string): { source?: string; message: string } {
  const m = SOURCE_TOKEN.exec(rest);
  if (!m || NOT_A_SOURCE.test(m.groups!.source)) return { message: rest };
  // `kubelet  Failed ...` or `kubelet, minikube Failed ...`: a lower-case first word is the source, not the message.
  return { source: m.groups!.source, message: rest.slice(m[0].length) };
}

function objectRef(object: string, namespace?: string): ObjectRef {
  const slash = object.indexOf('/');
  const kind = object.slice(0, slash);
  return { kind: KINDS[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1), name: object.slice(slash + 1), namespace };
}

function build(
  g: Record<string, string | undefined>,
  line: number,
  text: string,
  parts: { source?: string; message: string; object?: ObjectRef; path?: string },
): EventRecord {
  let message = parts.message.replace(/\s*%!v\(MISSING\)\s*$/, '').trim();
  // A row the user wrapped in quotes ("Warning Failed ... misbehaving".) keeps its closing quote otherwise.
  if (/^\s*["']/.test(text)) message = message.replace(/["']\.?$/, '');
  let container = parts.path ? /\{([^}]+)\}/.exec(parts.path)?.[1] : undefined;
  const prefix = FIELD_PATH.exec(message);
  if (prefix) {
    container = prefix[1];
    message = message.slice(prefix[0].length);
  }
  const source = parts.source?.trim();
  const node = source?.includes(',') ? source.split(',')[1].trim() : undefined;
  return {
    type: g.type,
    reason: g.reason!,
    age: g.age,
    count: g.count ? Number(g.count) : undefined,
    source,
    node: node && node !== '<redacted-address>' ? node : undefined,
    message,
    object: parts.object,
    container,
    line,
    text,
  };
}
