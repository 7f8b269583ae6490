// The configuration: one schema (src/config/schema.ts) for every environment variable. A copied .env.example —
// every value blank — must mean "all defaults"; .env.example, the README and docs/ must match the schema.
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { renderEnvExample } from '../src/config/env-example.js';
import { ConfigError, loadEnvFile, readConfig } from '../src/config/read.js';
import { VARIABLES } from '../src/config/schema.js';
import { DEFAULT_RULES_DIR } from '../src/rules/load.js';

const root = new URL('../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');
const names = Object.keys(VARIABLES);

describe('the schema', () => {
  test('a blank value is unset: a copied .env.example gives exactly the defaults', () => {
    const env = parseDotenv(read('.env.example'));
    expect(Object.keys(env).sort()).toEqual([...names].sort());
    expect(Object.values(env).every((v) => v === '')).toBe(true);
    const config = readConfig(env);
    expect(config).toEqual(readConfig({}));
    expect(config).toMatchObject({ KUBE_DOCTOR_RULES: DEFAULT_RULES_DIR, RULES_RELOAD_SECONDS: 10, HEALTH_PORT: 8080, PORT: 3000, SLACK_BOT_TOKEN: undefined });
    expect(readConfig({ RULES_RELOAD_SECONDS: '   ', KUBE_DOCTOR_RULES: ' ' })).toMatchObject({
      RULES_RELOAD_SECONDS: 10,
      KUBE_DOCTOR_RULES: DEFAULT_RULES_DIR,
    });
  });

  test('values are trimmed and parsed', () => {
    expect(
      readConfig({
        RULES_RELOAD_SECONDS: ' 30 ',
        KUBE_READ_NODES: 'off',
        ALLOWED_NAMESPACES: 'shop, payments',
        KUBE_ALLOWED_USERS: 'U1,U2',
        LOG_LEVEL: 'DEBUG',
      }),
    ).toMatchObject({
      RULES_RELOAD_SECONDS: 30,
      KUBE_READ_NODES: false,
      ALLOWED_NAMESPACES: ['shop', 'payments'],
      KUBE_ALLOWED_USERS: ['U1', 'U2'],
      LOG_LEVEL: 'debug',
    });
  });

  test('every malformed value is named in one error, with what was expected', () => {
    let error: unknown;
    try {
      readConfig({ RULES_RELOAD_SECONDS: '0', HEALTH_PORT: '99999', KUBE_LOG_LINES: 'many' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'RULES_RELOAD_SECONDS is malformed: expected a whole number from 1 to 86400, got "0".',
      'KUBE_LOG_LINES is malformed: expected a whole number from 1 to 500, got "many".',
      'HEALTH_PORT is malformed: expected a port number 0-65535, got "99999".',
    ]);
    expect((error as Error).message).toContain('See .env.example');
  });

  test('a secret is never echoed back', () => {
    expect(() => readConfig({ REDIS_URL: 'http://admin:hunter2hunter2@redis' })).toThrow('REDIS_URL is malformed: expected redis://host:6379');
    expect(() => readConfig({ REDIS_URL: 'http://admin:hunter2hunter2@redis' })).not.toThrow(/hunter2/);
  });

  test('every variable has one line of documentation, ending with a full stop', () => {
    for (const [name, v] of Object.entries(VARIABLES)) expect([name, v.description]).toEqual([name, expect.stringMatching(/^[^\n]{10,200}\.$/)]);
  });
});

describe('.env', () => {
  test('.env.example is generated from the schema (npm run env:example)', () => {
    expect(read('.env.example')).toBe(renderEnvExample());
  });

  test('.env is read without overriding the environment; its blank lines are unset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kd-env-'));
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxb-from-file\nPORT=4000\nHEALTH_PORT=\nKUBE_DOCTOR_RULES=\n');
    const env: Record<string, string | undefined> = { PORT: '5000', RULES_RELOAD_SECONDS: ' ' };
    loadEnvFile(env, join(dir, '.env'));
    expect(env).toEqual({ SLACK_BOT_TOKEN: 'xoxb-from-file', PORT: '5000' });
    expect(readConfig(env)).toMatchObject({
      SLACK_BOT_TOKEN: 'xoxb-from-file',
      PORT: 5000,
      HEALTH_PORT: 8080,
      RULES_RELOAD_SECONDS: 10,
      KUBE_DOCTOR_RULES: DEFAULT_RULES_DIR,
    });
  });
});

describe('the docs match the code', () => {
  // Names the docs may mention that kube-doctor does not read: Node's, the kubelet's, the XDG cache base, and the
  // secret-looking keys docs/redaction.md gives as examples of what is redacted in pastes.
  const FOREIGN = new Set(['NODE_ENV', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'XDG_CACHE_HOME', 'API_KEY', 'TOKEN_FILE']);
  const docFiles = [
    'README.md',
    ...readdirSync(new URL('docs/', root))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const deployFiles = readdirSync(new URL('deploy/', root), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.ya?ml$/.test(d.name))
    .map((d) => join(d.parentPath, d.name));
  // An environment variable as the docs write one: in backticks, or set (`NAME=`, `- name: NAME`).
  const mentioned = (text: string) =>
    new Set([...text.matchAll(/(?:`|\bname: |\$\{?)([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b|\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)=/g)].map((m) => m[1] ?? m[2]));

  test.each(docFiles)('every variable %s names is in the schema', (file) => {
    const unknown = [...mentioned(read(file))].filter((n) => !(n in VARIABLES) && !FOREIGN.has(n));
    expect(unknown).toEqual([]);
  });

  test('every variable the deploy manifests set is in the schema', () => {
    const unknown = deployFiles.flatMap((f) => [...mentioned(readFileSync(f, 'utf8'))]).filter((n) => !(n in VARIABLES) && !FOREIGN.has(n));
    expect(unknown).toEqual([]);
  });

  test('every variable in the schema is documented in the README or docs/', () => {
    const docs = docFiles.map(read).join('\n');
    const undocumented = names.filter((n) => !new RegExp(`\`${n}[\`=]`).test(docs));
    expect(undocumented).toEqual([]);
  });
});
