// Where the target is: the namespace given or the default one first; then, for a name not found there, the same
// name in the other namespaces the requester may read, a workload of that name (from the pods' owners), or
// names close to it. Reads only what it needs, and keeps searching past a namespace it may not read.
import type { ObjectRef } from '../model/evidence.js';
import type { PodTarget, WorkloadKind } from '../parse/pod-ref.js';
import { mapLimit } from '../util/map-limit.js';
import type { NamespaceSet } from './config.js';
import { failed, type Failure, type Outcome, type Run } from './outcome.js';
import { type Json, KubeReadError, type ReadErrorKind } from './reader.js';
import { ownerOf, selectorString, suggest } from './target.js';
import { singlePod, workloadPods } from './workload.js';

/** Namespaces listed at once. */
const CONCURRENCY = 4;

/** Failures that say the search itself cannot work (rather than that one namespace is off limits). */
const FATAL: ReadErrorKind[] = ['unauthorized', 'timeout', 'unreachable', 'tls', 'server', 'too-large', 'malformed'];

/** A read that failed is a failure to report; anything else is a bug and is thrown. */
function readFailure(e: unknown, target: PodTarget, namespace: string | undefined): Outcome {
  if (!(e instanceof KubeReadError)) throw e;
  return failed({ reason: 'read', error: e, target, inNamespace: namespace });
}

/** `deployment/NAME` and friends: read the workload for its selector, then its pods. */
async function namedWorkload(kind: WorkloadKind, namespace: string, name: string, run: Run): Promise<Outcome | 'not-found'> {
  const target: PodTarget = { kind, name, namespace };
  let workload: Json;
  try {
    workload = await run.reader.readWorkload(kind, namespace, name);
  } catch (e) {
    if (e instanceof KubeReadError && e.kind === 'not-found') return 'not-found';
    return readFailure(e, target, namespace);
  }
  const selector = selectorString(workload.spec?.selector);
  let pods: Json[];
  try {
    pods = selector ? await run.reader.listPods(namespace, { labelSelector: selector }) : [];
  } catch (e) {
    return readFailure(e, target, namespace);
  }
  if (!pods.length) return failed({ reason: 'no-pods', kind, namespace, name, target, inNamespace: namespace });
  return workloadPods({ kind, name, namespace }, pods, run);
}

interface SearchResult {
  pods: Json[];
  /** Namespaces that could not be searched, with why. */
  failed: { namespace: string; error: KubeReadError }[];
}

/** Lists pods in each namespace of the scope ('*': one all-namespaces list), keeping going past failures. */
async function listScope(scope: NamespaceSet, run: Run, fieldSelector?: string): Promise<SearchResult> {
  const units: (string | undefined)[] = scope === '*' ? [undefined] : scope;
  const out: SearchResult = { pods: [], failed: [] };
  await mapLimit(units, CONCURRENCY, async (ns) => {
    try {
      out.pods.push(...(await run.reader.listPods(ns, fieldSelector ? { fieldSelector } : {})));
    } catch (e) {
      if (!(e instanceof KubeReadError)) throw e;
      out.failed.push({ namespace: ns ?? '*', error: e });
    }
  });
  return out;
}

/** The pod was not where we looked first: exact name elsewhere, else a workload of that name, else suggestions. */
async function search(target: PodTarget, scope: NamespaceSet, tried: string | undefined, run: Run): Promise<Outcome> {
  const at: Pick<Failure, 'target' | 'inNamespace'> = { target, inNamespace: target.namespace ?? tried };
  const wantPod = !target.kind || target.kind === 'Pod';
  const otherScope: NamespaceSet = scope === '*' ? '*' : scope.filter((ns) => ns !== tried);

  if (wantPod && (otherScope === '*' || otherScope.length)) {
    const exact = await listScope(otherScope, run, `metadata.name=${target.name}`);
    const found = exact.pods.filter((p) => p.metadata?.name === target.name && p.metadata?.namespace !== tried);
    if (found.length === 1) return singlePod(found[0], run);
    if (found.length > 1) {
      const matches = found.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
      return failed({ reason: 'several', name: target.name, matches, first: found[0].metadata.namespace, ...at });
    }
    const fatal = exact.failed.find((f) => FATAL.includes(f.error.kind));
    if (fatal) return failed({ reason: 'read', error: fatal.error, ...at });
  }

  const all = await listScope(scope, run);
  const fatal = all.failed.find((f) => FATAL.includes(f.error.kind));
  if (fatal && !all.pods.length) return failed({ reason: 'read', error: fatal.error, ...at });

  // A workload of that name (from the pods' owners: no read of the workload itself is needed).
  const owned = new Map<string, { owner: ObjectRef; pods: Json[] }>();
  for (const pod of all.pods) {
    const owner = ownerOf(pod);
    if (!owner || owner.name !== target.name || (target.kind && target.kind !== owner.kind)) continue;
    const key = `${owner.namespace}/${owner.kind}/${owner.name}`;
    const entry = owned.get(key) ?? { owner, pods: [] };
    entry.pods.push(pod);
    owned.set(key, entry);
  }
  if (owned.size === 1) {
    const [{ owner, pods }] = owned.values();
    return workloadPods(owner, pods, run);
  }
  if (owned.size > 1) {
    const matches = [...owned.values()].map((o) => `${o.owner.namespace}/${o.owner.kind.toLowerCase()}/${o.owner.name}`).sort();
    return failed({ reason: 'several', name: target.name, matches, first: [...owned.values()][0].owner.namespace ?? '', ...at });
  }

  const candidates: { namespace?: string; name: string }[] = [];
  for (const pod of all.pods) {
    candidates.push({ namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? '' });
    const owner = ownerOf(pod);
    if (owner) candidates.push({ namespace: owner.namespace, name: owner.name });
  }
  return failed({ reason: 'not-found', scope, suggestions: suggest(target.name, candidates), failed: all.failed, ...at });
}

/**
 * Finds and diagnoses `target` within `scope` (what the requester may read), looking in `first` first.
 * `target.namespace`, when given, is already known to be in the scope.
 */
export async function find(target: PodTarget, scope: NamespaceSet, first: string | undefined, run: Run): Promise<Outcome> {
  const searchScope: NamespaceSet = target.namespace ? [target.namespace] : scope;
  if (target.kind && target.kind !== 'Pod') {
    if (first) {
      const r = await namedWorkload(target.kind, first, target.name, run);
      if (r !== 'not-found') return r;
    }
    return search(target, searchScope, first, run);
  }
  if (first) {
    let pod: Json | undefined;
    try {
      pod = await run.reader.readPod(first, target.name);
    } catch (e) {
      if (!(e instanceof KubeReadError) || e.kind !== 'not-found') return readFailure(e, target, first);
    }
    if (pod) return singlePod(pod, run);
  }
  return search(target, searchScope, first, run);
}
