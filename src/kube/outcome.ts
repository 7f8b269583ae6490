// What a live lookup comes to before it is put into words: a diagnosis (with notes on what could not be read),
// or a failure saying why, with the facts a sentence needs. The words are written at the edge (messages.ts).
import type { Diagnosis } from '../diagnose/diagnose.js';
import type { Lang } from '../model/lang.js';
import type { PodTarget, WorkloadKind } from '../parse/pod-ref.js';
import type { KnowledgeBase } from '../rules/load.js';
import type { LiveConfig, NamespaceSet } from './config.js';
import type { KubeReadError, KubeReader } from './reader.js';

/** What every step of a lookup is given. */
export interface Run {
  reader: KubeReader;
  config: LiveConfig;
  kb: KnowledgeBase;
  /** The language of the diagnosis (the rules' text). */
  lang: Lang;
}

/** Something that could not be read next to a diagnosis, or a limit that was applied. */
export type Note =
  | { about: 'events'; error: KubeReadError }
  | { about: 'node'; node: string; error: KubeReadError }
  | { about: 'log'; container: string; error: KubeReadError }
  | { about: 'pods-capped'; shown: number; total: number };

type Why =
  | { reason: 'bad-ref'; text: string }
  /** No `detail`: no cluster is configured at all; else why the kubeconfig cannot be used. */
  | { reason: 'not-configured'; detail?: string }
  | { reason: 'user' }
  /** No `namespace`: lookups are off in this channel; `none`: it may read no namespace at all. */
  | { reason: 'channel'; namespace?: string; allowed?: NamespaceSet; none?: boolean }
  | { reason: 'namespace'; namespace: string; allowed: NamespaceSet }
  /** `matches` as `ns/name` (pods) or `ns/kind/name` (workloads); `first` is the namespace to suggest. */
  | { reason: 'several'; name: string; matches: string[]; first: string }
  | { reason: 'no-pods'; kind: WorkloadKind; namespace: string; name: string }
  | { reason: 'not-found'; scope: NamespaceSet; suggestions: string[]; failed: { namespace: string; error: KubeReadError }[] }
  | { reason: 'read'; error: KubeReadError };

/** Why a lookup gave no diagnosis; `target` and `inNamespace` say what to paste instead. */
export type Failure = Why & { target?: PodTarget; inNamespace?: string };

export type Outcome = { kind: 'diagnosis'; diagnosis: Diagnosis; notes: Note[] } | { kind: 'failure'; failure: Failure };

export const failed = (failure: Failure): Outcome => ({ kind: 'failure', failure });
