// One pass over pasted lines: `kubectl describe pod` blocks (any number, or fragments), event rows of every era,
// `kubectl get pods` rows, runtime log lines; every line no parser claims is kept for the rules.
import type { ContainerInfo, ContainerState, EventRecord, Evidence, InputKind, PodRecord } from '../model/evidence.js';
import { emptyEvidence } from '../model/evidence.js';
import { parseEventRow } from './event-row.js';

const TOP_FIELD =
  /^(N?ame|Namespace|Priority|Priority Class Name|Runtime Class Name|Service Account|Node|Start Time|Labels|Annotations|Status|Reason|Message|SeccompProfile|IP|IPs|Controlled By|NominatedNodeName|Init Containers|Containers|Ephemeral Containers|Readiness Gates|Conditions|Volumes|QoS Class|Node-Selectors|Tolerations|Topology Spread Constraints|Events|Termination Grace Period|Resources):(?:\s+(.*))?$/;
const FIELD = /^(\s*)([A-Za-z][\w ./-]*?):(?:\s+(.*))?$/;
const EVENTS_HEADER =
  /^\s*(?:Type\s+Reason\s+Age\s+From\s+Message|FirstSeen\s+LastSeen\s+Count|Time\s+From\s+SubobjectPath|LAST SEEN\s+TYPE|LASTSEEN\s+FIRSTSEEN|NAMESPACE\s+LAST SEEN)/i;
const UNDERLINE = /^[\s-]+$/;
const PODS_HEADER = /^\s*(?:NAMESPACE\s+)?NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/;
const POD_ROW =
  /^\s*(?:(?<ns>[a-z0-9][-a-z0-9.]*)\s+)?(?<name>[a-z0-9][-a-z0-9.]*)\s+(?<ready>\d+\/\d+)\s+(?<status>[A-Za-z][\w:/-]*)\s+(?<restarts>\d+)(?:\s+\((?<ago>[^)]*)\))?\s+(?<age>\d+[smhdy]\w*|<unknown>|<invalid>)(?:\s+(?<ip>\S+)\s+(?<node>\S+))?/;
/** A `get pods` row the user cut after STATUS: `monitorms-mmqhm   0/1   ImagePullBackOff`. */
const SHORT_POD_ROW = /^\s*(?:(?<ns>[a-z0-9][-a-z0-9.]*)\s+)?(?<name>[a-z0-9][-a-z0-9.]*)\s+(?<ready>\d+\/\d+)\s+(?<status>[A-Z][\w:/-]*)\s*$/;
const COMMAND = /^\s*(?:sudo\s+)?(?:\S*\/)?(?:kubectl|oc|k|minikube kubectl --|microk8s kubectl|k3s kubectl)\s+\S/;
/** `kubectl describe pod web-0 -n shop` / `describe po/web-0`: names the pod of a describe fragment that lacks `Name:`. */
const DESCRIBE_COMMAND = /\bdescribe\s+(?:(?:pods?|po)\s+|(?:pods?|po)\/)/;
/** The container fields that start a container block pasted without its `Containers:` / `  name:` lines. */
const CONTAINER_FRAGMENT = /^\s*(?:Last )?State:\s+(?:Waiting|Running|Terminated)\s*$|^\s+Container ID:/;
/** The scheduler's event names the pod: `Successfully assigned shop/web-0 to node-a` (no namespace before 1.10). */
export const ASSIGNED = /Successfully assigned (?:(?<ns>[\w.-]+)\/)?(?<pod>[\w.-]+) to (?<node>\S+)/;
const JOURNAL =
  /^(?:[A-Z][a-z]{2} +\d{1,2} [\d:]{8}(?:\.\d+)?|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-][\d:]+)?) (?<host>\S+) (?<proc>[\w.-]+)(?:\[\d+\])?: (?<rest>.*)$/;
const KLOG_HEADER = /^[IWEF]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] /;
const CONDITION_ROW = /^\s+(\w+)\s+(True|False|Unknown)\s*$/;
const MAX_CONTINUATION = 40;
const MAX_FACT_VALUES = 20;

