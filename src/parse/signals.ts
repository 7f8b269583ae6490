// Flattens evidence into the signals rules match: every event, container state, pod status and unclaimed line.
import type { ContainerInfo, ContainerState, Evidence, ObjectRef, PodRecord, Signal } from '../model/evidence.js';

/** Quotes escaped once or more (`\"`, `\\\"`: a message quoted inside a klog or logfmt field, itself quoted in a
 *  journal line) read as plain quotes, so a message matches the same in every carrier. */
const ESCAPED_QUOTE = /\\+"/g;
const unescapeQuotes = (s: string | undefined) => (s?.includes('\\"') ? s.replace(ESCAPED_QUOTE, '"') : s);

export function toSignals(evidence: Evidence): Signal[] {
  const signals = collect(evidence);
  for (const s of signals) s.message = unescapeQuotes(s.message);
  return signals;
}

function collect(evidence: Evidence): Signal[] {
  const signals: Signal[] = [];
  for (const pod of evidence.objects) podSignals(pod, signals);
  for (const e of evidence.events) {
    signals.push({
      source: 'event',
      reason: e.reason,
      message: e.message,
      eventType: e.type,
      container: e.container,
      object: e.object,
      node: e.node,
      line: e.line,
      text: e.text,
    });
  }
  for (const l of evidence.lines) signals.push({ source: 'line', message: l.text, line: l.line, text: l.text });
  return signals;
}

function podSignals(pod: PodRecord, out: Signal[]): void {
  const object: ObjectRef = { kind: 'Pod', name: pod.name, namespace: pod.namespace };
  const line = pod.line ?? 1;
  if (pod.reason || pod.message) {
    out.push({
      source: 'pod',
      reason: pod.reason,
      message: pod.message,
      object,
      node: pod.node,
      line,
      text: [pod.reason, pod.message].filter(Boolean).join(': '),
    });
  }
  if (pod.ready || pod.status === 'Terminating') {
    const status = pod.status ?? '';
    const [done, total] = (pod.ready ?? '').split('/').map(Number);
    out.push({
      source: 'status',
      reason: status.replace(/^Init:/, ''),
      init: status.startsWith('Init:'),
      ready: pod.ready ? done >= total : undefined,
      restarts: pod.restarts,
      object,
      node: pod.node,
      line,
      text: pod.text ?? `${pod.name} ${status}`,
    });
  }
  for (const c of pod.containers) {
    stateSignal(c, c.state, 'state', object, pod, out);
    stateSignal(c, c.lastState, 'last-state', object, pod, out);
  }
  for (const cond of pod.conditions) {
    if (cond.reason || cond.message) {
      out.push({
        source: 'condition',
        reason: cond.reason,
        message: cond.message,
        object,
        line,
        text: `${cond.type} ${cond.status} ${cond.reason ?? ''}: ${cond.message ?? ''}`.trim(),
      });
    }
  }
}

function stateSignal(c: ContainerInfo, s: ContainerState | undefined, source: 'state' | 'last-state', object: ObjectRef, pod: PodRecord, out: Signal[]): void {
  if (!s || (!s.reason && !s.message && s.exitCode === undefined)) return;
  const label = source === 'state' ? 'State' : 'Last State';
  const details = [
    s.reason && `Reason: ${s.reason}`,
    s.exitCode !== undefined && `Exit Code: ${s.exitCode}`,
    s.signal && `Signal: ${s.signal}`,
    s.message && `Message: ${s.message}`,
  ];
  out.push({
    source,
    reason: s.reason,
    message: s.message,
    exitCode: s.exitCode,
    signal: s.signal,
    init: c.init,
    ready: c.ready,
    restarts: c.restartCount,
    container: c.name,
    image: c.image,
    object,
    node: pod.node,
    line: c.line ?? pod.line ?? 1,
    text: `${c.init ? 'init container' : 'container'} ${c.name}: ${label}: ${s.state[0].toUpperCase()}${s.state.slice(1)}, ${details.filter(Boolean).join(', ')}`,
  });
}
