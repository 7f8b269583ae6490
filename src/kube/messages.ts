// What a live lookup says: when it cannot diagnose, what could not be read, why, and what to paste instead; next
// to a diagnosis, the notes on what it could not read. The only place a lookup's words are written.
import type { Lang } from '../model/lang.js';
import type { PodTarget } from '../parse/pod-ref.js';
import { messageTable } from '../render/messages.js';
import type { NamespaceSet } from './config.js';
import type { Failure, Note } from './outcome.js';
import type { KubeReadError, KubeReader } from './reader.js';
import { qualified } from './target.js';

const TEXTS = {
  en: {
    pasteInstead: 'Paste the output of `{command}` instead.',
    notConfigured: 'No cluster is connected, so I cannot look `{target}` up myself. {detail}',
    howToConnect:
      'Set KUBECONFIG (and KUBE_CONTEXT for a context other than the current one), or run kube-doctor inside the cluster with the service account from deploy/rbac.',
    badRef: 'I could not find a pod name in "{text}". Use NAME, NS/NAME, NAME -n NS, pod/NAME or deployment/NAME.',
    userNotAllowed: 'You are not on the list of people who may look pods up in the cluster (KUBE_ALLOWED_USERS).',
    channelNoAccess: 'Live lookups are not enabled in this channel (KUBE_CHANNEL_NAMESPACES).',
    channelNamespace: 'This channel may not read namespace `{namespace}` (it may read: {allowed}).',
    namespaceNotAllowed: 'Namespace `{namespace}` is not one I am allowed to read (allowed: {allowed}).',
    noNamespaces: 'There is no namespace I am allowed to read here.',
    notFound: 'There is no {kind} `{name}` in {where}.',
    notFoundNamespaces: 'namespace {list}',
    didYouMean: 'Did you mean: {list}?',
    searchIncomplete: 'I could not search {list} ({reason}).',
    several: '`{name}` exists in several namespaces: {list}. Say which one, e.g. `pod {name} -n {first}`.',
    noPods: 'The {kind} `{namespace}/{name}` has no pods right now.',
    unauthorized: 'The cluster rejected my credentials (401 Unauthorized) when I read {what}; the token or certificate{context} may have expired or be wrong.',
    forbidden: 'I am not allowed to read {what} (403 Forbidden: {detail}). An admin can grant read-only access with deploy/rbac.',
    server: 'The Kubernetes API server failed while I read {what} ({status}: {detail}). Try again in a moment.',
    timeout: 'The Kubernetes API server did not answer within {seconds} s while I read {what}.',
    unreachable: 'I could not connect to the Kubernetes API server{server} to read {what}: {detail}.',
    tls: 'The secure connection to the Kubernetes API server{server} failed while I read {what}: {detail}.',
    tooLarge: "The Kubernetes API server's answer for {what} is larger than I read at once ({detail}), so I stopped reading it.",
    malformed: "The Kubernetes API server's answer for {what} is not what the Kubernetes API defines ({detail}), so I did not use it.",
    other: 'I could not read {what}: {detail}.',
    allNamespaces: 'any namespace',
    // a failed read in a few words, when the API server gave no reason of its own
    kindTimeout: 'timeout',
    kindUnreachable: 'unreachable',
    kindTls: 'TLS failure',
    kindTooLarge: 'too large',
    kindMalformed: 'malformed',
    kindOther: 'failed',
    // notes shown with a diagnosis
    noteEvents: 'events not read: {detail}',
    noteLog: 'previous log of {container} not read: {detail}',
    noteNode: 'node {node} not read: {detail}',
    notePodsCapped: 'only {shown} of {total} pods examined',
  },
  zh: {
    pasteInstead: '请改为粘贴 `{command}` 的输出。',
    notConfigured: '没有连接集群，所以我无法自己查询 `{target}`。{detail}',
    howToConnect: '请设置 KUBECONFIG（使用非当前 context 时再设置 KUBE_CONTEXT），或在集群内用 deploy/rbac 中的服务账号运行 kube-doctor。',
    badRef: '在 "{text}" 中没有找到 Pod 名称。可以用 NAME、NS/NAME、NAME -n NS、pod/NAME 或 deployment/NAME。',
    userNotAllowed: '你不在允许实时查询集群的用户名单中（KUBE_ALLOWED_USERS）。',
    channelNoAccess: '这个频道没有启用实时查询（KUBE_CHANNEL_NAMESPACES）。',
    channelNamespace: '这个频道不能读取命名空间 `{namespace}`（可读取：{allowed}）。',
    namespaceNotAllowed: '我没有被允许读取命名空间 `{namespace}`（允许：{allowed}）。',
    noNamespaces: '这里没有我被允许读取的命名空间。',
    notFound: '在{where}中没有 {kind} `{name}`。',
    notFoundNamespaces: '命名空间 {list} ',
    didYouMean: '你是不是要找：{list}？',
    searchIncomplete: '无法搜索 {list}（{reason}）。',
    several: '`{name}` 存在于多个命名空间：{list}。请指明是哪一个，例如 `pod {name} -n {first}`。',
    noPods: '{kind} `{namespace}/{name}` 目前没有 Pod。',
    unauthorized: '读取 {what} 时集群拒绝了我的凭据（401 Unauthorized）；token 或证书{context}可能已过期或不正确。',
    forbidden: '我没有权限读取 {what}（403 Forbidden：{detail}）。管理员可以用 deploy/rbac 授予只读权限。',
    server: '读取 {what} 时 Kubernetes API 服务器出错（{status}：{detail}）。请稍后重试。',
    timeout: '读取 {what} 时 Kubernetes API 服务器在 {seconds} 秒内没有响应。',
    unreachable: '无法连接 Kubernetes API 服务器{server}来读取 {what}：{detail}。',
    tls: '读取 {what} 时与 Kubernetes API 服务器{server}的安全连接失败：{detail}。',
    tooLarge: 'Kubernetes API 服务器返回的 {what} 超过了我一次读取的上限（{detail}），所以我停止了读取。',
    malformed: 'Kubernetes API 服务器返回的 {what} 不符合 Kubernetes API 的定义（{detail}），所以我没有使用它。',
    other: '无法读取 {what}：{detail}。',
    allNamespaces: '任意命名空间',
    kindTimeout: '超时',
    kindUnreachable: '无法连接',
    kindTls: 'TLS 失败',
    kindTooLarge: '过大',
    kindMalformed: '格式不符',
    kindOther: '失败',
    noteEvents: '未能读取事件：{detail}',
    noteLog: '未能读取 {container} 的上一次日志：{detail}',
    noteNode: '未能读取节点 {node}：{detail}',
    notePodsCapped: '只检查了 {total} 个 Pod 中的 {shown} 个',
  },
} as const;

