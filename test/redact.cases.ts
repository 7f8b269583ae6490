// Secrets in a paste never come back out: not in text, markdown or JSON output.
import { describe, expect, test } from '@jest/globals';
import { diagnose } from '../src/diagnose/diagnose.js';
import { redact } from '../src/redact/redact.js';
import { render } from '../src/render/render.js';
import { loadKnowledgeBase } from '../src/rules/load.js';

const kb = loadKnowledgeBase();

const SECRETS = [
  'hunter2-very-secret',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAIOSFODNN7EXAMPLE',
  'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx',
  'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  's3cr3tP4ss',
  'ZGVwbG95OmRlcGxveS1wYXNzd29yZA==',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
];

const paste = `Name:             api-7d9f8-x2x9z
Namespace:        shop
Node:             worker-1/10.0.0.12
Status:           Pending
Containers:
  api:
    Image:          registry.example.com/shop/api:1.4.2
    State:          Waiting
      Reason:       CreateContainerConfigError
    Ready:          False
    Restart Count:  0
    Environment:
      DB_PASSWORD:            ${SECRETS[0]}
      AWS_SECRET_ACCESS_KEY:  ${SECRETS[1]}
      AWS_ACCESS_KEY_ID:      ${SECRETS[2]}
      SLACK_TOKEN:            ${SECRETS[3]}
      GREETING:               hello
      API_KEY:                <set to the key 'key' in secret 'api'>  Optional: false
      POD_NAME:                (v1:metadata.name)
    Mounts:                   <none>
Events:
  Type     Reason   Age   From     Message
  ----     ------   ----  ----     -------
  Warning  Failed   5s    kubelet  Failed to pull image "https://deploy:${SECRETS[6]}@registry.example.com/shop/api:1.4.2": rpc error: code = Unknown desc = Get "https://registry.example.com/v2/": dial tcp: lookup registry.example.com on 10.0.0.2:53: no such host (token ${SECRETS[4]})
  Warning  Failed   5s    kubelet  Error: couldn't find key password in Secret shop/db (Authorization: Bearer ${SECRETS[5]})
{"auths":{"registry.example.com":{"auth":"${SECRETS[7]}"}}}
-----BEGIN RSA PRIVATE KEY-----
${SECRETS[8]}
-----END RSA PRIVATE KEY-----
`;

describe('redaction', () => {
  test('no secret from the paste appears in any output format', () => {
    const d = diagnose(paste, kb);
    expect(d.findings.length).toBeGreaterThan(0);
    for (const format of ['text', 'markdown', 'json'] as const) {
      const out = render(d, format);
      for (const secret of SECRETS) expect(out).not.toContain(secret);
    }
  });

  test('names, references and diagnosis-relevant text are kept', () => {
    const out = redact(paste);
    expect(out).toContain('DB_PASSWORD:            [redacted]');
    expect(out).toContain("<set to the key 'key' in secret 'api'>");
    expect(out).toContain('(v1:metadata.name)');
    expect(out).toContain('lookup registry.example.com on 10.0.0.2:53: no such host');
    expect(out).toContain('https://deploy:[redacted]@registry.example.com');
    expect(out).toContain("couldn't find key password in Secret shop/db");
    expect(redact('failed to fetch oauth token: unexpected status: 403 Forbidden')).toBe('failed to fetch oauth token: unexpected status: 403 Forbidden');
    expect(redact('MountVolume.SetUp failed for volume "certs" : secret "webhook-tls" not found')).toContain('secret "webhook-tls" not found');
  });

  test('key=value secrets in log lines', () => {
    expect(redact('level=error msg="login failed" password=abc123 user=bob')).toBe('level=error msg="login failed" password=[redacted] user=bob');
    expect(redact('export GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789')).not.toContain('ghp_');
  });
});

test('an image named like a secret key is not taken for one', () => {
  const line = 'Failed to pull image "headscale-api-key": Error response from daemon: pull access denied for headscale-api-key';
  expect(redact(line)).toBe(line);
  expect(redact('{"api_key": "abc123", "name": "x"}')).toBe('{"api_key": "[redacted]", "name": "x"}');
  expect(redact('  password: hunter2')).toBe('  password: [redacted]');
});

test('a pod JSON stays valid JSON after redaction (objects, arrays and booleans under secret-like keys are kept)', () => {
  const pod = JSON.stringify(
    {
      kind: 'Pod',
      spec: {
        automountServiceAccountToken: false,
        volumes: [{ name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } }],
        containers: [{ name: 'app', image: 'nginx', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }],
      },
    },
    null,
    2,
  );
  const out = redact(pod);
  expect(() => JSON.parse(out)).not.toThrow();
  expect(JSON.parse(out).spec.volumes[0].projected.sources[0].serviceAccountToken.path).toBe('token');
});

test('environment values in -o json and -o yaml are redacted, names kept', () => {
  const json = redact('{"env": [{"name": "GREETING", "value": "hello-secret-world"}]}');
  expect(json).toBe('{"env": [{"name": "GREETING", "value": "[redacted]"}]}');
  const yaml = redact(
    '    env:\n    - name: GREETING\n      value: hello-secret-world\n    - name: POD\n      valueFrom:\n        fieldRef: {fieldPath: metadata.name}\n',
  );
  expect(yaml).not.toContain('hello-secret-world');
  expect(yaml).toContain('- name: GREETING');
  expect(yaml).toContain('fieldPath: metadata.name');
});
