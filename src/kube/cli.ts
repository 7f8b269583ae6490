// `kube-doctor pod NAME` / `kubectl doctor NAME`: the configuration and the flags, then lookupPod.
import type { Diagnosis } from '../diagnose/diagnose.js';
import type { KnowledgeBase } from '../rules/load.js';
import type { Lang } from '../model/lang.js';
import type { Config } from '../config/schema.js';
import { liveConfig } from './config.js';
import { lookupPod, type LookupResult } from './lookup.js';

export interface PodCommandOptions {
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  logs?: boolean;
  /** Milliseconds, validated by the command line. */
  timeout?: number;
  lang: Lang;
}

export type PodCommandResult = { ok: true; diagnosis: Diagnosis } | { ok: false; message: string; result?: LookupResult };

/** `env`: the environment the kubeconfig is found from (KUBERNETES_SERVICE_HOST, HOME), as kubectl would. */
export async function runPodLookup(
  words: string[],
  opts: PodCommandOptions,
  kb: KnowledgeBase,
  settings: Config,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PodCommandResult> {
  // The CLI runs with the user's own credentials: any namespace unless ALLOWED_NAMESPACES says otherwise,
  // and ~/.kube/config like kubectl.
  const config = liveConfig(settings, { allowedNamespaces: '*', useHomeConfig: true });
  if (opts.context) config.context = opts.context;
  if (opts.kubeconfig) config.kubeconfig = opts.kubeconfig;
  if (opts.logs) config.readLogs = true;
  if (opts.timeout !== undefined) config.timeoutMs = opts.timeout;
  const text = words.join(' ') + (opts.namespace ? ` -n ${opts.namespace}` : '');
  const result = await lookupPod(text, {}, { kb, config, lang: opts.lang, env });
  return result.kind === 'diagnosis' ? { ok: true, diagnosis: result.diagnosis } : { ok: false, message: result.text, result };
}