type KubeMessageKey = keyof (typeof TEXTS)['en'];

const km = messageTable<KubeMessageKey>(TEXTS);

const quoted = (items: string[]) => items.map((i) => `\`${i}\``).join(', ');
const nsList = (set: NamespaceSet, lang: Lang) => (set === '*' ? km(lang, 'allNamespaces') : set.length ? quoted(set) : '-');

/** What to run and paste when the lookup cannot diagnose. */
function pasteCommand(target: PodTarget | undefined, namespace: string | undefined): string {
  const ns = namespace ?? '<namespace>';
  if (!target) return 'kubectl describe pod <name> -n <namespace>';
  if (target.kind && target.kind !== 'Pod') return `kubectl get events -n ${ns} --sort-by=.lastTimestamp`;
  return `kubectl describe pod ${target.name} -n ${ns}`;
}

/** Words for a failed read the API server gave no reason for. */
const KIND_WORDS: Partial<Record<KubeReadError['kind'], KubeMessageKey>> = {
  timeout: 'kindTimeout',
  unreachable: 'kindUnreachable',
  tls: 'kindTls',
  'too-large': 'kindTooLarge',
  malformed: 'kindMalformed',
};
/** A read error in a few words (notes, "could not search"): `403 Forbidden`, `timeout (no answer within 300 ms)`. */
const errorBrief = (e: KubeReadError, lang: Lang) =>
  `${e.status ? `${e.status} ` : ''}${e.reason ?? km(lang, KIND_WORDS[e.kind] ?? 'kindOther')}${e.detail && e.kind !== 'forbidden' ? ` (${e.detail})` : ''}`;

