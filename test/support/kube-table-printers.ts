// Server-side printing: the API server, not kubectl, computes the columns of `kubectl get`.
// Ports of kubernetes pkg/printers/internalversion/printers.go (printPod, printEvent, printNode,
// printDeployment, printReplicaSet, printNamespace) working on v1 JSON. The API server always prints
// with Wide=true; kubectl hides columns with priority > 0 unless `-o wide`.

import { timestampSince } from './kube-time.js';

type Json = Record<string, any>;

interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PrintedRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
}

export interface TablePrinter {
  columns: ColumnDefinition[];
  print(obj: Json, nowMs: number): PrintedRow;
}

const col = (name: string, type: string, description: string, priority = 0, format = ''): ColumnDefinition => ({
  name,
  type,
  format,
  description,
  priority,
});

const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

const isTrue = (conditions: Json[] | undefined, type: string): boolean => (conditions ?? []).some((c) => c?.type === type && c?.status === 'True');

const isRestartableInit = (c: Json | undefined): boolean => c?.restartPolicy === 'Always';

const tsMs = (ts: unknown): number => (typeof ts === 'string' && ts ? Date.parse(ts) : 0);

export const podPrinter: TablePrinter = {
  columns: [
    col('Name', 'string', NAME_DOC, 0, 'name'),
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    col('Age', 'string', AGE_DOC),
    col('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    col('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
    col(
      'Nominated Node',
      'string',
      'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.',
      1,
    ),
    col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  print: printPod,
};

/** Port of printPod (kubernetes ≥1.33 logic, including sidecar init containers and errorReason). */
export function printPod(pod: Json, nowMs: number): PrintedRow {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestartDate = 0;
  let lastRestartableInitContainerRestartDate = 0;

  const podPhase: string = status.phase ?? '';
  let reason: string = status.reason || podPhase;

  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  let conditions: TableRowCondition[] | undefined;
  if (podPhase === 'Succeeded') {
    conditions = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
  } else if (podPhase === 'Failed') {
    conditions = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  }

  const initContainers = new Map<string, Json>();
  for (const c of spec.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartableInit(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses: Json[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    restarts += container.restartCount ?? 0;
    const lastTerm = container.lastState?.terminated;
    if (lastTerm) lastRestartDate = Math.max(lastRestartDate, tsMs(lastTerm.finishedAt));
    if (isRestartableInit(initContainers.get(container.name))) {
      restartableInitContainerRestarts += container.restartCount ?? 0;
      if (lastTerm) {
        lastRestartableInitContainerRestartDate = Math.max(lastRestartableInitContainerRestartDate, tsMs(lastTerm.finishedAt));
      }
    }
    const term = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (isRestartableInit(initContainers.get(container.name)) && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (term) {
      if (!term.reason) {
        reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
      } else {
        reason = `Init:${term.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isTrue(status.conditions, 'Initialized')) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    let errorReason = '';
    const statuses: Json[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i];
      restarts += container.restartCount ?? 0;
      const lastTerm = container.lastState?.terminated;
      if (lastTerm) lastRestartDate = Math.max(lastRestartDate, tsMs(lastTerm.finishedAt));
      const waiting = container.state?.waiting;
      const term = container.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (term) {
        if (term.reason) reason = term.reason;
        else if (term.signal) reason = `Signal:${term.signal}`;
        else reason = `ExitCode:${term.exitCode ?? 0}`;
        if ((term.exitCode ?? 0) !== 0) errorReason = reason;
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed') {
      if (hasRunning && isTrue(status.conditions, 'Ready')) reason = 'Running';
      else if (errorReason) reason = errorReason;
      else if (hasRunning) reason = 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') {
    reason = 'Unknown';
  } else if (pod.metadata?.deletionTimestamp && podPhase !== 'Succeeded' && podPhase !== 'Failed') {
    reason = 'Terminating';
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate > 0) {
    restartsStr = `${restarts} (${timestampSince(new Date(lastRestartDate).toISOString(), nowMs)} ago)`;
  }

  let readinessGates = '<none>';
  const gates: Json[] = spec.readinessGates ?? [];
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const gate of gates) {
      const c = (status.conditions ?? []).find((x: Json) => x.type === gate.conditionType);
      if (c?.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }

  const cells = [
    pod.metadata?.name ?? '',
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsStr,
    timestampSince(pod.metadata?.creationTimestamp, nowMs),
    status.podIPs?.[0]?.ip || status.podIP || '<none>',
    spec.nodeName || '<none>',
    status.nominatedNodeName || '<none>',
    readinessGates,
  ];
  return conditions ? { cells, conditions } : { cells };
}

export const eventPrinter: TablePrinter = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    col('Object', 'string', 'The object that this event is about.'),
    col(
      'Subobject',
      'string',
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].',
      1,
    ),
    col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    col('Name', 'string', NAME_DOC, 1, 'name'),
  ],
  print: printEvent,
};

/** Port of printEvent. */
function printEvent(ev: Json, nowMs: number): PrintedRow {
  let firstTimestamp = timestampSince(ev.firstTimestamp, nowMs);
  if (!ev.firstTimestamp) firstTimestamp = timestampSince(ev.eventTime, nowMs);
  let lastTimestamp = timestampSince(ev.lastTimestamp, nowMs);
  if (!ev.lastTimestamp) lastTimestamp = firstTimestamp;
  let count: number = ev.count ?? 0;
  if (ev.series) {
    lastTimestamp = timestampSince(ev.series.lastObservedTime, nowMs);
    count = ev.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events have no count in the new events API
  }
  const involved = ev.involvedObject ?? {};
  const kind = String(involved.kind ?? '').toLowerCase();
  const target = involved.name ? `${kind}/${involved.name}` : kind;
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  const source = instance ? `${component}, ${instance}` : component;
  return {
    cells: [
      lastTimestamp,
      ev.type ?? '',
      ev.reason ?? '',
      target,
      involved.fieldPath ?? '',
      source,
      String(ev.message ?? '').trim(),
      firstTimestamp,
      count,
      ev.metadata?.name ?? '',
    ],
  };
}

export const nodePrinter: TablePrinter = {
  columns: [
    col('Name', 'string', NAME_DOC, 0, 'name'),
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    col('Age', 'string', AGE_DOC),
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  print(node, nowMs) {
    const conds: Json[] = node.status?.conditions ?? [];
    const ready = conds.find((c) => c.type === 'Ready');
    const statuses: string[] = [];
    if (!ready) statuses.push('Unknown');
    else statuses.push(ready.status === 'True' ? 'Ready' : ready.status === 'False' ? 'NotReady' : 'Unknown');
    if (node.spec?.unschedulable) statuses.push('SchedulingDisabled');
    const roles = new Set<string>();
    for (const [k, v] of Object.entries<string>(node.metadata?.labels ?? {})) {
      if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length));
      else if (k === 'kubernetes.io/role' && v) roles.add(v);
    }
    const addr = (type: string) => (node.status?.addresses ?? []).find((a: Json) => a.type === type)?.address || '<none>';
    const info = node.status?.nodeInfo ?? {};
    return {
      cells: [
        node.metadata?.name ?? '',
        statuses.join(','),
        roles.size ? [...roles].sort().join(',') : '<none>',
        timestampSince(node.metadata?.creationTimestamp, nowMs),
        info.kubeletVersion ?? '',
        addr('InternalIP'),
        addr('ExternalIP'),
        info.osImage || '<unknown>',
        info.kernelVersion || '<unknown>',
        info.containerRuntimeVersion || '<unknown>',
      ],
    };
  },
};

const templateCells = (obj: Json): string[] => {
  const containers: Json[] = obj.spec?.template?.spec?.containers ?? [];
  const selector = obj.spec?.selector?.matchLabels ?? {};
  return [
    containers.map((c) => c.name).join(','),
    containers.map((c) => c.image).join(','),
    Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',') || '<none>',
  ];
};

export const deploymentPrinter: TablePrinter = {
  columns: [
    col('Name', 'string', NAME_DOC, 0, 'name'),
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    col('Age', 'string', AGE_DOC),
    col('Containers', 'string', 'Names of each container in the template.', 1),
    col('Images', 'string', 'Images referenced by each container in the template.', 1),
    col('Selector', 'string', 'Label selector for pods.', 1),
  ],
  print(d, nowMs) {
    const s = d.status ?? {};
    return {
      cells: [
        d.metadata?.name ?? '',
        `${s.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
        s.updatedReplicas ?? 0,
        s.availableReplicas ?? 0,
        timestampSince(d.metadata?.creationTimestamp, nowMs),
        ...templateCells(d),
      ],
    };
  },
};

export const replicaSetPrinter: TablePrinter = {
  columns: [
    col('Name', 'string', NAME_DOC, 0, 'name'),
    col('Desired', 'integer', 'Replicas is the number of desired pods.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    col('Ready', 'integer', 'readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.'),
    col('Age', 'string', AGE_DOC),
    col('Containers', 'string', 'Names of each container in the template.', 1),
    col('Images', 'string', 'Images referenced by each container in the template.', 1),
    col('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', 1),
  ],
  print(rs, nowMs) {
    const s = rs.status ?? {};
    return {
      cells: [
        rs.metadata?.name ?? '',
        rs.spec?.replicas ?? 1,
        s.replicas ?? 0,
        s.readyReplicas ?? 0,
        timestampSince(rs.metadata?.creationTimestamp, nowMs),
        ...templateCells(rs),
      ],
    };
  },
};

export const namespacePrinter: TablePrinter = {
  columns: [col('Name', 'string', NAME_DOC, 0, 'name'), col('Status', 'string', 'The status of the namespace'), col('Age', 'string', AGE_DOC)],
  print: (ns, nowMs) => ({
    cells: [ns.metadata?.name ?? '', ns.status?.phase ?? 'Active', timestampSince(ns.metadata?.creationTimestamp, nowMs)],
  }),
};

/** The API server's DefaultTableConvertor, used for resources without a dedicated printer here. */
export const defaultPrinter: TablePrinter = {
  columns: [col('Name', 'string', NAME_DOC, 0, 'name'), col('Created At', 'date', AGE_DOC)],
  print: (obj) => ({ cells: [obj.metadata?.name ?? '', obj.metadata?.creationTimestamp ?? null] }),
};