type Section = 'none' | 'containers' | 'init-containers' | 'conditions' | 'events' | 'other';

interface State {
  evidence: Evidence;
  kinds: Set<InputKind>;
  pod: PodRecord | null;
  container: ContainerInfo | null;
  /** Which container state block (State / Last State) the indented Reason/Exit Code lines belong to. */
  stateBlock: 'state' | 'lastState' | null;
  section: Section;
  lastEvent: EventRecord | null;
  continuation: number;
  lastJournal: { line: number; text: string } | null;
  /** Pod named by the last `kubectl describe pod NAME` command, for a fragment that follows without `Name:`. */
  commandPod: { name: string; namespace?: string } | null;
}

export function parseText(text: string): Evidence {
  const st: State = {
    evidence: emptyEvidence(),
    kinds: new Set(),
    pod: null,
    container: null,
    stateBlock: null,
    section: 'none',
    lastEvent: null,
    continuation: 0,
    lastJournal: null,
    commandPod: null,
  };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) scanLine(st, lines[i], i + 1);
  flushJournal(st);
  const kinds = [...st.kinds];
  st.evidence.kind = kinds.length === 0 ? 'text' : kinds.length === 1 ? kinds[0] : 'mixed';
  return st.evidence;
}

function scanLine(st: State, raw: string, line: number): void {
  if (!raw.trim()) {
    st.lastEvent = null;
    flushJournal(st);
    return;
  }
  if (COMMAND.test(raw)) {
    // An indented one is a container's Command/Args in describe output, not something the user typed.
    if (/^\S/.test(raw)) {
      st.commandPod = describedPod(raw);
      st.pod = null; // what follows a typed command is new output
      st.section = 'none';
      st.lastEvent = null;
    }
    return;
  }

  const journal = JOURNAL.exec(raw);
  if (journal) {
    flushJournal(st);
    st.kinds.add('log');
    addFact(st.evidence, 'node', journal.groups!.host);
    st.lastJournal = { line, text: journal.groups!.rest.replace(KLOG_HEADER, '') };
    return;
  }
  if (st.lastJournal && /^\s/.test(raw)) {
    st.lastJournal.text += ' ' + raw.trim();
    return;
  }
  flushJournal(st);

  const top = TOP_FIELD.exec(raw);
  if (top && (top[1] !== 'Status' || st.pod || !st.lastEvent)) {
    describeField(st, top[1] === 'ame' ? 'Name' : top[1], (top[2] ?? '').trim(), line);
    return;
  }
  if (EVENTS_HEADER.test(raw)) {
    st.section = 'events';
    st.lastEvent = null;
    return;
  }
  if (PODS_HEADER.test(raw)) {
    st.section = 'other';
    return;
  }
  if (UNDERLINE.test(raw)) return;

  if (startsContainerFragment(st, raw)) {
    st.section = 'containers';
    st.container = null;
  }
  if (st.section === 'containers' || st.section === 'init-containers') {
    if (containerLine(st, raw, line)) return;
  }
  if (st.section === 'conditions') {
    const c = CONDITION_ROW.exec(raw);
    if (c && st.pod) {
      st.pod.conditions.push({ type: c[1], status: c[2] });
      return;
    }
    if (/^\s+Type\s+Status/.test(raw)) return;
  }

  const event = parseEventRow(raw, line);
  if (event) {
    addEvent(st, event);
    return;
  }
  const pod = POD_ROW.exec(raw) ?? SHORT_POD_ROW.exec(raw);
  if (pod) {
    addPodRow(st, pod.groups!, raw, line);
    return;
  }
  if (st.lastEvent && st.continuation < MAX_CONTINUATION && (!/^\s/.test(raw) || st.section === 'events')) {
    // kubectl prints a message's embedded newlines at column 0; chat clients and terminals wrap long rows.
    st.lastEvent.message += ' ' + raw.trim();
    st.lastEvent.text += ' ' + raw.trim();
    st.continuation++;
    return;
  }
  if (st.section === 'other' && st.pod && /^\s/.test(raw)) return; // Labels, Volumes, Tolerations ... values
  st.evidence.lines.push({ line, text: raw.trim().replace(KLOG_HEADER, '') });
}

