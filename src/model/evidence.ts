// The one evidence model every input format is parsed into, and the flat signals rules match against.

export type InputKind = 'describe-pod' | 'get-events' | 'get-pods' | 'json' | 'yaml' | 'log' | 'text' | 'mixed';

export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

export interface ContainerState {
  state: 'waiting' | 'running' | 'terminated';
  reason?: string;
  message?: string;
  exitCode?: number;
  signal?: number;
}

export interface ContainerInfo {
  name: string;
  init: boolean;
  image?: string;
  state?: ContainerState;
  lastState?: ContainerState;
  ready?: boolean;
  restartCount?: number;
  line?: number;
}

export interface EventRecord {
  type?: string;
  reason: string;
  age?: string;
  count?: number;
  source?: string;
  node?: string;
  message: string;
  object?: ObjectRef;
  container?: string;
  /** 1-based line in the normalised text where the event starts. */
  line: number;
  /** The event as one line, for showing as evidence. */
  text: string;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PodRecord extends ObjectRef {
  node?: string;
  /** Phase, or the STATUS column of `kubectl get pods`. */
  status?: string;
  reason?: string;
  message?: string;
  /** READY column of `kubectl get pods`, e.g. "0/1". */
  ready?: string;
  restarts?: number;
  containers: ContainerInfo[];
  conditions: Condition[];
  line?: number;
  text?: string;
}

interface TextLine {
  line: number;
  text: string;
}

export interface Evidence {
  kind: InputKind;
  objects: PodRecord[];
  events: EventRecord[];
  /** Lines no parser claimed: known messages are still found in them. */
  lines: TextLine[];
  /** Environment facts seen anywhere (node names, ...), used by rules' `where` and templates. */
  facts: Record<string, string[]>;
}

export type SignalSource = 'event' | 'state' | 'last-state' | 'pod' | 'status' | 'condition' | 'line';

/** One thing a rule can match: an event, a container state, a pod status, or a bare line. */
export interface Signal {
  source: SignalSource;
  reason?: string;
  message?: string;
  exitCode?: number;
  signal?: number;
  eventType?: string;
  /** The status had an `Init:` prefix, or the container is an init container. */
  init?: boolean;
  /** False when a `get pods` row or container shows not all containers ready. */
  ready?: boolean;
  restarts?: number;
  container?: string;
  image?: string;
  object?: ObjectRef;
  node?: string;
  line: number;
  /** What is shown as evidence. */
  text: string;
}

export const emptyEvidence = (kind: InputKind = 'text'): Evidence => ({ kind, objects: [], events: [], lines: [], facts: {} });
