// What the user means by "the pod": NAME, NS/NAME, NAME -n NS, pod/NAME, deployment/NAME, `kubectl describe pod
// NAME -n NS`, or a pod-like name inside a sentence ("hello-minikube-67b8c7bdfd-965qn is broken").
// Pure (no Kubernetes import), so the Slack app and the CLI can both use it.

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'ReplicaSet';
type TargetKind = 'Pod' | WorkloadKind;

export interface PodTarget {
  /** Undefined: a pod, or else a workload of that name (whatever exists). */
  kind?: TargetKind;
  name: string;
  namespace?: string;
}

export interface ParseRefOptions {
  /**
   * Only accept what is clearly a pod reference: an explicit kind (`pod/x`, `deployment x`) or a generated
   * pod name (`web-7c79c4bf97-5xw2n`, `postgres-0`). For free text (a DM, a mention); the CLI and
   * `/kube-doctor pod NAME` are lenient and take any valid name.
   */
  strict?: boolean;
}

const KINDS: Record<string, TargetKind> = {
  pod: 'Pod',
  pods: 'Pod',
  po: 'Pod',
  deployment: 'Deployment',
  deployments: 'Deployment',
  deploy: 'Deployment',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  sts: 'StatefulSet',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  ds: 'DaemonSet',
  job: 'Job',
  jobs: 'Job',
  replicaset: 'ReplicaSet',
  replicasets: 'ReplicaSet',
  rs: 'ReplicaSet',
};

/** RFC 1123 subdomain (object names) and label (namespaces). */
const NAME = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** kube's random suffixes use this alphabet (no vowels, no 0/1/3): utilrand.SafeEncodeString. */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD = new RegExp(`^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?-${SAFE}{6,10}-${SAFE}{5}$`);
const GENERATED_POD = new RegExp(`^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?-${SAFE}{5}$`);
const ORDINAL_POD = /^[a-z][-a-z0-9]*[a-z0-9]-\d{1,4}$/;

export const isValidName = (s: string): boolean => NAME.test(s);
export const isValidNamespace = (s: string): boolean => NAMESPACE.test(s);

/** 3 for a Deployment's pod name, 2 for a DaemonSet/Job pod, 1 for a StatefulSet ordinal, 0 otherwise. */
export function podNameScore(name: string): number {
  if (DEPLOYMENT_POD.test(name)) return 3;
  if (GENERATED_POD.test(name)) return 2;
  if (ORDINAL_POD.test(name)) return 1;
  return 0;
}