const ERROR_KEYS: Partial<Record<KubeReadError['kind'], KubeMessageKey>> = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  server: 'server',
  timeout: 'timeout',
  unreachable: 'unreachable',
  tls: 'tls',
  'too-large': 'tooLarge',
  malformed: 'malformed',
};

/** Where the reader was talking to, for the sentences that name it. */
type Connection = Pick<KubeReader, 'server' | 'context' | 'timeoutMs'>;

function errorText(e: KubeReadError, lang: Lang, via: Connection): string {
  return km(lang, ERROR_KEYS[e.kind] ?? 'other', {
    what: e.what,
    detail: e.detail,
    server: via.server ? ` ${via.server}` : '',
    context: via.context ? ` (context ${via.context})` : '',
    seconds: Math.round(via.timeoutMs / 100) / 10,
    status: `${e.status ?? ''} ${e.reason ?? ''}`.trim(),
  });
}

function why(f: Failure, lang: Lang, via: Connection | undefined): string {
  switch (f.reason) {
    case 'bad-ref':
      return km(lang, 'badRef', { text: f.text });
    case 'not-configured':
      return km(lang, 'notConfigured', { target: f.target ? qualified(f.target) : '', detail: f.detail ?? km(lang, 'howToConnect') });
    case 'user':
      return km(lang, 'userNotAllowed');
    case 'channel':
      if (f.none) return km(lang, 'noNamespaces');
      if (f.namespace) return km(lang, 'channelNamespace', { namespace: f.namespace, allowed: nsList(f.allowed ?? [], lang) });
      return km(lang, 'channelNoAccess');
    case 'namespace':
      return km(lang, 'namespaceNotAllowed', { namespace: f.namespace, allowed: nsList(f.allowed, lang) });
    case 'several':
      return km(lang, 'several', { name: f.name, list: quoted(f.matches), first: f.first });
    case 'no-pods':
      return km(lang, 'noPods', { kind: f.kind.toLowerCase(), namespace: f.namespace, name: f.name });
    case 'not-found': {
      const kind = !f.target?.kind ? 'pod' : f.target.kind.toLowerCase();
      const where = f.scope === '*' ? km(lang, 'allNamespaces') : km(lang, 'notFoundNamespaces', { list: quoted(f.scope) });
      let text = km(lang, 'notFound', { kind, name: f.target?.name ?? '', where });
      if (f.suggestions.length) text += ` ${km(lang, 'didYouMean', { list: quoted(f.suggestions) })}`;
      if (f.failed.length)
        text += ` ${km(lang, 'searchIncomplete', { list: quoted(f.failed.map((x) => x.namespace)), reason: errorBrief(f.failed[0].error, lang) })}`;
      return text;
    }
    case 'read':
      return errorText(f.error, lang, via ?? { timeoutMs: 0 });
  }
}

/** The paragraph for the user: why there is no diagnosis, then what to paste instead. */
export function failureText(f: Failure, lang: Lang, via?: Connection): string {
  return `${why(f, lang, via)} ${km(lang, 'pasteInstead', { command: pasteCommand(f.target, f.inNamespace) })}`;
}

export function noteText(note: Note, lang: Lang): string {
  switch (note.about) {
    case 'events':
      return km(lang, 'noteEvents', { detail: errorBrief(note.error, lang) });
    case 'node':
      return km(lang, 'noteNode', { node: note.node, detail: errorBrief(note.error, lang) });
    case 'log':
      return km(lang, 'noteLog', { container: note.container, detail: errorBrief(note.error, lang) });
    case 'pods-capped':
      return km(lang, 'notePodsCapped', { shown: note.shown, total: note.total });
  }
}
