// Live diagnosis by name: find the pod (or a workload's pods) where the requester may read, read its status,
// events, node and previous log, build the same evidence as a paste, run the same rules. Reads only, every read
// bounded; every failure becomes a sentence that says what could not be read and what to paste instead.
import { createRequire } from 'node:module';
import { diagnoseEvidence, type Diagnosis, type Finding, type LiveGroup, type LiveSummary } from '../diagnose/diagnose.js';
import type { ObjectRef } from '../model/evidence.js';
import { toSignals } from '../parse/signals.js';
import type { KnowledgeBase } from '../rules/load.js';
import type { Lang } from '../model/lang.js';
import { connect, KubeNotConfiguredError } from './client.js';
import { accessFor, allows, type LiveConfig, type NamespaceSet, type Requester } from './config.js';
import { crashedContainers, nodeConditionLines, podEvidence, summarisePod, suspectNode, type PodSummary } from './evidence.js';
import { km } from './messages.js';
import { KubeReadError, type Json, type KubeReader, type ReadErrorKind } from './reader.js';
import { isValidName, isValidNamespace, parsePodRef, type PodTarget, type WorkloadKind } from '../parse/pod-ref.js';
import { mapLimit } from '../util/map-limit.js';

// natural's index loads every module it has (about a second); only the distance is needed.
const require = createRequire(import.meta.url);
const jaroWinkler: (a: string, b: string) => number = require('natural/lib/natural/distance/jaro-winkler_distance.js');

export interface LookupDeps {
  kb: KnowledgeBase;
  config: LiveConfig;
  /** Injected reader (tests, or one shared client); otherwise one is made from `config`. */
  reader?: KubeReader;
  lang?: Lang;
}

type LookupFailure = 'bad-ref' | 'not-configured' | 'user' | 'channel' | 'namespace' | 'several' | 'no-pods' | ReadErrorKind;

export type LookupResult =
  | { kind: 'diagnosis'; diagnosis: Diagnosis }
  | {
      kind: 'message';
      /** One paragraph for the user, in the requested language, ending with what to paste instead. */
      text: string;
      reason: LookupFailure;
      /** "did you mean" candidates (`ns/name`), best first. */
      suggestions?: string[];
      /** Where a name exists when it exists in several namespaces (`ns/name`). */
      matches?: string[];
    };

const SUGGESTION_MIN = 0.8;
const MAX_SUGGESTIONS = 5;
const MAX_LOGS = 3;
const CONCURRENCY = 4;

interface Run {
  reader: KubeReader;
  config: LiveConfig;
  kb: KnowledgeBase;
  lang: Lang;
}

const nsList = (set: NamespaceSet, lang: Lang) => (set === '*' ? km(lang, 'allNamespaces') : set.length ? set.map((n) => `\`${n}\``).join(', ') : '-');

function pasteCommand(target: PodTarget, namespace: string | undefined): string {
  const ns = namespace ?? '<namespace>';
  if (target.kind && target.kind !== 'Pod') return `kubectl get events -n ${ns} --sort-by=.lastTimestamp`;
  return `kubectl describe pod ${target.name} -n ${ns}`;
}

function message(
  run: Pick<Run, 'lang'>,
  reason: LookupFailure,
  text: string,
  paste: string,
  extra: { suggestions?: string[]; matches?: string[] } = {},
): LookupResult {
  return { kind: 'message', reason, text: `${text} ${km(run.lang, 'pasteInstead', { command: paste })}`, ...extra };
}

function errorText(e: KubeReadError, run: Run): string {
  const server = run.reader.server ? ` ${run.reader.server}` : '';
  const vars = {
    what: e.what,
    detail: e.detail,
    server,
    context: run.reader.context ? ` (context ${run.reader.context})` : '',
    seconds: Math.round(run.reader.timeoutMs / 100) / 10,
  };
  switch (e.kind) {
    case 'unauthorized':
      return km(run.lang, 'unauthorized', vars);
    case 'forbidden':
      return km(run.lang, 'forbidden', vars);
    case 'server':
      return km(run.lang, 'server', { ...vars, status: `${e.status ?? ''} ${e.reason ?? ''}`.trim() });
    case 'timeout':
      return km(run.lang, 'timeout', vars);
    case 'unreachable':
      return km(run.lang, 'unreachable', vars);
    case 'tls':
      return km(run.lang, 'tls', vars);
    case 'too-large':
      return km(run.lang, 'tooLarge', vars);
    case 'malformed':
      return km(run.lang, 'malformed', vars);
    default:
      return km(run.lang, 'other', vars);
  }
}

