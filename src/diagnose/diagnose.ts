// The pipeline, in one place: text → normalise → redact → parse to evidence → match rules → rank → findings.
import type { Evidence, InputKind, ObjectRef, Signal } from '../model/evidence.js';
import { normalise } from '../normalise/normalise.js';
import { parse } from '../parse/parse.js';
import { toSignals } from '../parse/signals.js';
import { redact } from '../redact/redact.js';
import type { KnowledgeBase } from '../rules/load.js';
import type { RuleSpec } from '../rules/schema.js';
import type { Lang } from '../model/lang.js';
import { matchRules, type RuleMatch } from './match.js';
import { fill, localise, type Vars } from './template.js';

export interface FixStep {
  text: string;
  commands: string[];
  /** Shown next to the step: what running it risks (data loss, cluster-wide effect, security trade-off). */
  warning?: string;
}

export interface Finding {
  rule: string;
  category: string;
  title: string;
  confidence: number;
  evidence: string[];
  cause: string;
  fix: FixStep[];
  links: string[];
}

export interface Diagnosis {
  input: { kind: InputKind; objects: ObjectRef[] };
  findings: Finding[];
  lang: Lang;
  /** Set by a live lookup (src/kube): what was read from the cluster, and a workload's pods grouped by failure. */
  live?: LiveSummary;
}

/** Pods of a live lookup that failed the same way ("3 of 5 pods: ..."); healthy pods form a group without a rule. */
export interface LiveGroup {
  count: number;
  pods: string[];
  /** The pods' STATUS (`kubectl get pods`), e.g. CrashLoopBackOff; the first pod's when they differ. */
  status: string;
  rule?: string;
  category?: string;
  /** The first finding's title, or the status when nothing matched. */
  title: string;
}

export interface LiveSummary {
  /** What was looked up: the pod, or the workload whose pods were read. */
  target: ObjectRef;
  /** The pod's controller (a ReplicaSet's Deployment is named directly). */
  owner?: ObjectRef;
  context?: string;
  /** Pods of the target (1 for a pod). */
  pods: number;
  /** Largest failing group first, healthy pods last. */
  groups: LiveGroup[];
  /** What could not be read (events, logs, node): the diagnosis stands on the rest. */
  notes: string[];
}

export interface DiagnoseOptions {
  lang?: Lang;
}

export class InputError extends Error {}

const MAX_INPUT_BYTES = 10 * 1024 * 1024;
const MAX_EVIDENCE_LINES = 5;
const MAX_EVIDENCE_CHARS = 400;
/** Structured sources (an event, a container state) say more than the same words found in loose text. */
const LOOSE_TEXT_FACTOR = 0.9;

/** Refuses what cannot be a paste: nothing at all, binary data, or more than the size cap. */
function checkInput(text: string): void {
  if (Buffer.byteLength(text, 'utf8') > MAX_INPUT_BYTES) {
    throw new InputError(
      `The paste is ${(Buffer.byteLength(text, 'utf8') / 1048576).toFixed(1)} MB; the limit is ${MAX_INPUT_BYTES / 1048576} MB. Paste the events and the container section of \`kubectl describe pod\` instead.`,
    );
  }
  if (!text.trim()) throw new InputError('The paste is empty. Paste the output of `kubectl describe pod <name>` or `kubectl get events`.');
  const sample = text.slice(0, 65536);
  const junk = (sample.match(/[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]/g) ?? []).length;
  if (junk > sample.length * 0.05)
    throw new InputError('This looks like binary data, not text. Paste the text output of `kubectl describe pod <name>` or `kubectl get events`.');
}

/**
 * Millions of tiny lines cost memory per line in every stage: past this many, the paste keeps its head and its
 * tail (where the newest events are) and drops the middle, so work and memory stay bounded by the cap.
 */
const MAX_LINES = 250_000;

function capLines(text: string, max = MAX_LINES): string {
  let count = 0;
  let headEnd = -1;
  // Counting stops at the cap: 4 million lines cost no more to cut than 250,000.
  for (let i = text.indexOf('\n'); i >= 0 && count < max; i = text.indexOf('\n', i + 1)) {
    if (++count === max / 2) headEnd = i;
  }
  if (count < max) return text;
  let tailStart = text.length;
  for (let n = 0; n < max / 2 && tailStart > 0; n++) tailStart = text.lastIndexOf('\n', tailStart - 1);
  return text.slice(0, headEnd) + text.slice(tailStart);
}

/** A text read as evidence: what every diagnosis of it starts from. */
export type Analysis = { evidence: Evidence; signals: Signal[] };

export function analyse(text: string): Analysis {
  checkInput(text);
  const evidence = parse(redact(normalise(capLines(text)).text));
  return { evidence, signals: toSignals(evidence) };
}

export function diagnose(text: string, kb: KnowledgeBase, options: DiagnoseOptions = {}): Diagnosis {
  const { evidence, signals } = analyse(text);
  return diagnoseEvidence(evidence, signals, kb, options);
}

/** Also the entry point for live lookups, which build evidence from the API instead of from text. */
export function diagnoseEvidence(evidence: Evidence, signals: Signal[], kb: KnowledgeBase, options: DiagnoseOptions = {}): Diagnosis {
  const lang = options.lang ?? 'en';
  const ranked = rank(matchRules(signals, evidence, kb));
  const shares = exclusiveShares(ranked.map(confidence));
  return {
    input: { kind: evidence.kind, objects: objectsOf(evidence) },
    findings: ranked.map((m, i) => toFinding(m, evidence, lang, shares[i])),
    lang,
  };
}

