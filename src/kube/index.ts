// Live diagnosis by pod name (read-only, bounded, access-controlled). See docs/live.md.
//   parsePodRef        text → { kind?, name, namespace? }   (pure; src/kube/ref.js alone does not load client-node)
//   lookupPod          (ref, { channel, user }, { kb, config, reader?, lang }) → diagnosis | message
//   createLiveLookup   the Slack app's `liveLookup` seam, from the environment (undefined without a cluster)
//   readLiveConfig     settings from the environment
export { parsePodRef, formatTarget, podNameScore, type PodTarget, type TargetKind, type WorkloadKind } from './ref.js';
export { readLiveConfig, accessFor, LiveConfigError, type LiveConfig, type NamespaceSet, type Requester } from './config.js';
export { lookupPod, suggest, type LookupDeps, type LookupFailure, type LookupResult } from './lookup.js';
export { createLiveLookup, type LiveAnswer, type LiveLookupFn, type LivePodRef, type LiveRequest } from './live.js';
export { connect, kubeConfigured, KubeNotConfiguredError } from './client.js';
export { KubeReadError, type KubeReader } from './reader.js';