function readFailure(e: unknown, run: Run, target: PodTarget, namespace: string | undefined): LookupResult {
  if (!(e instanceof KubeReadError)) throw e;
  return message(run, e.kind, errorText(e, run), pasteCommand(target, namespace));
}

/** Short note for what could not be read next to a diagnosis. */
const noteDetail = (e: unknown) =>
  e instanceof KubeReadError
    ? `${e.status ? `${e.status} ` : ''}${e.reason ?? e.kind}${e.detail && e.kind !== 'forbidden' ? ` (${e.detail})` : ''}`
    : String(e);

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

interface PodResult {
  diagnosis: Diagnosis;
  summary: PodSummary;
  notes: string[];
  owner?: ObjectRef;
}

/** Everything about one pod that is allowed and useful, then the rules. */
async function diagnosePod(pod: Json, run: Run): Promise<PodResult> {
  const { reader, config, lang } = run;
  const name: string = pod.metadata?.name;
  const namespace: string = pod.metadata?.namespace;
  const notes: string[] = [];
  let events: Json[] = [];
  try {
    events = await reader.listPodEvents(namespace, name, pod.metadata?.uid);
  } catch (e) {
    if (!(e instanceof KubeReadError)) throw e;
    notes.push(km(lang, 'noteEvents', { detail: noteDetail(e) }));
  }
  const nodeLines: string[] = [];
  const node: string | undefined = pod.spec?.nodeName;
  if (config.readNodes && node && suspectNode(pod, events)) {
    try {
      nodeLines.push(...nodeConditionLines(await reader.readNode(node)));
    } catch (e) {
      if (!(e instanceof KubeReadError)) throw e;
      notes.push(km(lang, 'noteNode', { node, detail: noteDetail(e) }));
    }
  }
  const logs: { container: string; text: string }[] = [];
  if (config.readLogs) {
    for (const container of crashedContainers(pod).slice(0, MAX_LOGS)) {
      try {
        logs.push({ container, text: await reader.readPreviousLog(namespace, name, container, config.logLines) });
      } catch (e) {
        if (!(e instanceof KubeReadError)) throw e;
        notes.push(km(lang, 'noteLog', { container, detail: noteDetail(e) }));
      }
    }
  }
  const owner = ownerOf(pod);
  const evidence = podEvidence(pod, events, { nodeLines, logs, owner });
  const diagnosis = diagnoseEvidence(evidence, toSignals(evidence), run.kb, { lang });
  return { diagnosis, summary: summarisePod(pod), notes, owner };
}

function groupOf(r: PodResult): LiveGroup {
  const best = r.diagnosis.findings[0];
  return {
    count: 1,
    pods: [r.summary.name],
    status: r.summary.status,
    ...(best && { rule: best.rule, category: best.category }),
    title: best?.title ?? r.summary.status,
  };
}

async function singlePod(pod: Json, run: Run): Promise<LookupResult> {
  const r = await diagnosePod(pod, run);
  const live: LiveSummary = {
    target: { kind: 'Pod', name: r.summary.name, namespace: r.summary.namespace },
    ...(r.owner && { owner: r.owner }),
    ...(run.reader.context && { context: run.reader.context }),
    pods: 1,
    groups: [groupOf(r)],
    notes: r.notes,
  };
  return { kind: 'diagnosis', diagnosis: { ...r.diagnosis, live } };
}

