// Live diagnosis by name, the entry point (the CLI's `pod` command and the Slack seam in live.ts): check who may
// read where, find the pod or the workload's pods (find.ts), read and diagnose them (read-pod.ts, workload.ts)
// with the same evidence and rules as a paste, and only here put the outcome into words (messages.ts). Reads
// only, every read bounded; every failure is a sentence that says what could not be read and what to paste.
import type { Diagnosis } from '../diagnose/diagnose.js';
import type { Lang } from '../model/lang.js';
import type { PodTarget } from '../parse/pod-ref.js';
import type { KnowledgeBase } from '../rules/load.js';
import { accessFor, allows, kubeConfigured, type LiveConfig, type Requester } from './config.js';
import { find } from './find.js';
import { failureText, noteText } from './messages.js';
import type { Failure, Outcome } from './outcome.js';
import type { KubeReader, ReadErrorKind } from './reader.js';
import { normaliseTarget } from './target.js';

export interface LookupDeps {
  kb: KnowledgeBase;
  config: LiveConfig;
  /** Injected reader (tests, or one shared client); otherwise one is made from `config`. */
  reader?: KubeReader;
  lang?: Lang;
  /** The environment the kubeconfig is found from (KUBERNETES_SERVICE_HOST, HOME); default process.env. */
  env?: NodeJS.ProcessEnv;
}

type LookupFailure = Exclude<Failure['reason'], 'read'> | ReadErrorKind;

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

/** The outcome in words: the failure's sentence, or the notes next to the diagnosis. */
function toResult(outcome: Outcome, lang: Lang, reader?: KubeReader): LookupResult {
  if (outcome.kind === 'diagnosis') {
    const { diagnosis, notes } = outcome;
    const live = diagnosis.live && { ...diagnosis.live, notes: [...new Set(notes.map((n) => noteText(n, lang)))] };
    return { kind: 'diagnosis', diagnosis: { ...diagnosis, ...(live && { live }) } };
  }
  const f = outcome.failure;
  return {
    kind: 'message',
    text: failureText(f, lang, reader),
    reason: f.reason === 'read' ? f.error.kind : f.reason,
    ...(f.reason === 'not-found' && { suggestions: f.suggestions }),
    ...(f.reason === 'several' && { matches: f.matches }),
  };
}

/** Who may read where, then find and diagnose. */
async function outcomeOf(target: PodTarget, who: Requester, deps: LookupDeps, reader: KubeReader, lang: Lang): Promise<Outcome> {
  const refuse = (failure: Failure): Outcome => ({ kind: 'failure', failure: { target, inNamespace: target.namespace, ...failure } });
  const defaultNs = deps.config.defaultNamespace ?? reader.namespace ?? 'default';
  const access = accessFor(deps.config, who, defaultNs);
  if (!access.ok) return refuse(access.reason === 'user' ? { reason: 'user' } : { reason: 'channel' });
  const scope = access.namespaces;
  if (scope !== '*' && !scope.length) return refuse({ reason: 'channel', none: true });

  if (target.namespace && !allows(scope, target.namespace)) {
    const global = accessFor(deps.config, { user: who.user }, defaultNs);
    const byChannel = global.ok && allows(global.namespaces, target.namespace);
    return refuse({ reason: byChannel ? 'channel' : 'namespace', namespace: target.namespace, allowed: scope });
  }

  // Where to look first: the namespace given, else the default one when allowed, else the only allowed one.
  const first = target.namespace ?? (allows(scope, defaultNs) ? defaultNs : scope !== '*' && scope.length === 1 ? scope[0] : undefined);
  return find(target, scope, first, { reader, config: deps.config, kb: deps.kb, lang });
}

/**
 * Looks a pod (or `deployment/NAME`, `statefulset/NAME`, ...; or a bare workload name) up and diagnoses it.
 * `ref` is free text (parsed with parsePodRef) or a parsed target. Never throws for cluster or user errors:
 * those come back as `{ kind: 'message' }`.
 */
export async function lookupPod(ref: string | PodTarget, who: Requester, deps: LookupDeps): Promise<LookupResult> {
  const lang = deps.lang ?? 'en';
  const target = normaliseTarget(ref);
  if (!target) return toResult({ kind: 'failure', failure: { reason: 'bad-ref', text: typeof ref === 'string' ? ref.slice(0, 100) : ref.name } }, lang);
  const notConfigured = (detail?: string) =>
    toResult({ kind: 'failure', failure: { reason: 'not-configured', ...(detail && { detail }), target, inNamespace: target.namespace } }, lang);
  let reader = deps.reader;
  if (!reader) {
    // No cluster at all: said without loading @kubernetes/client-node (it costs more than the rest of a CLI start).
    if (!kubeConfigured(deps.config, deps.env)) return notConfigured();
    const { connect, KubeNotConfiguredError } = await import('./client.js');
    try {
      reader = connect(deps.config, deps.env);
    } catch (e) {
      if (!(e instanceof KubeNotConfiguredError)) throw e;
      return notConfigured(e.missing ? undefined : e.message);
    }
  }
  return toResult(await outcomeOf(target, who, deps, reader, lang), lang, reader);
}
