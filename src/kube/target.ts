// What a reference names: the target typed (or a Slack PodRef), a pod's controller, a workload's label selector,
// and the names close to one that does not exist. Pure: names and API JSON in, names out.
import type { ObjectRef } from '../model/evidence.js';
import { isValidName, isValidNamespace, parsePodRef, type PodTarget } from '../parse/pod-ref.js';
import { JaroWinklerDistance as jaroWinkler } from '../util/natural.js';
import type { Json } from './reader.js';

const SUGGESTION_MIN = 0.8;
const MAX_SUGGESTIONS = 5;

/** Free text (parsePodRef) or a parsed target, checked and lower-cased; undefined when it names no pod. */
export function normaliseTarget(ref: string | PodTarget): PodTarget | undefined {
  if (typeof ref === 'string') return parsePodRef(ref);
  const name = ref.name?.trim().toLowerCase();
  const namespace = ref.namespace?.trim().toLowerCase() || undefined;
  if (!name) return undefined;
  // A Slack PodRef may carry "deployment/x" or "ns/x" in its name: parse it the same way.
  if (name.includes('/') || name.includes(' ')) {
    const parsed = parsePodRef(name);
    return parsed && { ...parsed, ...(ref.kind && { kind: ref.kind }), ...(namespace && { namespace }) };
  }
  if (!isValidName(name) || (namespace && !isValidNamespace(namespace))) return undefined;
  return { ...(ref.kind && { kind: ref.kind }), name, ...(namespace && { namespace }) };
}

export const qualified = (p: { namespace?: string; name: string }) => (p.namespace ? `${p.namespace}/${p.name}` : p.name);

/** A pod's controller; a ReplicaSet made by a Deployment is named as the Deployment (from pod-template-hash). */
export function ownerOf(pod: Json): ObjectRef | undefined {
  const refs: Json[] = pod.metadata?.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  if (!ref?.kind || !ref?.name) return undefined;
  const namespace = pod.metadata?.namespace;
  const hash = pod.metadata?.labels?.['pod-template-hash'];
  if (ref.kind === 'ReplicaSet' && hash && ref.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: ref.name.slice(0, -hash.length - 1), namespace };
  return { kind: ref.kind, name: ref.name, namespace };
}

/** `matchLabels` and `matchExpressions` as a label selector string. */
export function selectorString(selector: Json | undefined): string {
  const terms: string[] = [];
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) terms.push(`${k}=${v}`);
  for (const e of (selector?.matchExpressions ?? []) as Json[]) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') terms.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') terms.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') terms.push(e.key);
    else if (e.operator === 'DoesNotExist') terms.push(`!${e.key}`);
  }
  return terms.join(',');
}

/** "Did you mean": pod and workload names close to `name` (Jaro–Winkler), best first. */
export function suggest(name: string, candidates: { namespace?: string; name: string }[], max = MAX_SUGGESTIONS): string[] {
  const scored = new Map<string, number>();
  for (const c of candidates) {
    const score = jaroWinkler(name, c.name);
    const key = qualified(c);
    if (score >= SUGGESTION_MIN && score > (scored.get(key) ?? 0)) scored.set(key, score);
  }
  return [...scored.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([k]) => k);
}