/** A workload's pods: healthy ones counted, failing ones diagnosed one by one and grouped by their first finding. */
async function workloadPods(target: ObjectRef, pods: Json[], run: Run): Promise<LookupResult> {
  const summaries = pods.map((p) => ({ pod: p, summary: summarisePod(p) }));
  const failing = summaries.filter((s) => !s.summary.healthy);
  const healthy = summaries.filter((s) => s.summary.healthy);
  const examined = failing.slice(0, run.config.maxPods);
  const results = await mapLimit(examined, CONCURRENCY, (s) => diagnosePod(s.pod, run));

  const byKey = new Map<string, { group: LiveGroup; results: PodResult[] }>();
  for (const r of results) {
    const g = groupOf(r);
    const key = g.rule ?? `status:${g.status}`;
    const entry = byKey.get(key);
    if (entry) {
      entry.group.count++;
      entry.group.pods.push(r.summary.name);
      entry.results.push(r);
    } else byKey.set(key, { group: g, results: [r] });
  }
  const confidence = (e: { results: PodResult[] }) => e.results[0].diagnosis.findings[0]?.confidence ?? 0;
  const failingGroups = [...byKey.values()].sort((a, b) => b.group.count - a.group.count || confidence(b) - confidence(a));
  const groups = failingGroups.map((e) => e.group);
  if (healthy.length) {
    groups.push({ count: healthy.length, pods: healthy.map((h) => h.summary.name), status: healthy[0].summary.status, title: healthy[0].summary.status });
  }
  const notes = [...new Set(results.flatMap((r) => r.notes))];
  if (failing.length > examined.length) notes.push(km(run.lang, 'notePodsCapped', { shown: examined.length, total: failing.length }));

  const representative = failingGroups[0]?.results[0];
  let diagnosis: Diagnosis;
  if (representative) {
    const findings: Finding[] = [...representative.diagnosis.findings];
    for (const e of failingGroups.slice(1)) {
      const f = e.results[0].diagnosis.findings[0];
      if (f && !findings.some((x) => x.rule === f.rule)) findings.push(f);
    }
    diagnosis = {
      ...representative.diagnosis,
      findings,
      input: { ...representative.diagnosis.input, objects: [target, ...representative.diagnosis.input.objects] },
    };
  } else {
    diagnosis = { input: { kind: 'json', objects: [target] }, findings: [], lang: run.lang };
  }
  const owner = representative?.owner;
  diagnosis.live = {
    target,
    ...(owner && (owner.kind !== target.kind || owner.name !== target.name) && { owner }),
    ...(run.reader.context && { context: run.reader.context }),
    pods: pods.length,
    groups,
    notes,
  };
  return { kind: 'diagnosis', diagnosis };
}

