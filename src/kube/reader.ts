// The reads a live lookup needs, as an interface: `client.ts` implements it with @kubernetes/client-node.
// Objects are plain API JSON (what `kubectl get -o json` prints), so the paste parser's converter reads them.
import type { WorkloadKind } from '../parse/pod-ref.js';

export type Json = Record<string, any>;

export type ReadErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'server'
  | 'timeout'
  | 'unreachable'
  | 'tls'
  | 'bad-request'
  /** The answer was larger than a reader holds (client.ts MAX_RESPONSE_BYTES). */
  | 'too-large'
  /** The answer was not the object the API defines (a field of the wrong type, not JSON). */
  | 'malformed'
  | 'other';

/** A read that failed, classified; `detail` is the API server's own message (or the network error), redacted. */
export class KubeReadError extends Error {
  constructor(
    readonly kind: ReadErrorKind,
    /** What was being read, e.g. `pod "x" in namespace "default"`. */
    readonly what: string,
    readonly detail: string,
    readonly status?: number,
    readonly reason?: string,
  ) {
    super(`${what}: ${status ? `${status} ` : ''}${reason ? `${reason}: ` : ''}${detail}`);
    this.name = 'KubeReadError';
  }
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface KubeReader {
  /** The kubeconfig context in use (undefined in-cluster). */
  readonly context?: string;
  /** The API server URL, for messages. */
  readonly server?: string;
  /** The context's (or service account's) namespace. */
  readonly namespace?: string;
  readonly timeoutMs: number;
  readPod(namespace: string, name: string): Promise<Json>;
  /** `namespace` undefined: all namespaces. */
  listPods(namespace: string | undefined, options?: ListOptions): Promise<Json[]>;
  /** The events `kubectl describe pod` shows: field selector on the involved object's name, namespace and uid. */
  listPodEvents(namespace: string, name: string, uid?: string): Promise<Json[]>;
  readNode(name: string): Promise<Json>;
  readWorkload(kind: WorkloadKind, namespace: string, name: string): Promise<Json>;
  /** The tail of the previous (crashed) instance's log. */
  readPreviousLog(namespace: string, pod: string, container: string, tailLines: number): Promise<string>;
}
