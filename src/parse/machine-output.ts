// Is a text Kubernetes output, or words? The reply policy answers output nothing matched with "nothing matched"
// (and, unasked in a channel, with silence), and words with the question path.
import type { Evidence } from '../model/evidence.js';
import { decodeSlack } from '../normalise/normalise.js';

/**
 * Phrases that only machines write: runtime and kubelet error messages, scheduler messages, status lines.
 * A message in prose that quotes one of them has pasted output into the sentence, and is treated as a paste.
 * Gaps are bounded (`[^\n]{0,300}`, never `.*`): these run on whole messages with a backtracking engine, and an
 * unbounded gap after a repeated prefix costs time quadratic in the line (600 KB of "Failed to pull " took 25 s).
 */
const MACHINE_OUTPUT: RegExp[] = [
  /\brpc error: code = \w+/,
  /\bdesc = \S/,
  /\bFailed to (?:pull|create|start|inspect|apply|sync|mount|attach|kill|stop|update|load|generate|find|prepare|setup|set up|list|get)\b[^\n]{0,300}?["“”':]/,
  /\b[Bb]ack-off pulling image ["“]|\bBack-off restarting failed container\b/,
  /\b\d+\/\d+ nodes are available\b/,
  /\bMountVolume\.\w+ failed\b|\bUnable to (?:attach or mount|mount) volumes\b/,
  /\b(?:Liveness|Readiness|Startup) probe (?:failed|errored):/,
  /\b(?:exec user process caused|standard_init_linux\.go|OCI runtime (?:create|exec|start) failed)\b/,
  /\bError response from daemon:/,
  /\b(?:dial tcp|dial udp)\b[^\n]{0,300}?\b(?:i\/o timeout|no such host|connection refused|server misbehaving|network is unreachable)\b/,
  /\blookup \S+ on \S+:53\b/,
  /\bx509: certificate\b/,
  /\bError: (?:ErrImagePull|ImagePullBackOff|ErrImageNeverPull|InvalidImageName|CreateContainerConfigError|CreateContainerError|RunContainerError|ContainerCannotRun|secret "|configmap "|couldn't find key)/,
  /\bcouldn't parse image reference\b|\binvalid reference format\b/,
  /\bfailed to (?:pull and unpack image|resolve reference|do request|set up sandbox|setup network|create pod sandbox|reserve sandbox name)\b/,
  /\b(?:Exit Code|Last State|Restart Count|Conditions|Events):\s/,
  /\bnetworkPlugin cni failed\b|\bplugin type="[\w-]+" failed\b/,
  /\bpod has unbound immediate PersistentVolumeClaims\b|\bhad untolerated taint\b|\bdidn't match Pod's node affinity\b/,
  /\bThe node was low on resource\b|\bContainer \S+ was using \S+, which exceeds its request\b/,
  /\bmanifest (?:unknown|for \S+ not found)|\bno match(?:ing manifest)? for (?:platform|linux)\b/,
  /\b(?:pull access denied|toomanyrequests|unauthorized: authentication required|denied: requested access)\b/,
  // klog's header, the log format of the kubelet and every Kubernetes component (k8s.io/klog/v2, klog.go:
  // "Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg").
  /\b[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6}\s{1,20}\d+ [\w.-]+\.go:\d+\] /,
];

/** Kubernetes output: a parser recognised a format (describe, events, get pods, JSON/YAML, logs), or machine phrases. */
export function looksLikeKubernetesOutput(text: string, evidence: Evidence): boolean {
  if (isStructuredOutput(evidence)) return true;
  const plain = decodeSlack(text);
  return MACHINE_OUTPUT.some((re) => re.test(plain));
}

/** Output a parser recognised by its format (describe, events, get pods, JSON/YAML), not phrases in free text. */
export function isStructuredOutput(evidence: Evidence): boolean {
  return evidence.kind !== 'text' || evidence.events.length > 0 || evidence.objects.length > 0;
}
