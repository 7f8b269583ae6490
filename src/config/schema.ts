// Every environment variable kube-doctor reads, in one table: its parser, its default and one line of
// documentation. `.env.example` is generated from this table and the docs are checked against it
// (test/config.cases.ts), so a variable added here without docs fails the tests. To add one: put it in its group,
// give it a default (or say in `description` what unset means), and run `npm run env:example`.
//
// Values arrive as strings; a blank value (`NAME=` in a copied .env.example) is unset and takes the default.
// Plain parsers rather than zod: the CLI reads this table on every start, and importing zod costs more than a
// whole diagnosis (the rules load it only when a rule file has to be validated).
import { LANGS } from '../model/lang.js';
import { DEFAULT_RULES_DIR } from '../rules/load.js';
import { isNamespaceName, parseChannelNamespaces, parseNamespaceList } from './namespaces.js';

export type Group = 'Slack' | 'Rules and data' | 'Live lookups (pod names)' | 'Shared state (several replicas)' | 'Operations';

interface Variable<T> {
  group: Group;
  /** One line: what it is and what unset means. */
  description: string;
  /** The default as a person reads it, when there is one. */
  shownDefault?: string;
  /** Never echoed back in an error message. */
  secret?: boolean;
  /** Throws an Error whose message says what was expected. */
  parse: (value: string) => T;
  /** The value when unset. */
  fallback: T;
}

const expected = (what: string): never => {
  throw new Error(`expected ${what}`);
};

const wholeNumber = (min: number, max: number) => (s: string) =>
  /^\d+$/.test(s) && Number(s) >= min && Number(s) <= max ? Number(s) : expected(`a whole number from ${min} to ${max}`);
const port = (s: string) => (/^\d+$/.test(s) && Number(s) <= 65535 ? Number(s) : expected('a port number 0-65535'));
const text = (s: string) => s;
const list = (s: string) => s.split(/[\s,]+/).filter(Boolean);

function boolean(s: string): boolean {
  const v = s.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return expected('true or false');
}

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (s: string): T =>
    values.includes(s.toLowerCase() as T) ? (s.toLowerCase() as T) : expected(`${values.slice(0, -1).join(', ')} or ${values.at(-1)}`);

const token =
  (prefix: string, what: string, hint: (s: string) => string = () => '') =>
  (s: string) =>
    new RegExp(`^${prefix}[A-Za-z0-9-]+$`).test(s) ? s : expected(`${what} starting with ${prefix}${hint(s)}`);

function httpUrl(s: string): string {
  let u: URL | undefined;
  try {
    u = new URL(s);
  } catch {}
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) return expected('a URL such as https://slack.com/api/');
  return u.href.endsWith('/') ? u.href : `${u.href}/`;
}