/** `deployment/NAME` and friends: read the workload for its selector, then its pods. */
async function namedWorkload(kind: WorkloadKind, namespace: string, name: string, run: Run): Promise<LookupResult | 'not-found'> {
  const target: PodTarget = { kind, name, namespace };
  let workload: Json;
  try {
    workload = await run.reader.readWorkload(kind, namespace, name);
  } catch (e) {
    if (e instanceof KubeReadError && e.kind === 'not-found') return 'not-found';
    return readFailure(e, run, target, namespace);
  }
  const selector = selectorString(workload.spec?.selector);
  let pods: Json[];
  try {
    pods = selector ? await run.reader.listPods(namespace, { labelSelector: selector }) : [];
  } catch (e) {
    return readFailure(e, run, target, namespace);
  }
  if (!pods.length) return message(run, 'no-pods', km(run.lang, 'noPods', { kind: kind.toLowerCase(), namespace, name }), pasteCommand(target, namespace));
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

const FATAL: ReadErrorKind[] = ['unauthorized', 'timeout', 'unreachable', 'tls', 'server', 'too-large', 'malformed'];

const qualified = (p: { namespace?: string; name: string }) => (p.namespace ? `${p.namespace}/${p.name}` : p.name);

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

/** The pod was not where we looked first: exact name elsewhere, else a workload of that name, else suggestions. */
async function search(target: PodTarget, scope: NamespaceSet, tried: string | undefined, run: Run): Promise<LookupResult> {
  const paste = pasteCommand(target, target.namespace ?? tried);
  const wantPod = !target.kind || target.kind === 'Pod';
  const otherScope: NamespaceSet = scope === '*' ? '*' : scope.filter((ns) => ns !== tried);

  if (wantPod && (otherScope === '*' || otherScope.length)) {
    const exact = await listScope(otherScope, run, `metadata.name=${target.name}`);
    const found = exact.pods.filter((p) => p.metadata?.name === target.name && p.metadata?.namespace !== tried);
    if (found.length === 1) return singlePod(found[0], run);
    if (found.length > 1) {
      const matches = found.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
      return message(
        run,
        'several',
        km(run.lang, 'several', { name: target.name, list: matches.map((m) => `\`${m}\``).join(', '), first: found[0].metadata.namespace }),
        paste,
        { matches },
      );
    }
    const fatal = exact.failed.find((f) => FATAL.includes(f.error.kind));
    if (fatal) return message(run, fatal.error.kind, errorText(fatal.error, run), paste);
  }

  const all = await listScope(scope, run);
  const fatal = all.failed.find((f) => FATAL.includes(f.error.kind));
  if (fatal && !all.pods.length) return message(run, fatal.error.kind, errorText(fatal.error, run), paste);

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
    const first = [...owned.values()][0].owner.namespace ?? '';
    return message(run, 'several', km(run.lang, 'several', { name: target.name, list: matches.map((m) => `\`${m}\``).join(', '), first }), paste, { matches });
  }

  const candidates: { namespace?: string; name: string }[] = [];
  for (const pod of all.pods) {
    candidates.push({ namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? '' });
    const owner = ownerOf(pod);
    if (owner) candidates.push({ namespace: owner.namespace, name: owner.name });
  }
  const suggestions = suggest(target.name, candidates);
  const kindWord = !target.kind ? 'pod' : target.kind.toLowerCase();
  const where = scope === '*' ? km(run.lang, 'allNamespaces') : km(run.lang, 'notFoundNamespaces', { list: scope.map((n) => `\`${n}\``).join(', ') });
  let text = km(run.lang, 'notFound', { kind: kindWord, name: target.name, where });
  if (suggestions.length) text += ` ${km(run.lang, 'didYouMean', { list: suggestions.map((s) => `\`${s}\``).join(', ') })}`;
  if (all.failed.length)
    text += ` ${km(run.lang, 'searchIncomplete', { list: all.failed.map((f) => `\`${f.namespace}\``).join(', '), reason: noteDetail(all.failed[0].error) })}`;
  return message(run, 'not-found', text, paste, { suggestions });
}

function normaliseTarget(ref: string | PodTarget): PodTarget | undefined {
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

/**
 * Looks a pod (or `deployment/NAME`, `statefulset/NAME`, ...; or a bare workload name) up and diagnoses it.
 * `ref` is free text (parsed with parsePodRef) or a parsed target. Never throws for cluster or user errors:
 * those come back as `{ kind: 'message' }`.
 */
export async function lookupPod(ref: string | PodTarget, who: Requester, deps: LookupDeps): Promise<LookupResult> {
  const lang = deps.lang ?? 'en';
  const target = normaliseTarget(ref);
  if (!target)
    return message(
      { lang },
      'bad-ref',
      km(lang, 'badRef', { text: typeof ref === 'string' ? ref.slice(0, 100) : ref.name }),
      'kubectl describe pod <name> -n <namespace>',
    );

  let reader: KubeReader;
  try {
    reader = deps.reader ?? connect(deps.config);
  } catch (e) {
    if (!(e instanceof KubeNotConfiguredError)) throw e;
    return message(
      { lang },
      'not-configured',
      km(lang, 'notConfigured', { target: qualified(target), detail: e.message }),
      pasteCommand(target, target.namespace),
    );
  }
  const run: Run = { reader, config: deps.config, kb: deps.kb, lang };
  const defaultNs = deps.config.defaultNamespace ?? reader.namespace ?? 'default';

  const access = accessFor(deps.config, who, defaultNs);
  if (!access.ok) {
    return message(run, access.reason, km(lang, access.reason === 'user' ? 'userNotAllowed' : 'channelNoAccess'), pasteCommand(target, target.namespace));
  }
  const scope = access.namespaces;
  if (scope !== '*' && !scope.length) return message(run, 'channel', km(lang, 'noNamespaces'), pasteCommand(target, target.namespace));

  if (target.namespace && !allows(scope, target.namespace)) {
    const global = accessFor(deps.config, { user: who.user }, defaultNs);
    const byChannel = global.ok && allows(global.namespaces, target.namespace);
    return message(
      run,
      byChannel ? 'channel' : 'namespace',
      km(lang, byChannel ? 'channelNamespace' : 'namespaceNotAllowed', { namespace: target.namespace, allowed: nsList(scope, lang) }),
      pasteCommand(target, target.namespace),
    );
  }

  // Where to look first: the namespace given, else the default one when allowed, else the only allowed one.
  const first = target.namespace ?? (allows(scope, defaultNs) ? defaultNs : scope !== '*' && scope.length === 1 ? scope[0] : undefined);
  const searchScope: NamespaceSet = target.namespace ? [target.namespace] : scope;

  if (target.kind && target.kind !== 'Pod') {
    if (first) {
      const r = await namedWorkload(target.kind, first, target.name, run);
      if (r !== 'not-found') return r;
    }
    return search(target, searchScope, first, run);
  }

  if (first) {
    try {
      return await singlePod(await reader.readPod(first, target.name), run);
    } catch (e) {
      if (!(e instanceof KubeReadError) || e.kind !== 'not-found') return readFailure(e, run, target, first);
    }
  }
  return search(target, searchScope, first, run);
}