const COMMAND_PREFIX = /^\s*(?:\$\s*)?(?:(?:\/?kube-doctor|kubectl\s+doctor|kubectl\s+(?:describe|get|logs)|k\s+(?:describe|get|logs))\s+)/i;
const NS_FLAG = /(?:^|\s)(?:-n|--namespace)(?:\s*=\s*|\s+|(?=[a-z0-9]))([^\s=]+)(?=\s|$)/i;
const NS_PROSE = /\bin\s+(?:the\s+)?(?:namespace\s+([a-z0-9][-a-z0-9]*)|([a-z0-9][-a-z0-9]*)\s+namespace)\b/i;
const OTHER_FLAGS = /(?:^|\s)--?[a-z][-a-z]*(?:=\S*)?(?=\s|$)/gi;
const TRIM = /^[\s"'`*_([{<“”‘’]+|[\s"'`*_)\]}>.,;:!?“”‘’]+$/g;

function cleanToken(t: string): string {
  return t.replace(TRIM, '');
}

/** In TYPE/NAME only the singular and short forms (and pods): `jobs/x` is more likely namespace "jobs". */
const SLASH_KIND = (word: string): TargetKind | undefined =>
  word === 'pods' || !word.endsWith('s') || word === 'sts' || word === 'ds' || word === 'rs' ? KINDS[word] : undefined;

function splitRef(token: string): { kind?: TargetKind; namespace?: string; name: string } | undefined {
  const parts = token.split('/');
  if (parts.length === 1) return { name: parts[0] };
  if (parts.length === 2) {
    const kind = SLASH_KIND(parts[0]);
    if (kind) return { kind, name: parts[1] };
    return { namespace: parts[0], name: parts[1] };
  }
  if (parts.length === 3 && SLASH_KIND(parts[1])) return { namespace: parts[0], kind: SLASH_KIND(parts[1]), name: parts[2] };
  return undefined;
}

function valid(ref: { kind?: TargetKind; namespace?: string; name: string }): boolean {
  return NAME.test(ref.name) && (ref.namespace === undefined || NAMESPACE.test(ref.namespace));
}

/**
 * Returns the pod or workload a text names, or undefined when it names none. Names are lower-cased
 * (Kubernetes names are lower case). A namespace given with -n/--namespace or "in namespace X" wins over NS/NAME.
 */
export function parsePodRef(text: string, options: ParseRefOptions = {}): PodTarget | undefined {
  let s = text.replace(/[\u00a0\u2000-\u200b]/g, ' ').trim();
  if (!s) return undefined;
  let explicitCommand = false;
  if (COMMAND_PREFIX.test(s)) {
    s = s.replace(COMMAND_PREFIX, '');
    explicitCommand = true;
  }
  let namespace: string | undefined;
  const flag = NS_FLAG.exec(s);
  if (flag) {
    namespace = flag[1].toLowerCase();
    s = s.slice(0, flag.index) + ' ' + s.slice(flag.index + flag[0].length);
  } else {
    const prose = NS_PROSE.exec(s);
    if (prose) {
      namespace = (prose[1] ?? prose[2]).toLowerCase();
      s = s.slice(0, prose.index) + ' ' + s.slice(prose.index + prose[0].length);
    }
  }
  if (namespace !== undefined && !NAMESPACE.test(namespace.replace(TRIM, ''))) return undefined;
  if (namespace !== undefined) namespace = namespace.replace(TRIM, '');
  s = s.replace(OTHER_FLAGS, ' ');
  const tokens = s
    .split(/\s+/)
    .map(cleanToken)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
  if (!tokens.length) return undefined;

  const build = (ref: { kind?: TargetKind; namespace?: string; name: string }): PodTarget | undefined => {
    if (!valid(ref)) return undefined;
    const ns = namespace ?? ref.namespace;
    return { ...(ref.kind && { kind: ref.kind }), name: ref.name, ...(ns && { namespace: ns }) };
  };

  // "pod NAME", "deployment NAME", "NAME" (and "pod/NAME", "NS/NAME"): the whole text is the reference.
  const lenient = !options.strict || explicitCommand;
  if (tokens.length <= 2) {
    const [first, second] = tokens;
    // "pod NAME" is said loosely (of a Deployment too); only pod/NAME insists on a pod.
    if (tokens.length === 2 && KINDS[first] && KINDS[first] !== 'Pod' && !second.includes('/')) {
      const ref = build({ kind: KINDS[first], name: second });
      if (ref) return ref;
    }
    if (tokens.length === 1 || (tokens.length === 2 && (first === 'pod' || first === 'pods'))) {
      const split = splitRef(tokens.length === 1 ? first : second);
      if (split && (lenient || split.kind || podNameScore(split.name) > 0)) {
        const ref = build(split);
        if (ref) return ref;
      }
    }
  }

  // A sentence: an explicit kind/NAME, or a word after "pod"/"deployment", or else the most pod-like word.
  let best: { ref: PodTarget; score: number } | undefined;
  const offer = (ref: PodTarget | undefined, score: number) => {
    if (ref && (!best || score > best.score)) best = { ref, score };
  };
  tokens.forEach((token, i) => {
    const split = splitRef(token);
    if (!split) return;
    if (split.kind) return offer(build(split), 10);
    const prev = tokens[i - 1];
    const shape = podNameScore(split.name);
    if (prev && KINDS[prev] && NAME.test(split.name) && /[-0-9]/.test(split.name)) {
      const kind = KINDS[prev] === 'Pod' ? undefined : KINDS[prev];
      return offer(build({ ...split, ...(kind && { kind }) }), 5 + shape);
    }
    if (shape > 0) offer(build(split), shape);
  });
  return best?.ref;
}

/** `shop/checkout-api` or `deployment shop/checkout-api`: for messages. */
export function formatTarget(t: PodTarget, namespace = t.namespace): string {
  const ref = namespace ? `${namespace}/${t.name}` : t.name;
  return t.kind && t.kind !== 'Pod' ? `${t.kind.toLowerCase()} ${ref}` : ref;
}
