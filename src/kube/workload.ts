// A lookup's diagnosis with its `live` summary: one pod as it is, or a workload's pods grouped: healthy ones
// counted, failing ones (up to KUBE_MAX_PODS) diagnosed one by one and grouped by their first finding, the
// largest group first; the findings of the other groups follow the representative's.
import type { Diagnosis, Finding, LiveGroup, LiveSummary } from '../diagnose/diagnose.js';
import type { ObjectRef } from '../model/evidence.js';
import { mapLimit } from '../util/map-limit.js';
import { summarisePod } from './evidence.js';
import type { Outcome, Run } from './outcome.js';
import { diagnosePod, type PodResult } from './read-pod.js';
import type { Json } from './reader.js';

/** Pods of a workload read at once. */
const CONCURRENCY = 4;

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

/** `notes` are filled in at the edge, from the outcome's notes. */
const summary = (run: Run, s: Omit<LiveSummary, 'notes' | 'context'>): LiveSummary => ({
  target: s.target,
  ...(s.owner && { owner: s.owner }),
  ...(run.reader.context && { context: run.reader.context }),
  pods: s.pods,
  groups: s.groups,
  notes: [],
});

export async function singlePod(pod: Json, run: Run): Promise<Outcome> {
  const r = await diagnosePod(pod, run);
  const live = summary(run, {
    target: { kind: 'Pod', name: r.summary.name, namespace: r.summary.namespace },
    ...(r.owner && { owner: r.owner }),
    pods: 1,
    groups: [groupOf(r)],
  });
  return { kind: 'diagnosis', diagnosis: { ...r.diagnosis, live }, notes: r.notes };
}

export async function workloadPods(target: ObjectRef, pods: Json[], run: Run): Promise<Outcome> {
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
  const notes = results.flatMap((r) => r.notes);
  if (failing.length > examined.length) notes.push({ about: 'pods-capped', shown: examined.length, total: failing.length });

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
  diagnosis.live = summary(run, {
    target,
    ...(owner && (owner.kind !== target.kind || owner.name !== target.name) && { owner }),
    pods: pods.length,
    groups,
  });
  return { kind: 'diagnosis', diagnosis, notes };
}