function describeField(st: State, key: string, value: string, line: number): void {
  st.kinds.add('describe-pod');
  st.lastEvent = null;
  if (key === 'Name' && (!st.pod || st.pod.name)) {
    st.pod = { kind: 'Pod', name: value, containers: [], conditions: [], line, text: `Name: ${value}` };
    st.evidence.objects.push(st.pod);
    st.section = 'none';
    return;
  }
  const pod = st.pod ?? newFragmentPod(st, line);
  switch (key) {
    case 'Name':
      pod.name = value;
      break;
    case 'Namespace':
      pod.namespace = value;
      break;
    case 'Node': {
      const node = value.split('/')[0];
      if (node && node !== '<none>') {
        pod.node = node;
        addFact(st.evidence, 'node', node);
      }
      break;
    }
    case 'Status':
      pod.status = value.startsWith('Terminating') ? 'Terminating' : value;
      break;
    case 'Reason':
      pod.reason = value;
      break;
    case 'Message':
      pod.message = value;
      break;
  }
  st.section =
    key === 'Containers'
      ? 'containers'
      : key === 'Init Containers'
        ? 'init-containers'
        : key === 'Conditions'
          ? 'conditions'
          : key === 'Events'
            ? 'events'
            : [
                  'Labels',
                  'Annotations',
                  'Volumes',
                  'Tolerations',
                  'Node-Selectors',
                  'IPs',
                  'Readiness Gates',
                  'Topology Spread Constraints',
                  'Ephemeral Containers',
                  'Resources',
                ].includes(key)
              ? 'other'
              : 'none';
  st.container = null;
  st.stateBlock = null;
}

/** A container block pasted on its own (no `Containers:` line); not inside a pod's Ephemeral Containers or Volumes. */
function startsContainerFragment(st: State, raw: string): boolean {
  if (st.section === 'containers' || st.section === 'init-containers' || (st.pod && st.section === 'other')) return false;
  return CONTAINER_FRAGMENT.test(raw);
}

function newFragmentPod(st: State, line: number): PodRecord {
  st.pod = { kind: 'Pod', name: st.commandPod?.name ?? '', namespace: st.commandPod?.namespace, containers: [], conditions: [], line };
  st.commandPod = null;
  st.evidence.objects.push(st.pod);
  return st.pod;
}

function describedPod(command: string): { name: string; namespace?: string } | null {
  const m = DESCRIBE_COMMAND.exec(command);
  if (!m) return null;
  const words = command
    .slice(m.index + m[0].length)
    .trim()
    .split(/\s+/);
  const namespace = /(?:^|\s)(?:-n|--namespace)[\s=]+([a-z0-9][-a-z0-9.]*)/.exec(command)?.[1];
  for (let i = 0; i < words.length; i++) {
    if (/^-(?:n|l|o|-namespace|-selector|-context)$/.test(words[i]))
      i++; // a flag and its value
    else if (/^[a-z0-9][-a-z0-9.]*$/.test(words[i])) return { name: words[i], namespace };
    else if (!words[i].startsWith('-')) return null;
  }
  return null;
}