// The host is required: redis:// alone would silently mean localhost.
const redisUrl = (s: string) =>
  /^rediss?:\/\/[^/?#]/.test(s) ? s : expected('redis://host:6379 or rediss://host:6380 (with user:password@ when the server needs them)');

const namespace = (s: string) => (isNamespaceName(s) ? s : expected('one namespace name (lowercase letters, digits and -)'));

/** A variable with a default: `shownDefault` is the default as written, unless the description needs words. */
const given = <T>(fallback: T, v: Omit<Variable<T>, 'fallback'>): Variable<T> => ({ shownDefault: String(fallback), ...v, fallback });
/** A variable whose unset value is undefined (its description says what that means). */
const maybe = <T>(v: Omit<Variable<T | undefined>, 'fallback' | 'parse'> & { parse: (s: string) => T }): Variable<T | undefined> => ({
  ...v,
  fallback: undefined,
});

export const VARIABLES = {
  SLACK_BOT_TOKEN: maybe({
    group: 'Slack',
    description: 'Bot token (xoxb-...) from OAuth & Permissions. Unset: `npm start` runs the console chat.',
    secret: true,
    parse: token('xoxb-', 'a bot token', (s) =>
      s.startsWith('xapp-') ? ' (that is an app-level token: put it in SLACK_APP_TOKEN)' : s.startsWith('xoxp-') ? ' (that is a user token)' : '',
    ),
  }),
  SLACK_APP_TOKEN: maybe({
    group: 'Slack',
    description: 'Socket Mode: the app-level token (xapp-...) with connections:write. When set, Socket Mode is used.',
    secret: true,
    parse: token('xapp-', 'an app-level token (Basic Information → App-Level Tokens, scope connections:write)'),
  }),
  SLACK_SIGNING_SECRET: maybe({
    group: 'Slack',
    description: 'HTTP mode: the signing secret from Basic Information (used when SLACK_APP_TOKEN is unset).',
    secret: true,
    parse: (s) => (!/\s/.test(s) && s.length >= 16 ? s : expected('the signing secret from Basic Information (32 hexadecimal characters)')),
  }),
  PORT: given(3000, { group: 'Slack', description: 'HTTP mode: the port for POST /slack/events, /healthz, /readyz and /metrics.', parse: port }),
  HOST: maybe({ group: 'Slack', description: 'The address the HTTP server binds to.', shownDefault: 'all interfaces', parse: text }),
  SLACK_API_URL: given('https://slack.com/api/', {
    group: 'Slack',
    description: 'Another Slack Web API base (GovSlack: https://slack-gov.com/api/, tests).',
    parse: httpUrl,
  }),
  KUBE_DOCTOR_COMMAND: given('/kube-doctor', {
    group: 'Slack',
    description: 'The slash command name (change manifest.yml to match).',
    parse: (s) => (/^\/[a-z0-9_-]{1,31}$/.test(s) ? s : expected('"/" followed by up to 31 lowercase letters, digits, "-" or "_"')),
  }),
  KUBE_DOCTOR_LANG: given<(typeof LANGS)[number]>('en', {
    group: 'Slack',
    description: 'Reply language when the message does not decide (and the console chat): en or zh.',
    parse: oneOf(LANGS),
  }),
  KUBE_DOCTOR_MAX_FILE_BYTES: given(2 * 1024 * 1024, {
    group: 'Slack',
    description: 'Snippets larger than this many bytes are not read.',
    parse: wholeNumber(1, Number.MAX_SAFE_INTEGER),
  }),
  KUBE_DOCTOR_FEEDBACK_LOG: maybe({ group: 'Slack', description: 'Append 👍/👎 feedback to this file as JSON lines (it is always logged).', parse: text }),

  KUBE_DOCTOR_RULES: given(DEFAULT_RULES_DIR, {
    group: 'Rules and data',
    description: 'Rules folder, or several PATH-style (/app/rules:/etc/kube-doctor/rules): later folders add rules and override earlier ones by id.',
    shownDefault: 'the bundled rules/',
    parse: text,
  }),
  RULES_RELOAD_SECONDS: given(10, {
    group: 'Rules and data',
    description: 'How often the Slack bot checks the rules folders for changes (hot reload), in seconds.',
    parse: wholeNumber(1, 86_400),
  }),
  KUBE_DOCTOR_DATA_DIR: given('.kube-doctor', {
    group: 'Rules and data',
    description: 'Folder for what kube-doctor keeps (the unmatched pastes, the rules cache).',
    parse: text,
  }),
  KUBE_DOCTOR_UNMATCHED_FILE: maybe({
    group: 'Rules and data',
    description: 'Where the Slack bot keeps pastes that no rule matched (redacted, bounded); `kube-doctor unmatched` lists them.',
    shownDefault: 'KUBE_DOCTOR_DATA_DIR/unmatched.jsonl',
    parse: text,
  }),
  KUBE_DOCTOR_CACHE_DIR: maybe({
    group: 'Rules and data',
    description: 'Where validated rules are cached, so an unchanged rule set loads without re-validating.',
    shownDefault: 'KUBE_DOCTOR_DATA_DIR/cache when that is set, else $XDG_CACHE_HOME/kube-doctor or ~/.cache/kube-doctor',
    parse: text,
  }),

  KUBECONFIG: maybe({
    group: 'Live lookups (pod names)',
    description: 'Kubeconfig file(s), PATH-style. Unset: ~/.kube/config for the CLI (the bot only with KUBE_LIVE=on), else the in-cluster service account.',
    parse: text,
  }),
  KUBE_LIVE: given(false, {
    group: 'Live lookups (pod names)',
    description: 'true (or on): the Slack bot also reads ~/.kube/config when KUBECONFIG is unset.',
    parse: boolean,
  }),
  KUBE_CONTEXT: maybe({
    group: 'Live lookups (pod names)',
    description: 'Kubeconfig context to use.',
    shownDefault: "the kubeconfig's current-context",
    parse: text,
  }),
  KUBE_IN_CLUSTER: given(false, {
    group: 'Live lookups (pod names)',
    description: "true: use the pod's service account even when a kubeconfig exists.",
    parse: boolean,
  }),
  KUBE_DEFAULT_NAMESPACE: maybe({
    group: 'Live lookups (pod names)',
    description: 'Where a bare pod name is looked for first.',
    shownDefault: 'the context\'s namespace, else "default"',
    parse: namespace,
  }),
  ALLOWED_NAMESPACES: maybe({
    group: 'Live lookups (pod names)',
    description:
      'Comma list of namespaces that may be read, or * for any. Unset: the CLI may read any (your RBAC applies), the bot only the default namespace.',
    parse: parseNamespaceList,
  }),
  KUBE_CHANNEL_NAMESPACES: maybe({
    group: 'Live lookups (pod names)',
    description: 'What each Slack channel may read: C123=shop,payments;C456=*;*=default (within ALLOWED_NAMESPACES). When set, unlisted channels read nothing.',
    parse: parseChannelNamespaces,
  }),
  KUBE_ALLOWED_USERS: maybe({
    group: 'Live lookups (pod names)',
    description: 'Comma list of Slack user ids allowed to look pods up.',
    shownDefault: 'everyone',
    parse: list,
  }),
  KUBE_READ_LOGS: given(false, {
    group: 'Live lookups (pod names)',
    description: "true: read the tail of a crashed container's previous log (needs pods/log).",
    parse: boolean,
  }),
  KUBE_LOG_LINES: given(30, { group: 'Live lookups (pod names)', description: 'How many log lines are read.', parse: wholeNumber(1, 500) }),
  KUBE_READ_NODES: given(true, {
    group: 'Live lookups (pod names)',
    description: "false: never read nodes (a NotReady node's conditions need the ClusterRole in deploy/rbac).",
    parse: boolean,
  }),
  KUBE_TIMEOUT_MS: given(5000, {
    group: 'Live lookups (pod names)',
    description: 'Timeout of every Kubernetes API call, in milliseconds.',
    parse: wholeNumber(100, 120_000),
  }),
  KUBE_MAX_PODS: given(20, { group: 'Live lookups (pod names)', description: 'How many pods of a workload are examined.', parse: wholeNumber(1, 200) }),

  REDIS_URL: maybe({
    group: 'Shared state (several replicas)',
    description: 'redis://[user:password@]host:6379[/db] or rediss://... (TLS). Unset: the state (dedupe, rate limits, button reports) stays in memory.',
    secret: true,
    parse: redisUrl,
  }),
  REDIS_TLS: given(false, {
    group: 'Shared state (several replicas)',
    description: 'true: TLS on a redis:// URL (managed Redis that hands out redis:// URLs).',
    parse: boolean,
  }),
  REDIS_KEY_PREFIX: given('kube-doctor:', {
    group: 'Shared state (several replicas)',
    description: 'Put before every key, so several bots can share one Redis.',
    parse: text,
  }),
  KUBE_DOCTOR_LARGE_PASTE_BYTES: given(100_000, {
    group: 'Shared state (several replicas)',
    description: "A paste at least this many bytes counts against its sender's rate limit.",
    parse: wholeNumber(1, Number.MAX_SAFE_INTEGER),
  }),
  KUBE_DOCTOR_LARGE_PASTES_PER_USER: given(10, {
    group: 'Shared state (several replicas)',
    description: 'How many large pastes one user may send per window.',
    parse: wholeNumber(1, 1_000_000),
  }),
  KUBE_DOCTOR_RATE_WINDOW_SECONDS: given(600, {
    group: 'Shared state (several replicas)',
    description: 'The rate-limit window, in seconds.',
    parse: wholeNumber(1, 86_400),
  }),

  LOG_LEVEL: given<'debug' | 'info' | 'warn' | 'error'>('info', {
    group: 'Operations',
    description: 'debug, info, warn or error.',
    parse: oneOf(['debug', 'info', 'warn', 'error'] as const),
  }),
  HEALTH_PORT: given(8080, {
    group: 'Operations',
    description: 'Socket Mode: the port for /healthz, /readyz and /metrics (HTTP mode serves them on PORT).',
    parse: port,
  }),
};

export type VariableName = keyof typeof VARIABLES;

/** The parsed configuration: one field per variable, typed, defaults applied. */
export type Config = { [K in VariableName]: (typeof VARIABLES)[K]['fallback'] | ReturnType<(typeof VARIABLES)[K]['parse']> };

/** The configuration with nothing set: every default. */
export const defaultConfig = (): Config => Object.fromEntries(Object.entries(VARIABLES).map(([name, v]) => [name, v.fallback])) as Config;
