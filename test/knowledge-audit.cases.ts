// Issue #16, the knowledge audit: each corrected item is pinned here by what a user would see — the wrong advice no
// longer appears, or the right rule is found first — and a risky step carries its warning in every renderer.
import { describe, expect, test } from '@jest/globals';
import { diagnose, type Finding } from '../src/diagnose/diagnose.js';
import { toJson } from '../src/render/json.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderText } from '../src/render/text.js';
import { loadKnowledgeBase } from '../src/rules/load.js';
import type { RuleSpec } from '../src/rules/schema.js';
import type { Lang } from '../src/model/lang.js';
import { diagnosisMessages } from '../src/slack/blocks.js';

const kb = loadKnowledgeBase();
const spec = (id: string): RuleSpec => {
  const r = kb.rules.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r.spec;
};
const first = (text: string, lang: Lang = 'en'): Finding | undefined => diagnose(text, kb, { lang }).findings[0];
const ruleIds = (text: string) => diagnose(text, kb).findings.map((f) => f.rule);
/** Every text a user can read from a rule: title, cause, fix steps (both languages), commands, warnings. */
const allText = (id: string) => JSON.stringify(spec(id));
const commands = (id: string) => spec(id).fix.flatMap((s) => (typeof s === 'string' || !s.run ? [] : Array.isArray(s.run) ? s.run : [s.run]));

const HYPERKIT =
  'Warning  Failed  8s  kubelet  Failed to pull image "docker.io/nginx:1.23": rpc error: code = Unknown desc = Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 192.168.64.1:53: server misbehaving';

describe('1. TLS rules need registry context; cluster certificates have their own rules', () => {
  test('kubectl to an API server with an expired certificate is not answered "renew the registry\'s certificate"', () => {
    const text = 'Unable to connect to the server: x509: certificate has expired or is not yet valid';
    expect(first(text)?.rule).toBe('cluster-cert-expired');
    expect(ruleIds(text).filter((r) => r.startsWith('image-pull'))).toEqual([]);
    expect(first(text)?.fix.flatMap((s) => s.commands)).toContain('sudo kubeadm certs check-expiration');
  });
  test('an API server certificate without the address used is a SAN problem, with certSANs in the fix', () => {
    const f = first('Unable to connect to the server: x509: certificate is valid for 10.96.0.1, 10.0.0.10, not 203.0.113.7');
    expect(f?.rule).toBe('cluster-cert-san-mismatch');
    expect(f?.title).toContain('203.0.113.7');
    expect(f?.fix.map((s) => s.text).join(' ')).toContain('certSANs');
  });
  test("the same error during a pull is still the registry's", () => {
    expect(
      first(
        'Failed to pull image "registry.lab/app:3": rpc error: code = Unknown desc = Error response from daemon: Get "https://registry.lab/v2/": x509: certificate has expired or is not yet valid',
      )?.rule,
    ).toBe('image-pull-tls-expired');
  });
});

test("2. an exec probe whose binary is missing is a probe problem, not the container's command", () => {
  const f = first(
    'Warning  Unhealthy  8s (x3 over 28s)  kubelet  Liveness probe failed: OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown',
  );
  expect(f?.rule).toBe('probe-exec-command-not-found');
  expect(f?.fix.map((s) => s.text).join(' ')).toMatch(/httpGet/);
});

test("3. the Job controller's backoff limit is a failed Job, not the kubelet's back-off", () => {
  const text = '  Warning  BackoffLimitExceeded  2m    job-controller  Job has reached the specified backoff limit';
  expect(first(text)?.rule).toBe('job-backoff-limit-exceeded');
  expect(ruleIds(text)).not.toContain('backoff-explained');
  expect(first('  Warning  DeadlineExceeded  30s   job-controller  Job was active longer than specified deadline')?.rule).toBe('job-deadline-exceeded');
  expect(first('NAME                        READY   STATUS      RESTARTS   AGE\ndb-migrate-28901234-x7k2p   0/1     Completed   0          12m\n')?.rule).toBe(
    'pod-completed',
  );
});

test('4. a Windows image on a Linux node is told apart from a CPU architecture mismatch', () => {
  const f = first(
    'Warning  Failed  4s  kubelet  Failed to pull image "mcr.microsoft.com/windows/servercore:ltsc2022": rpc error: code = Unknown desc = image operating system "windows" cannot be used on this platform',
  );
  expect(f?.rule).toBe('image-pull-os-mismatch');
  expect(allText('image-pull-platform')).toContain('kubernetes.io/os');
});

