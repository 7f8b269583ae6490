// The shape of what the API server sent, checked before anything reads it: every field a live lookup reads has
// the type the Kubernetes API gives it (k8s.io/api core/v1, apps/v1 types.go). A field may be absent (the API
// leaves empty fields out, and a pod just created has no status yet); a field of the wrong type (a string where
// a list is expected, a number where an object is) makes the whole answer refused with the field's path,
// instead of a TypeError deep inside the lookup. Fields nobody reads are not checked.

export type Shape = 'string' | 'number' | 'boolean' | { readonly [field: string]: Shape } | readonly [Shape] | { readonly map: Shape };

const S = 'string';
const N = 'number';
const B = 'boolean';

const META = {
  name: S,
  namespace: S,
  uid: S,
  deletionTimestamp: S,
  labels: { map: S },
  finalizers: [S],
  ownerReferences: [{ kind: S, name: S, controller: B }],
} as const;
const STATE = {
  waiting: { reason: S, message: S },
  running: { startedAt: S },
  terminated: { exitCode: N, signal: N, reason: S, message: S, startedAt: S, finishedAt: S },
} as const;
const CONTAINER_STATUS = { name: S, ready: B, started: B, restartCount: N, image: S, state: STATE, lastState: STATE } as const;
const CONTAINER = { name: S, image: S, restartPolicy: S } as const;
const CONDITION = { type: S, status: S, reason: S, message: S } as const;

export const POD: Shape = {
  metadata: META,
  spec: { nodeName: S, containers: [CONTAINER], initContainers: [CONTAINER] },
  status: { phase: S, reason: S, message: S, conditions: [CONDITION], containerStatuses: [CONTAINER_STATUS], initContainerStatuses: [CONTAINER_STATUS] },
};
export const EVENT: Shape = {
  metadata: META,
  type: S,
  reason: S,
  message: S,
  count: N,
  involvedObject: { kind: S, name: S, namespace: S, uid: S, fieldPath: S },
  source: { component: S, host: S },
  reportingController: S,
  reportingComponent: S,
  firstTimestamp: S,
  lastTimestamp: S,
  eventTime: S,
  series: { count: N, lastObservedTime: S },
};
export const NODE: Shape = { metadata: META, spec: { unschedulable: B, taints: [{ key: S, value: S, effect: S }] }, status: { conditions: [CONDITION] } };
export const WORKLOAD: Shape = {
  metadata: META,
  spec: { selector: { matchLabels: { map: S }, matchExpressions: [{ key: S, operator: S, values: [S] }] } },
};
export const listOf = (item: Shape): Shape => ({ metadata: { continue: S }, items: [item] });

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);
const wanted = (shape: Shape) => (typeof shape === 'string' ? `a ${shape}` : Array.isArray(shape) ? 'a list' : 'an object');

/**
 * A field of `value` that does not have its shape, as `path: expected X, got Y`; undefined when all do.
 * Iterative (an explicit stack), so a deeply nested answer cannot overflow the call stack.
 */
export function shapeError(value: unknown, shape: Shape): string | undefined {
  const stack: { value: unknown; shape: Shape; path: string; item?: boolean }[] = [{ value, shape, path: '' }];
  while (stack.length) {
    const { value: v, shape: s, path, item } = stack.pop()!;
    // An absent field, or a null one (`firstTimestamp: null`), is fine; a null list item or answer is not.
    if (v === undefined || (v === null && path !== '' && !item)) continue;
    const ok = typeof s === 'string' ? typeof v === s : Array.isArray(s) ? Array.isArray(v) : v !== null && typeof v === 'object' && !Array.isArray(v);
    if (!ok) return `${path || 'the answer'}: expected ${wanted(s)}, got ${typeOf(v)}`;
    if (typeof s === 'string') continue;
    if (Array.isArray(s)) {
      (v as unknown[]).forEach((x, i) => stack.push({ value: x, shape: s[0], path: `${path}[${i}]`, item: true }));
    } else if ('map' in s && Object.keys(s).length === 1) {
      for (const [k, item] of Object.entries(v as object)) stack.push({ value: item, shape: s.map as Shape, path: `${path}.${k}` });
    } else {
      for (const [k, sub] of Object.entries(s)) stack.push({ value: (v as Record<string, unknown>)[k], shape: sub as Shape, path: path ? `${path}.${k}` : k });
    }
  }
  return undefined;
}