/** Most specific root cause first; a variant that matched hides the base rule it extends, and a catch-all (`generic`)
 *  is kept only when no specific rule matched (then once per category). */
export function rank(matches: RuleMatch[]): RuleMatch[] {
  const matched = new Set(matches.map((m) => m.rule.id));
  const hidden = new Set(matches.map((m) => m.rule.spec.extends).filter((id): id is string => Boolean(id && matched.has(id))));
  const sorted = matches
    .filter((m) => !hidden.has(m.rule.id))
    .sort((a, b) => byCount(a, b) || score(b) - score(a) || firstLine(a) - firstLine(b) || a.rule.id.localeCompare(b.rule.id));
  const specific = sorted.filter((m) => !m.rule.spec.generic);
  if (specific.length) return specific;
  const categories = new Set<string>();
  return sorted.filter((m) => !categories.has(m.rule.spec.category) && categories.add(m.rule.spec.category));
}

/**
 * The findings are alternative explanations of one failure, so their confidences are shares of one probability: each
 * finding gets its own confidence of what the findings above it leave. A second finding therefore never reads as
 * likely as a first one that is almost certainly right (measured by `npm run eval`: the calibration table).
 */
function exclusiveShares(confidences: number[]): number[] {
  let left = 1;
  return confidences.map((c) => {
    const share = Math.max(0.01, Math.round(c * left * 100) / 100);
    left = Math.max(0, left - share);
    return share;
  });
}

/** When one message gives several reasons with counts (`0/5 nodes are available: 3 node(s) didn't match Pod's node
 *  affinity/selector, 1 Insufficient cpu`), the reason that blocks the most nodes comes first, whatever the rules'
 *  specificity: rules capture the number as `count`. */
function byCount(a: RuleMatch, b: RuleMatch): number {
  for (const ha of a.hits) {
    if (ha.captures.count === undefined) continue;
    const hb = b.hits.find((h) => h.signal === ha.signal && h.captures.count !== undefined);
    if (hb) return Number(hb.captures.count) - Number(ha.captures.count);
  }
  return 0;
}

function score(m: RuleMatch): number {
  return m.rule.spec.specificity * 100 + (m.hits.some((h) => h.signal.source !== 'line') ? 10 : 0) + Math.min(m.hits.length, 9);
}

function firstLine(m: RuleMatch): number {
  let first = Infinity;
  for (const h of m.hits) first = Math.min(first, h.signal.line);
  return first;
}

function confidence(m: RuleMatch): number {
  const structured = m.hits.some((h) => h.signal.source !== 'line');
  const base = (m.rule.spec.specificity / 100) * (structured ? 1 : LOOSE_TEXT_FACTOR) + Math.min(m.hits.length - 1, 5) * 0.01;
  return Math.round(Math.min(0.99, Math.max(0.05, base)) * 100) / 100;
}

function varsOf(m: RuleMatch, evidence: Evidence): Vars {
  const vars: Vars = {};
  for (const [name, values] of Object.entries(evidence.facts)) vars[name] = values[0];
  for (const { signal } of [...m.hits].reverse()) {
    Object.assign(vars, {
      ...(signal.image && { image: signal.image }),
      ...(signal.container && { container: signal.container }),
      ...(signal.node && { node: signal.node }),
      ...(signal.object?.name && { pod: signal.object.name }),
      ...(signal.object?.namespace && { namespace: signal.object.namespace }),
    });
  }
  for (const { captures } of [...m.hits].reverse()) Object.assign(vars, captures);
  return vars;
}

function toFinding(m: RuleMatch, evidence: Evidence, lang: Lang, confidence: number): Finding {
  const spec = m.rule.spec;
  const vars = varsOf(m, evidence);
  const evidenceLines = [...new Set(m.hits.map((h) => h.signal.text))]
    .slice(0, MAX_EVIDENCE_LINES)
    .map((t) => (t.length > MAX_EVIDENCE_CHARS ? t.slice(0, MAX_EVIDENCE_CHARS) + '…' : t));
  return ruleFinding(spec, vars, lang, confidence, evidenceLines);
}

/** A rule's texts filled in for one answer (also used to explain a rule in reply to a question, without evidence). */
export function ruleFinding(spec: RuleSpec, vars: Vars, lang: Lang, confidence: number, evidence: string[]): Finding {
  return {
    rule: spec.id,
    category: spec.category,
    title: fill(localise(spec.title, lang), vars),
    confidence,
    evidence,
    cause: fill(localise(spec.cause, lang), vars),
    fix: spec.fix.map((step) => ({
      text: fill(typeof step === 'string' ? step : localise(step, lang), vars),
      commands: typeof step === 'string' || !step.run ? [] : (Array.isArray(step.run) ? step.run : [step.run]).map((c) => fill(c, vars)),
      ...(typeof step !== 'string' && step.warning && { warning: fill(localise(step.warning, lang), vars) }),
    })),
    links: spec.links,
  };
}

function objectsOf(evidence: Evidence): ObjectRef[] {
  const seen = new Map<string, ObjectRef>();
  const add = (o: ObjectRef | undefined) => {
    if (!o?.name) return;
    const key = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
    if (!seen.has(key)) seen.set(key, { kind: o.kind, name: o.name, ...(o.namespace && { namespace: o.namespace }) });
  };
  evidence.objects.forEach(add);
  evidence.events.forEach((e) => add(e.object));
  return [...seen.values()];
}