test("5. the pull timeout is containerd's image_pull_progress_timeout, not the kubelet's --runtime-request-timeout", () => {
  expect(allText('image-pull-network-timeout')).not.toContain('runtime-request-timeout');
  for (const lang of ['en', 'zh'] as const) {
    const f = first(
      'Warning  Failed  20s  kubelet  Failed to pull image "docker.io/library/mysql:8": rpc error: code = Unknown desc = context deadline exceeded',
      lang,
    );
    expect(f?.fix.map((s) => s.text).join(' ')).toContain('image_pull_progress_timeout');
  }
});

test('6. too many pods: no cluster-wide delete of finished pods, and pods are counted with custom-columns', () => {
  const cmds = commands('failed-scheduling-too-many-pods');
  expect(cmds.filter((c) => /\bdelete\b/.test(c) || /awk/.test(c))).toEqual([]);
  expect(cmds.some((c) => c.includes('custom-columns=NODE:.spec.nodeName'))).toBe(true);
});

test('7. a claim without a class gets the new default retroactively (1.28+); no "delete and recreate" by default', () => {
  const text = allText('pvc-no-storage-class');
  expect(text).not.toMatch(/cannot be changed after creation/);
  expect(text).toContain('1.28');
});

describe('8. the founding rule (minikube on hyperkit)', () => {
  test('no lasting fix under /etc in the VM; host-side fixes, the VPNKit socket, other drivers and crictl', () => {
    const text = allText('image-pull-dns-minikube-hyperkit');
    expect(commands('image-pull-dns-minikube-hyperkit').filter((c) => c.includes('resolved.conf'))).toEqual([]);
    for (const needle of ['listen-address', '--hyperkit-vpnkit-sock', 'vfkit', 'qemu', 'sudo crictl pull']) expect(text).toContain(needle);
  });
  test.each(['en', 'zh'] as const)('minikube delete is marked as destroying the cluster in every renderer (%s)', (lang) => {
    const d = diagnose(HYPERKIT, kb, { lang });
    expect(d.findings[0].rule).toBe('image-pull-dns-minikube-hyperkit');
    const step = d.findings[0].fix.find((s) => s.commands.some((c) => c.includes('minikube delete')));
    expect(step?.warning).toMatch(lang === 'en' ? /destroys the cluster/ : /销毁整个集群/);
    const label = lang === 'en' ? 'Warning' : '警告';
    // text: the warning line comes before the step's commands
    const text = renderText(d);
    const w = text.indexOf(`⚠ ${label}: ${step!.warning}`);
    expect(w).toBeGreaterThan(-1);
    expect(text.indexOf(`$ ${step!.commands[0]}`, w)).toBeGreaterThan(w);
    expect(renderMarkdown(d)).toContain(`> ⚠ **${label}:** ${step!.warning}`);
    expect(toJson(d).findings[0].fix.some((s) => s.includes(`⚠ ${label}: ${step!.warning}`) && s.includes('minikube delete'))).toBe(true);
    const slack = JSON.stringify(diagnosisMessages(d, { lang }));
    expect(slack).toContain(`:warning: *${label}:*`);
  });
  test('a step without a risk shows no warning', () => {
    const d = diagnose(HYPERKIT, kb);
    expect(d.findings[0].fix.filter((s) => !s.commands.some((c) => / delete\b/.test(c))).some((s) => s.warning)).toBe(false);
  });
});

test('9. k3s keeps an existing registries.yaml and names the CA; k3d recreates with --registry-config and the CA mounted', () => {
  const overwrite = kb.rules.flatMap((r) => commands(r.id).filter((c) => /\| sudo tee \/etc\/rancher\/k3s\/registries\.yaml/.test(c) && !/test -e/.test(c)));
  expect(overwrite).toEqual([]);
  expect(allText('image-pull-tls')).toContain('ca_file');
  const k3d = commands('image-pull-tls-k3d');
  expect(k3d.some((c) => c.includes('--registry-config') && c.includes('--volume'))).toBe(true);
  expect(k3d.filter((c) => c.includes('systemctl'))).toEqual([]);
});

