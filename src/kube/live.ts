// The Slack app's `liveLookup` seam (src/slack/deps.ts `LiveLookup`), built from the live-lookup settings.
// Structurally typed, so src/kube does not import src/slack.
import type { Diagnosis } from '../diagnose/diagnose.js';
import type { KnowledgeBase } from '../rules/load.js';
import type { Lang } from '../model/lang.js';
import { kubeConfigured, LiveConfigError, type LiveConfig } from './config.js';
import type { KubeReader } from './reader.js';
import type { PodTarget } from '../parse/pod-ref.js';

/** What Slack passes (its PodRef and RequestContext), plus an optional kind (`deployment/NAME`). */
interface LivePodRef {
  name: string;
  namespace?: string;
  kind?: PodTarget['kind'];
}

interface LiveRequest {
  userId: string;
  channelId: string;
  lang: Lang;
}

type LiveAnswer = { kind: 'diagnosis'; diagnosis: Diagnosis } | { kind: 'message'; text: string };

export type LiveLookupFn = (pod: LivePodRef, ctx: LiveRequest) => Promise<LiveAnswer>;

export interface CreateLiveLookupOptions {
  /** The rules, or a function returning the current rules (hot reload). */
  kb: KnowledgeBase | (() => KnowledgeBase);
  config: LiveConfig;
  /** Where the in-cluster service account is detected (KUBERNETES_SERVICE_HOST, set by the kubelet). */
  env?: NodeJS.ProcessEnv;
  /** An already-made reader (tests). */
  reader?: KubeReader;
}

/**
 * The Slack bot's live lookup, or undefined when no cluster is configured (KUBECONFIG unset, not in a cluster,
 * and no KUBE_LIVE=on for ~/.kube/config): the bot then says what to paste instead.
 * Throws LiveConfigError for settings that are present but wrong (a bad ALLOWED_NAMESPACES, an unknown context).
 * @kubernetes/client-node is imported only when there is a cluster: it costs more than the rest of the bot's start.
 */
export async function createLiveLookup(options: CreateLiveLookupOptions): Promise<LiveLookupFn | undefined> {
  const env = options.env ?? process.env;
  const config = options.config;
  if (!options.reader && !kubeConfigured(config, env)) return undefined;
  const { lookupPod } = await import('./lookup.js');
  const { connect, KubeNotConfiguredError } = await import('./client.js');
  let reader: KubeReader;
  try {
    reader = options.reader ?? connect(config, env);
  } catch (e) {
    if (e instanceof KubeNotConfiguredError) {
      if (e.missing) return undefined;
      throw new LiveConfigError(e.message);
    }
    throw e;
  }
  return async (pod, ctx) => {
    const result = await lookupPod(
      pod,
      { channel: ctx.channelId, user: ctx.userId },
      { kb: typeof options.kb === 'function' ? options.kb() : options.kb, config, reader, lang: ctx.lang },
    );
    return result.kind === 'diagnosis' ? result : { kind: 'message', text: result.text };
  };
}