function containerLine(st: State, raw: string, line: number): boolean {
  const f = FIELD.exec(raw);
  if (!f) return /^\s{4,}/.test(raw); // Command/Args items, env continuation: not evidence
  const [, indent, key, rawValue] = f;
  const value = (rawValue ?? '').trim();
  const pod = st.pod ?? newFragmentPod(st, line);
  const isKnownKey =
    /^(Container ID|Image|Image ID|Ports?|Host Ports?|Command|Args|State|Last State|Reason|Message|Exit Code|Signal|Started|Finished|Ready|Restart Count|Limits|Requests|Liveness|Readiness|Startup|Environment|Environment Variables from|Mounts|Devices|cpu|memory|ephemeral-storage)$/.test(
      key,
    );
  if (!value && !isKnownKey && indent.length <= 2) {
    st.container = { name: key.trim(), init: st.section === 'init-containers', line };
    pod.containers.push(st.container);
    st.stateBlock = null;
    return true;
  }
  // A container block pasted without its name line (`State:`, `Container ID:` first) gets a nameless container.
  if (!st.container && isKnownKey && indent.length > 2 && CONTAINER_FRAGMENT.test(raw)) {
    st.container = { name: '', init: st.section === 'init-containers', line };
    pod.containers.push(st.container);
  }
  const c = st.container;
  if (!c) return isKnownKey;
  switch (key) {
    case 'Image':
      c.image = value;
      addFact(st.evidence, 'image', value);
      break;
    case 'State':
      c.state = { state: stateName(value) };
      st.stateBlock = 'state';
      break;
    case 'Last State':
      c.lastState = { state: stateName(value) };
      st.stateBlock = 'lastState';
      break;
    case 'Reason':
    case 'Message':
    case 'Exit Code':
    case 'Signal': {
      const s: ContainerState | undefined = st.stateBlock ? c[st.stateBlock] : undefined;
      if (!s) break;
      if (key === 'Reason') s.reason = value;
      else if (key === 'Message') s.message = value;
      else if (key === 'Exit Code') s.exitCode = Number(value);
      else s.signal = Number(value);
      break;
    }
    case 'Ready':
      c.ready = /^true$/i.test(value);
      st.stateBlock = null;
      break;
    case 'Restart Count':
      c.restartCount = Number(value);
      break;
    default:
      if (!['Started', 'Finished'].includes(key)) st.stateBlock = null;
  }
  return true;
}

function stateName(value: string): ContainerState['state'] {
  return /^running/i.test(value) ? 'running' : /^terminated/i.test(value) ? 'terminated' : 'waiting';
}

function addEvent(st: State, event: EventRecord): void {
  st.kinds.add(event.object ? 'get-events' : 'describe-pod');
  if (st.section !== 'events' && st.pod && !event.object) st.section = 'events';
  if (st.pod && !event.object && st.section === 'events') {
    if (!st.pod.name || !st.pod.namespace) nameFragmentPod(st, st.pod, ASSIGNED.exec(event.message)?.groups);
    event.object = { kind: 'Pod', name: st.pod.name, namespace: st.pod.namespace };
  }
  if (event.node) addFact(st.evidence, 'node', event.node);
  st.evidence.events.push(event);
  st.lastEvent = event;
  st.continuation = 0;
}

/** A describe fragment without `Name:`/`Namespace:` learns them from the scheduler's event; its earlier events too. */
function nameFragmentPod(st: State, pod: PodRecord, assigned: Record<string, string> | undefined): void {
  if (!assigned || (pod.name && pod.name !== assigned.pod)) return;
  const before = pod.name;
  pod.name = assigned.pod;
  pod.namespace ??= assigned.ns;
  for (const e of st.evidence.events) {
    if (e.object?.kind === 'Pod' && e.object.name === before && !e.object.namespace && e.line >= (pod.line ?? 0)) {
      e.object = { kind: 'Pod', name: pod.name, namespace: pod.namespace };
    }
  }
}

function addPodRow(st: State, g: Record<string, string | undefined>, raw: string, line: number): void {
  st.kinds.add('get-pods');
  st.lastEvent = null;
  st.evidence.objects.push({
    kind: 'Pod',
    name: g.name!,
    namespace: g.ns,
    status: g.status,
    ready: g.ready,
    restarts: g.restarts === undefined ? undefined : Number(g.restarts),
    node: g.node && g.node !== '<none>' ? g.node : undefined,
    containers: [],
    conditions: [],
    line,
    text: raw.trim().replace(/\s{2,}/g, '   '),
  });
  if (g.node && g.node !== '<none>') addFact(st.evidence, 'node', g.node);
}

function flushJournal(st: State): void {
  if (!st.lastJournal) return;
  st.evidence.lines.push(st.lastJournal);
  st.lastJournal = null;
}

export function addFact(evidence: Evidence, name: string, value: string | undefined): void {
  if (!value) return;
  const list = (evidence.facts[name] ??= []);
  // Facts are hints (node names, images): a handful is enough, and a 5 MB paste must not make this quadratic.
  if (list.length < MAX_FACT_VALUES && !list.includes(value)) list.push(value);
}