test("10. a merge patch of a ServiceAccount's imagePullSecrets is never offered without the appending JSON patch", () => {
  for (const r of kb.rules) {
    for (const step of r.spec.fix) {
      if (typeof step === 'string' || !step.run) continue;
      const run = Array.isArray(step.run) ? step.run : [step.run];
      if (run.some((c) => /patch serviceaccount .* -p '\{"imagePullSecrets"/.test(c))) {
        expect({ rule: r.id, append: run.some((c) => c.includes('--type=json') && c.includes('/imagePullSecrets/-')) }).toEqual({ rule: r.id, append: true });
      }
    }
  }
});

test('11. GHCR takes a classic personal access token, not a fine-grained one', () => {
  const cause = spec('image-pull-auth-ghcr').cause;
  expect(typeof cause === 'string' ? cause : cause.en).not.toMatch(/or a fine-grained one/);
  expect(allText('image-pull-auth-ghcr')).toContain('(classic)');
});

test('12. Cilium: the agent on the failing node, and cilium-dbg', () => {
  const cmds = commands('cni-cilium');
  expect(cmds.filter((c) => c.includes('exec ds/cilium'))).toEqual([]);
  expect(cmds.some((c) => c.includes('spec.nodeName=') && c.includes('k8s-app=cilium'))).toBe(true);
  expect(cmds.some((c) => c.includes('cilium-dbg'))).toBe(true);
});

test("13. SignatureValidationFailed comes from the runtime's policy, not from admission webhooks", () => {
  expect(allText('image-signature-validation-failed')).not.toMatch(/Kyverno|Connaisseur/);
});

test('14. no JSON snippet is shown as a command, and daemon.json "dns" is not offered as a fix for the engine\'s pulls', () => {
  expect(
    kb.rules.flatMap((r) =>
      commands(r.id)
        .filter((c) => /^\s*[{[]/.test(c))
        .map((c) => `${r.id}: ${c}`),
    ),
  ).toEqual([]);
  expect(allText('image-pull-dns-docker-desktop')).toMatch(/only changes the DNS given to containers/);
});

describe('15. smaller items', () => {
  test('"Cancelling deletion" is not told as a deleted pod', () => {
    const f = first('5m  Normal  TaintManagerEviction  pod/api-7c5  Cancelling deletion of Pod shop/api-7c5');
    expect(f?.rule).not.toBe('taint-manager-eviction');
  });
  test('ports below 1024 are not said to need root', () => {
    expect(allText('ccce-run-as-non-root')).not.toMatch(/ports below 1024 need root/);
  });
  test('update-ca-certificates (Debian) always comes with update-ca-trust (RHEL family)', () => {
    for (const r of kb.rules) {
      const cmds = commands(r.id);
      if (cmds.some((c) => c.includes('update-ca-certificates')))
        expect({ rule: r.id, rhel: cmds.some((c) => c.includes('update-ca-trust')) }).toEqual({ rule: r.id, rhel: true });
    }
  });
});

test('links: fixed anchors and pages, no end-of-life docs, no repository roots', () => {
  const links = kb.rules.flatMap((r) => r.spec.links.map((l) => `${r.id} ${l}`));
  const bad = links.filter(
    (l) =>
      /#exceed-a-containers-memory-limit|docker-hub\/download-rate-limit|container-platform\/4\.1[0-4]\/|images\/image_manager\.go|github\.com\/k3d-io\/k3d\/?$/.test(
        l,
      ) ||
      (/^image-pull-dns /.test(l) && /for-mac\/issues\/1317|dns-debugging-resolution/.test(l)),
  );
  expect(bad).toEqual([]);
});

describe('the common failures that were missing are found first', () => {
  test.each([
    [
      '[FATAL] plugin/loop: Loop (127.0.0.1:55953 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO 4547991504243258144.3688648895315093531."',
      'coredns-loop',
    ],
    ['[ERROR] plugin/errors: 2 google.com. A: read udp 10.244.0.3:47428->8.8.8.8:53: i/o timeout', 'coredns-upstream-timeout'],
    ['panic: dial tcp: lookup postgres.default.svc.cluster.local on 10.96.0.10:53: no such host', 'service-name-not-resolving'],
    [
      'error when evicting pods/"web-5d9c7b-abcde" -n "shop" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.',
      'drain-blocked-by-pdb',
    ],
    [
      'Status:           Failed\nReason:           Terminated\nMessage:          Pod was terminated in response to imminent node shutdown.\n',
      'node-shutdown-terminated',
    ],
    [
      'NAME                   READY   STATUS                   RESTARTS   AGE\nweb-5d9c7b-abcde       0/1     ContainerStatusUnknown   1          2d\n',
      'container-status-unknown',
    ],
    // an evicted pod's removed containers read ContainerStatusUnknown too: the eviction message is the cause
    [
      'NAME                   READY   STATUS                   RESTARTS   AGE\nweb-5d9c7b-abcde       0/1     ContainerStatusUnknown   1          2d\nStatus:       Failed\nReason:       Evicted\nMessage:      The node was low on resource: memory. Threshold quantity: 100Mi, available: 90000Ki. Container web was using 9000000Ki, request is 2Gi, has larger consumption of memory.\n',
      'evicted-memory',
    ],
    [
      'Warning  UnexpectedAdmissionError  5m  kubelet  Allocate failed due to no healthy devices present; cannot allocate unhealthy devices nvidia.com/gpu, which is unexpected',
      'unexpected-admission-error',
    ],
    ['2024/05/02 10:00:01 [emerg] 1#1: mkdir() "/var/cache/nginx/client_temp" failed (30: Read-only file system)', 'read-only-file-system'],
    [
      'Warning  FailedCreate  12s (x14 over 53s)  replicaset-controller  Error creating: pods "web-5d9c7b-" is forbidden: error looking up service account shop/web-sa: serviceaccount "web-sa" not found',
      'serviceaccount-not-found',
    ],
    ['NAME          READY   STATUS     RESTARTS   AGE\nweb-7f9b6c    0/1     Init:0/1   0          40s\n', 'init-container-waiting'],
    ['java.net.SocketException: Too many open files', 'too-many-open-files'],
    [
      'Warning  FailedPostStartHook  8s  kubelet  Exec lifecycle hook ([/bin/sh -c /opt/init.sh]) for Container "web" in Pod "web-0_shop(1a2b3c)" failed - error: command \'/bin/sh -c /opt/init.sh\' exited with 127: , message: ""',
      'lifecycle-hook-failed',
    ],
    ['Warning  SysctlForbidden  5s  kubelet  forbidden sysctl: "net.core.somaxconn" not allowlisted', 'sysctl-forbidden'],
    // a missing apparmor_parser is the node's AppArmor setup, not "the container's command does not exist"
    [
      'Warning  Failed  3s  kubelet  Error: failed to generate apparmor spec opts: apparmor_parser -V failed: exec: "apparmor_parser": executable file not found in $PATH',
      'seccomp-apparmor-profile',
    ],
    ['error: deployment "web" exceeded its progress deadline', 'deployment-progress-deadline-exceeded'],
    [
      'Warning  ProvisioningFailed  1m  ebs.csi.aws.com_ebs-csi-controller-7b9d-x2  failed to provision volume with StorageClass "gp3": rpc error: code = DeadlineExceeded desc = context deadline exceeded',
      'csi-deadline-exceeded',
    ],
    ['bash: fork: retry: Resource temporarily unavailable', 'pid-limit-reached'],
  ])('%s → %s', (text, rule) => {
    expect(first(text)?.rule).toBe(rule);
  });
  test('draining past a PodDisruptionBudget is marked as risky, in both languages', () => {
    for (const lang of ['en', 'zh'] as const) {
      const f = first('error when evicting pod "zk-0" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.', lang);
      expect(f?.fix.find((s) => s.commands.some((c) => c.includes('--disable-eviction')))?.warning).toMatch(/PodDisruptionBudget/);
    }
  });
  test('every new rule has question keywords in English and Chinese', () => {
    const ids = [
      'coredns-loop',
      'coredns-upstream-timeout',
      'service-name-not-resolving',
      'drain-blocked-by-pdb',
      'deployment-progress-deadline-exceeded',
      'node-shutdown-terminated',
      'container-status-unknown',
      'unexpected-admission-error',
      'read-only-file-system',
      'too-many-open-files',
      'pid-limit-reached',
      'serviceaccount-not-found',
      'init-container-waiting',
      'lifecycle-hook-failed',
      'sysctl-forbidden',
      'seccomp-apparmor-profile',
      'csi-deadline-exceeded',
      'cluster-cert-expired',
      'cluster-cert-san-mismatch',
      'job-backoff-limit-exceeded',
      'job-deadline-exceeded',
      'pod-completed',
      'probe-exec-command-not-found',
      'image-pull-os-mismatch',
    ];
    const lacking = ids.filter((id) => !spec(id).keywords.some((k) => /[\u4e00-\u9fff]/.test(k)) || !spec(id).keywords.some((k) => /^[\x20-\x7e]+$/.test(k)));
    expect(lacking).toEqual([]);
  });
});
