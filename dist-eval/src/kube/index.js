// Live diagnosis by pod name (read-only, bounded, access-controlled). See docs/live.md.
//   parsePodRef        text → { kind?, name, namespace? }   (pure; src/kube/ref.js alone does not load client-node)
//   lookupPod          (ref, { channel, user }, { kb, config, reader?, lang }) → diagnosis | message
//   createLiveLookup   the Slack app's `liveLookup` seam, from the environment (undefined without a cluster)
//   readLiveConfig     settings from the environment
export { parsePodRef, formatTarget, podNameScore } from './ref.js';
export { readLiveConfig, accessFor, LiveConfigError } from './config.js';
export { lookupPod, suggest } from './lookup.js';
export { createLiveLookup } from './live.js';
export { connect, kubeConfigured, KubeNotConfiguredError } from './client.js';
export { KubeReadError } from './reader.js';
