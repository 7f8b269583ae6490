// `-o json` / `-o yaml` of a Pod, PodList, Event, EventList or List (also events.k8s.io/v1 Events).
import { createRequire } from 'node:module';
import type { Condition, ContainerInfo, ContainerState, EventRecord, Evidence, PodRecord } from '../model/evidence.js';
import { emptyEvidence } from '../model/evidence.js';

type Obj = Record<string, any>;

// The YAML reader is loaded for the first YAML paste only: most pastes are kubectl's tables and text.
const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml');

const YAML_HINT = /^(?:-\s+)?(?:apiVersion|kind|items|metadata):/m;
/** kubectl's YAML has only these lines at column 0: `key: ...`, `- ...`, `---`, comments; anything else is not YAML. */
const NOT_YAML_LINE = /^(?![ \t]|-(?:\s|$)|---|#|["']?[\w./-]+["']?:(?:\s|$)|$)/m;
/** The command a paste often starts with (`kubectl get pod x -o yaml`; the normaliser already took the prompt off). */
const LEADING_COMMANDS = /^(?:[ \t]*(?:sudo\s+)?(?:\S*\/)?(?:kubectl|oc|k)[ \t]+[^\n]*\n)+/;

/** kubectl's YAML nests a few dozen levels; the YAML library recurses, so a crafted 6000-deep paste is left to the text parser. */
const MAX_YAML_DEPTH = 200;

function tooDeep(text: string): boolean {
  let depth = 0;
  let indent = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
      continue;
    }
    // indentation and `- - - x` (a list in a list on one line) both nest
    if (lineStart && (c === 32 || (c === 45 && text.charCodeAt(i + 1) === 32))) {
      if (++indent > MAX_YAML_DEPTH * 2) return true;
      continue;
    }
    lineStart = false;
    if (c === 91 || c === 123) {
      if (++depth > MAX_YAML_DEPTH) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** Returns evidence when the whole text is JSON or YAML of Kubernetes objects; null otherwise. */
export function parseStructured(text: string): Evidence | null {
  const trimmed = text.trimStart().replace(LEADING_COMMANDS, '').trim();
  let docs: unknown[] | null = null;
  let kind: 'json' | 'yaml' = 'json';
  if (/^[{[]/.test(trimmed)) {
    try {
      docs = [JSON.parse(trimmed)];
    } catch {
      docs = null;
    }
  }
  // The line that is not YAML first: in other text it is near the top, where a missing hint takes the whole text.
  if (!docs && !NOT_YAML_LINE.test(trimmed) && YAML_HINT.test(trimmed) && !tooDeep(trimmed)) {
    kind = 'yaml';
    try {
      // uniqueKeys off: the library compares every key of a map with every other (quadratic in a hostile paste), and
      // kubectl never prints a key twice.
      const parsed = yaml().parseAllDocuments(trimmed, { prettyErrors: false, uniqueKeys: false });
      const list = Array.isArray(parsed) ? parsed : [parsed];
      if (list.some((d) => d.errors.length > 0)) return null;
      docs = list.map((d) => d.toJS({ maxAliasCount: 50 }));
    } catch {
      return null;
    }
  }
  if (!docs) return null;
  const evidence = emptyEvidence(kind);
  for (const doc of docs) collect(doc, evidence);
  return evidence.objects.length || evidence.events.length ? evidence : null;
}

/** Walks lists and `items` with a stack of its own: a 6000-deep array cannot overflow the call stack. */
function collect(root: unknown, evidence: Evidence): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    const obj = value as Obj;
    if (obj.kind === 'Pod' || (isObj(obj.spec) && obj.spec.containers && isObj(obj.status))) evidence.objects.push(toPod(obj));
    else if (obj.kind === 'Event' || (obj.reason && (obj.involvedObject || obj.regarding))) evidence.events.push(toEvent(obj));
    if (Array.isArray(obj.items)) stack.push(obj.items);
  }
}

/** Fields of an object that may be oddly shaped (a hand-edited paste, a faulty API server) are read defensively. */
function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
const objOf = (v: unknown): Obj => (isObj(v) ? v : {});
const listOf = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const textOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function toState(state: unknown): ContainerState | undefined {
  if (!isObj(state)) return undefined;
  const [name, detail] = Object.entries(state).find(([, v]) => v) ?? [];
  if (name !== 'waiting' && name !== 'running' && name !== 'terminated') return undefined;
  const d = objOf(detail);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return { state: name, reason: textOf(d.reason), message: textOf(d.message), exitCode: num(d.exitCode), signal: num(d.signal) };
}

function toContainers(specValue: unknown, statusValue: unknown, init: boolean): ContainerInfo[] {
  const spec = listOf(specValue);
  const statuses = listOf(statusValue);
  const byName = new Map<string, { c?: Obj; s?: Obj }>();
  for (const c of spec) if (textOf(c.name)) byName.set(textOf(c.name)!, { c });
  for (const s of statuses) if (textOf(s.name)) byName.set(textOf(s.name)!, { ...byName.get(textOf(s.name)!), s });
  return [...byName].map(([name, { c = {}, s = {} }]) => ({
    name,
    init,
    image: textOf(c.image) ?? textOf(s.image),
    state: toState(s.state),
    lastState: toState(s.lastState),
    ready: typeof s.ready === 'boolean' ? s.ready : undefined,
    restartCount: typeof s.restartCount === 'number' ? s.restartCount : undefined,
  }));
}

function toPod(obj: Obj): PodRecord {
  const status = objOf(obj.status);
  const metadata = objOf(obj.metadata);
  const spec = objOf(obj.spec);
  const conditions: Condition[] = listOf(status.conditions).map((c) => ({
    type: textOf(c.type) ?? '',
    status: textOf(c.status) ?? '',
    reason: textOf(c.reason),
    message: textOf(c.message),
  }));
  const phase = textOf(status.phase);
  return {
    kind: 'Pod',
    name: textOf(metadata.name) ?? '',
    namespace: textOf(metadata.namespace),
    node: textOf(spec.nodeName),
    status: metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(phase ?? '') ? 'Terminating' : phase,
    reason: textOf(status.reason),
    message: textOf(status.message),
    containers: [...toContainers(spec.initContainers, status.initContainerStatuses, true), ...toContainers(spec.containers, status.containerStatuses, false)],
    conditions,
    line: 1,
    text: `Pod ${textOf(metadata.namespace) ? textOf(metadata.namespace) + '/' : ''}${textOf(metadata.name) ?? ''}`,
  };
}

function toEvent(obj: Obj): EventRecord {
  const involved = objOf(obj.involvedObject ?? obj.regarding);
  const message = (textOf(obj.message) ?? textOf(obj.note) ?? '').trim();
  const container = /\{([^}]+)\}/.exec(textOf(involved.fieldPath) ?? '')?.[1];
  const source = textOf(objOf(obj.source).component) ?? textOf(obj.reportingController) ?? textOf(obj.reportingComponent);
  const node = textOf(objOf(obj.source).host) ?? textOf(objOf(obj.deprecatedSource).host);
  const count = [obj.count, objOf(obj.series).count, obj.deprecatedCount].find((c) => typeof c === 'number') as number | undefined;
  const name = textOf(involved.name);
  const kind = textOf(involved.kind);
  return {
    type: textOf(obj.type),
    reason: textOf(obj.reason) ?? '',
    count,
    source,
    node,
    message,
    object: name ? { kind: kind ?? 'Pod', name, namespace: textOf(involved.namespace) } : undefined,
    container,
    line: 1,
    text: [textOf(obj.type), textOf(obj.reason), name ? `${(kind ?? 'pod').toLowerCase()}/${name}` : '', message].filter(Boolean).join('  '),
  };
}
