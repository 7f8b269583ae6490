// One event row, in every kubectl era's layout: describe's `Type Reason Age From Message`, `kubectl get events`
// (today's, -A, -o wide, and the pre-1.12 columns), the pre-1.8 `{kubelet node}` tables and bare `Warning Failed ...`.
import type { EventRecord, ObjectRef } from '../model/evidence.js';

const AGE = String.raw`(?:<unknown>|<invalid>|\d+(?:\.\d+)?[smhdy](?:\d+[smhd])?|[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} [\d:]{8} [+-]\d{4})`;
const AGE_WITH_COUNT = String.raw`(?<age>${AGE})(?:\s+\(x(?<count>\d+) over (?<over>[^)]+)\))?`;
const TYPE = String.raw`(?<type>Normal|Warning)`;
const REASON = String.raw`(?<reason>[A-Za-z][\w-]*)`;
const LEAD = String.raw`^[\s"'>*-]*`;

/** describe (1.8+): `  Warning  Failed  8s (x2 over 7s)  kubelet  Failed to pull image ...` */
const DESCRIBE_ROW = new RegExp(`${LEAD}${TYPE}\\s+${REASON}\\s+${AGE_WITH_COUNT}(?:\\s+(?<rest>.*))?$`);
/** get events (1.14+): `[NS]  87s  Warning  Failed  pod/name  message` */
const GET_EVENTS_ROW = new RegExp(
  String.raw`^\s*(?:(?<ns>[a-z0-9][-a-z0-9.]*)\s+)?(?<age>${AGE})(?:\s+\(x\d+ over [^)]+\))?\s+${TYPE}\s+${REASON}\s+(?<object>[a-z][a-z.]*\/(?:[^\s<]|<[^>]*>)+)\s+(?<rest>.*)$`,
);
/** get events 1.12/1.13: `87s  Warning  Failed  Pod  message` */
const GET_EVENTS_KIND_ROW = new RegExp(String.raw`^\s*(?<age>${AGE})\s+${TYPE}\s+${REASON}\s+(?<kind>Pod|Node|ReplicaSet|Deployment|StatefulSet|DaemonSet|Job|PersistentVolumeClaim)\s+(?<rest>.*)$`);
/** pre-1.12 get events: `LASTSEEN FIRSTSEEN COUNT NAME KIND SUBOBJECT TYPE REASON SOURCE MESSAGE` */
const OLD_GET_EVENTS_ROW = new RegExp(
  String.raw`^\s*(?<age>${AGE})\s+${AGE}\s+(?<count>\d+)\s+(?<name>\S+)\s+(?<kind>[A-Z]\w+)\s+(?:(?<path>spec\.\S+)\s+)?${TYPE}\s+${REASON}\s+(?<source>[\w.-]+(?:, [\w.-]+)?)\s+(?<rest>.*)$`,
);
/** pre-1.8 describe and 2015 tables: `... {kubelet node}  spec.containers{x}  [Warning]  Failed  message` */
const BRACED_SOURCE_ROW = new RegExp(
  String.raw`^(?<pre>.*?)\{(?<component>[\w-]+)\s*(?<host>[^}]*)\}\s+(?:(?<path>spec\.\S+|implicitly required container \S+)\s+)?(?:${TYPE}\s+)?${REASON}\s+(?<rest>.*)$`,
);
/** pre-1.8 describe with `kubelet, node` sources: `3m  3m  1  kubelet, node  spec.containers{x}  Warning  Failed  msg` */
const OLD_DESCRIBE_ROW = new RegExp(
  String.raw`^\s*(?<age>${AGE})\s+${AGE}\s+(?<count>\d+)\s+(?<source>[\w.-]+(?:, [\w.-]+)?)\s+(?:(?<path>spec\.\S+)\s+)?${TYPE}\s+${REASON}\s+(?<rest>.*)$`,
);
/** Anything else that names a type and a CamelCase reason: `Warning  Failed  Failed to pull image ...` */
const LOOSE_ROW = new RegExp(String.raw`${LEAD}${TYPE}\s+(?<reason>[A-Z][A-Za-z]+)\s+(?<rest>\S.*)$`);

const FIELD_PATH = /^spec\.(?:initContainers|containers|ephemeralContainers)\{([^}]+)\}:\s*/;
const SOURCE_TOKEN = /^(?<source>[a-z][a-z0-9._\/-]*(?:,\s*[^\s,]+)?)(?:\s{2,}|\s+(?=\S))/;
const NOT_A_SOURCE = /[{}:]/;

export function parseEventRow(raw: string, line: number): EventRecord | null {
  const text = raw.trim();
  let m: RegExpExecArray | null;
  if ((m = OLD_GET_EVENTS_ROW.exec(raw))) {
    const g = m.groups!;
    return build(g, line, text, { source: g.source, message: g.rest, object: { kind: g.kind, name: g.name }, path: g.path });
  }
  if ((m = GET_EVENTS_ROW.exec(raw))) {
    const g = m.groups!;
    return build(g, line, text, { message: g.rest, object: objectRef(g.object, g.ns) });
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
  if ((m = BRACED_SOURCE_ROW.exec(raw))) {
    const g = m.groups!;
    const host = g.host.trim();
    return build(g, line, text, { source: host ? `${g.component}, ${host}` : g.component, message: g.rest, path: g.path });
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
  return { kind: kind.charAt(0).toUpperCase() + kind.slice(1), name: object.slice(slash + 1), namespace };
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
