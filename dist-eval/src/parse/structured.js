// `-o json` / `-o yaml` of a Pod, PodList, Event, EventList or List (also events.k8s.io/v1 Events).
import { parseAllDocuments } from 'yaml';
import { emptyEvidence } from '../model/evidence.js';
const YAML_HINT = /^(?:-\s+)?(?:apiVersion|kind|items|metadata):/m;
/** kubectl's YAML has only these lines at column 0: `key: ...`, `- ...`, `---`, comments; anything else is not YAML. */
const NOT_YAML_LINE = /^(?![ \t]|-(?:\s|$)|---|#|["']?[\w.\/-]+["']?:(?:\s|$)|$)/m;
/** The command a paste often starts with (`kubectl get pod x -o yaml`; the normaliser already took the prompt off). */
const LEADING_COMMANDS = /^(?:[ \t]*(?:sudo\s+)?(?:\S*\/)?(?:kubectl|oc|k)[ \t]+[^\n]*\n)+/;
/** Returns evidence when the whole text is JSON or YAML of Kubernetes objects; null otherwise. */
export function parseStructured(text) {
    const trimmed = text.trimStart().replace(LEADING_COMMANDS, '').trim();
    let docs = null;
    let kind = 'json';
    if (/^[{[]/.test(trimmed)) {
        try {
            docs = [JSON.parse(trimmed)];
        }
        catch {
            docs = null;
        }
    }
    if (!docs && YAML_HINT.test(trimmed) && !NOT_YAML_LINE.test(trimmed)) {
        kind = 'yaml';
        try {
            const parsed = parseAllDocuments(trimmed, { prettyErrors: false });
            const list = Array.isArray(parsed) ? parsed : [parsed];
            if (list.some((d) => d.errors.length > 0))
                return null;
            docs = list.map((d) => d.toJS({ maxAliasCount: 50 }));
        }
        catch {
            return null;
        }
    }
    if (!docs)
        return null;
    const evidence = emptyEvidence(kind);
    for (const doc of docs)
        collect(doc, evidence);
    return evidence.objects.length || evidence.events.length ? evidence : null;
}
function collect(value, evidence) {
    if (Array.isArray(value)) {
        for (const item of value)
            collect(item, evidence);
        return;
    }
    if (!value || typeof value !== 'object')
        return;
    const obj = value;
    if (Array.isArray(obj.items))
        collect(obj.items, evidence);
    if (obj.kind === 'Pod' || (obj.spec?.containers && obj.status))
        evidence.objects.push(toPod(obj));
    else if (obj.kind === 'Event' || (obj.reason && (obj.involvedObject || obj.regarding)))
        evidence.events.push(toEvent(obj));
}
function toState(state) {
    if (!state)
        return undefined;
    const [name, detail] = Object.entries(state).find(([, v]) => v) ?? [];
    if (name !== 'waiting' && name !== 'running' && name !== 'terminated')
        return undefined;
    const d = (detail ?? {});
    return { state: name, reason: d.reason, message: d.message, exitCode: d.exitCode, signal: d.signal };
}
function toContainers(spec = [], statuses = [], init) {
    const names = new Set([...spec.map((c) => c.name), ...statuses.map((s) => s.name)]);
    return [...names].map((name) => {
        const s = statuses.find((x) => x.name === name) ?? {};
        const c = spec.find((x) => x.name === name) ?? {};
        return {
            name,
            init,
            image: c.image ?? s.image,
            state: toState(s.state),
            lastState: toState(s.lastState),
            ready: s.ready,
            restartCount: s.restartCount,
        };
    });
}
function toPod(obj) {
    const status = obj.status ?? {};
    const conditions = (status.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message }));
    return {
        kind: 'Pod',
        name: obj.metadata?.name ?? '',
        namespace: obj.metadata?.namespace,
        node: obj.spec?.nodeName,
        status: obj.metadata?.deletionTimestamp && !['Succeeded', 'Failed'].includes(status.phase) ? 'Terminating' : status.phase,
        reason: status.reason,
        message: status.message,
        containers: [
            ...toContainers(obj.spec?.initContainers, status.initContainerStatuses, true),
            ...toContainers(obj.spec?.containers, status.containerStatuses, false),
        ],
        conditions,
        line: 1,
        text: `Pod ${obj.metadata?.namespace ? obj.metadata.namespace + '/' : ''}${obj.metadata?.name ?? ''}`,
    };
}
function toEvent(obj) {
    const involved = obj.involvedObject ?? obj.regarding ?? {};
    const message = String(obj.message ?? obj.note ?? '').trim();
    const container = /\{([^}]+)\}/.exec(involved.fieldPath ?? '')?.[1];
    const source = obj.source?.component ?? obj.reportingController ?? obj.reportingComponent;
    const node = obj.source?.host ?? obj.deprecatedSource?.host;
    return {
        type: obj.type,
        reason: String(obj.reason ?? ''),
        count: obj.count ?? obj.series?.count ?? obj.deprecatedCount,
        source,
        node,
        message,
        object: involved.name ? { kind: involved.kind ?? 'Pod', name: involved.name, namespace: involved.namespace } : undefined,
        container,
        line: 1,
        text: [obj.type, obj.reason, involved.name ? `${(involved.kind ?? 'pod').toLowerCase()}/${involved.name}` : '', message].filter(Boolean).join('  '),
    };
}
