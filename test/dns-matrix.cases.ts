// The founding failure, DNS at image pull, in every wording the programs print it and in every place a user copies
// it from. Each resolver message × each carrier must give image-pull-dns first. The messages come from their sources
// (cited in rules/image-pull/dns.yml): Go's resolver (net/dnsclient_unix.go, net/net.go), glibc and musl gai_strerror,
// and the runtimes' wrappers (containerd, CRI-O/podman's containers/image, dockershim and the Docker daemon).
import { describe, expect, test } from '@jest/globals';
import { diagnose } from '../src/diagnose/diagnose.js';
import { loadKnowledgeBase } from '../src/rules/load.js';

const kb = loadKnowledgeBase();

/** How the resolver failure reads after `dial tcp: ` (the host is always the registry's). */
const RESOLVER: [string, (host: string) => string][] = [
  // Go's pure resolver (net.DNSError: "lookup NAME on SERVER: ERR"), IPv4 and IPv6 servers, and without a server
  ['go no such host', (h) => `lookup ${h} on 10.0.0.2:53: no such host`],
  ['go server misbehaving', (h) => `lookup ${h} on 127.0.0.53:53: server misbehaving`],
  ['go i/o timeout (read udp)', (h) => `lookup ${h} on 10.96.0.10:53: read udp 10.244.1.5:50796->10.96.0.10:53: i/o timeout`],
  ['go connection refused (read udp)', (h) => `lookup ${h} on 127.0.0.1:53: read udp 127.0.0.1:41234->127.0.0.1:53: read: connection refused`],
  ['go connection refused (dial udp)', (h) => `lookup ${h} on 192.168.1.1:53: dial udp 192.168.1.1:53: connect: connection refused`],
  [
    'go network is unreachable (IPv6 server)',
    (h) => `lookup ${h} on [2001:4860:4860::8888]:53: dial udp [2001:4860:4860::8888]:53: connect: network is unreachable`,
  ],
  ['go i/o timeout (IPv6 server)', (h) => `lookup ${h} on [fd00:10:96::a]:53: read udp [fd00:10:244::5]:41234->[fd00:10:96::a]:53: i/o timeout`],
  ['go no route to host (IPv6 link-local server with zone)', (h) => `lookup ${h} on [fe80::1%eth0]:53: dial udp [fe80::1%eth0]:53: connect: no route to host`],
  ['go no such host, no server', (h) => `lookup ${h}: no such host`],
  ['go no answer from DNS server', (h) => `lookup ${h} on 10.0.0.2:53: no answer from DNS server`],
  ['go cannot unmarshal DNS message', (h) => `lookup ${h} on 10.0.0.2:53: cannot unmarshal DNS message`],
  // glibc gai_strerror, through Go's cgo resolver
  ['glibc EAI_AGAIN', (h) => `lookup ${h}: Temporary failure in name resolution`],
  ['glibc EAI_NONAME', (h) => `lookup ${h}: Name or service not known`],
  ['glibc EAI_NODATA', (h) => `lookup ${h}: No address associated with hostname`],
  ['glibc EAI_FAIL', (h) => `lookup ${h}: Non-recoverable failure in name resolution`],
  // musl gai_strerror (Alpine-based runtimes, k3s)
  ['musl EAI_AGAIN', (h) => `lookup ${h}: Try again`],
  ['musl EAI_NONAME', (h) => `lookup ${h}: Name does not resolve`],
  ['musl EAI_NODATA', (h) => `lookup ${h}: Name has no usable address`],
];

/** The runtime's error around the resolver failure, as it reaches the kubelet's "Failed to pull image" message. */
const WRAPPER: [string, (dns: (h: string) => string) => string][] = [
  [
    'containerd',
    (dns) =>
      `rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:1.25": failed to resolve reference "docker.io/library/nginx:1.25": failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/1.25": dial tcp: ${dns('registry-1.docker.io')}`,
  ],
  ['CRI-O', (dns) => `rpc error: code = Unknown desc = pinging container registry quay.io: Get "https://quay.io/v2/": dial tcp: ${dns('quay.io')}`],
  [
    'podman',
    (dns) => `initializing source docker://quay.io/acme/web:2: pinging container registry quay.io: Get "https://quay.io/v2/": dial tcp: ${dns('quay.io')}`,
  ],
  [
    'dockershim',
    (dns) => `rpc error: code = Unknown desc = Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: ${dns('registry-1.docker.io')}`,
  ],
  [
    'Docker daemon, 2016',
    (dns) =>
      `image pull failed for gcr.io/google_containers/pause:2.0, this may be because there are no credentials on this request.  details: (Error response from daemon: Get https://gcr.io/v1/_ping: dial tcp: ${dns('gcr.io')})`,
  ],
];

const jsonString = (s: string) => JSON.stringify(s).slice(1, -1);

/** Where a user copies the message from. `pull` is the whole runtime error. */
const CARRIER: [string, (pull: string) => string][] = [
  [
    'describe events',
    (p) =>
      `Events:\n  Type     Reason     Age                From               Message\n  ----     ------     ----               ----               -------\n  Normal   Pulling    3s (x4 over 96s)   kubelet            Pulling image "nginx:1.25"\n  Warning  Failed     3s (x4 over 96s)   kubelet            Failed to pull image "nginx:1.25": ${p}\n  Warning  Failed     3s (x4 over 96s)   kubelet            Error: ErrImagePull\n  Normal   BackOff    1s (x6 over 95s)   kubelet            Back-off pulling image "nginx:1.25"\n  Warning  Failed     1s (x6 over 95s)   kubelet            Error: ImagePullBackOff`,
  ],
  [
    'get events',
    (p) =>
      `LAST SEEN   TYPE      REASON    OBJECT            MESSAGE\n12s         Warning   Failed    pod/web-7d9f8-x   Failed to pull image "nginx:1.25": ${p}\n12s         Warning   Failed    pod/web-7d9f8-x   Error: ErrImagePull`,
  ],
  [
    'kubelet journal (escaped quotes)',
    (p) =>
      `Feb 01 10:00:00 node-1 kubelet[812]: E0201 10:00:00.123456     812 remote_image.go:180] "PullImage from image service failed" err=${JSON.stringify(p)} image="nginx:1.25"`,
  ],
  [
    'k3s journal (doubly escaped quotes)',
    (p) =>
      `Apr 09 15:43:05 node-1 k3s[2841]: E0409 15:43:05.846964    2841 pod_workers.go:191] Error syncing pod 8a8c5d93 ("web-7d9f8-x_default(8a8c5d93)"), skipping: failed to "StartContainer" for "web" with ErrImagePull: "${jsonString(`Failed to pull image "nginx:1.25": ${p}`)}"`,
  ],
  [
    'containerd journal (logfmt)',
    (p) =>
      `Feb 01 10:00:00 node-1 containerd[640]: time="2024-02-01T10:00:00.123456789Z" level=error msg="PullImage \\"nginx:1.25\\" failed" error=${JSON.stringify(p)}`,
  ],
  [
    'sandbox pause image (FailedCreatePodSandBox)',
    (p) =>
      `  Warning  FailedCreatePodSandBox  4s  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox image "registry.k8s.io/pause:3.10": failed to pull image "registry.k8s.io/pause:3.10": ${p.replace(/^rpc error: code = Unknown desc = /, '')}`,
  ],
  [
    '-o yaml status',
    (p) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-7d9f8-x\n  namespace: default\nstatus:\n  phase: Pending\n  containerStatuses:\n  - name: web\n    image: nginx:1.25\n    ready: false\n    restartCount: 0\n    state:\n      waiting:\n        reason: ErrImagePull\n        message: '${p.replace(/'/g, "''")}'\n`,
  ],
  [
    '-o json status',
    (p) =>
      JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'web-7d9f8-x', namespace: 'default' },
          status: {
            phase: 'Pending',
            containerStatuses: [
              { name: 'web', image: 'nginx:1.25', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull', message: p } } },
            ],
          },
        },
        null,
        2,
      ),
  ],
  [
    'Slack-mangled (entities, auto-links, smart quotes)',
    (p) =>
      `my pod is stuck: &gt; Warning  Failed  3s  kubelet  Failed to pull image “nginx:1.25”: ${p
        .replace(/"/g, '&quot;')
        .replace(/(https?:\/\/[^\s&]+)/g, '<$1>')
        .replace(/lookup ([\w.-]+)/, 'lookup <http://$1|$1>')}`,
  ],
];

const firstCategory = (text: string) => diagnose(text, kb).findings[0]?.category;

describe('every resolver message in every carrier gives image-pull-dns first', () => {
  const cases = RESOLVER.flatMap(([resolver, dns], i) =>
    CARRIER.map(([carrier, wrap], j) => {
      const [wrapper, around] = WRAPPER[(i + j) % WRAPPER.length];
      return [`${resolver} · ${wrapper} · ${carrier}`, wrap(around(dns))] as const;
    }),
  );
  test.each(cases)('%s', (_name, text) => {
    expect(firstCategory(text)).toBe('image-pull-dns');
  });

  test.each(WRAPPER.flatMap(([wrapper, around]) => CARRIER.map(([carrier, wrap]) => [`${wrapper} · ${carrier}`, wrap(around(RESOLVER[0][1]))] as const)))(
    'every wrapper: %s',
    (_name, text) => {
      expect(firstCategory(text)).toBe('image-pull-dns');
    },
  );
});

describe('no lost matches: a long message matches as a short one does', () => {
  const failure = WRAPPER[0][1](RESOLVER[15][1]); // musl "Try again" through containerd
  test.each([1000, 3700, 4100, 4300, 5000, 8200, 20000, 100000])('event message padded to %i characters', (size) => {
    // A real long message: the runtime lists every mirror it tried before the one that failed.
    const mirror = (n: number) =>
      `failed to do request: Head "https://mirror-${n}.example.com/v2/library/nginx/manifests/1.25": dial tcp 10.1.${n % 250}.9:443: connect: connection refused; `;
    let padding = '';
    for (let n = 0; padding.length + failure.length < size; n++) padding += mirror(n);
    const text = `  Warning  Failed  3s  kubelet  Failed to pull image "nginx:1.25": rpc error: code = Unknown desc = ${padding}${failure}`;
    expect(firstCategory(text)).toBe('image-pull-dns');
  });

  test('a match that spans any cut: the pull wording 1.5 KB before the lookup, at every offset around 4 and 8 KB', () => {
    const filler = (n: number) => 'x'.repeat(n);
    const tail = `${filler(1500)} dial tcp: lookup registry-1.docker.io: Try again`;
    for (let offset = 2000; offset <= 9000; offset += 97) {
      const text = `  Warning  Failed  3s  kubelet  ${filler(offset)} Failed to pull image "nginx:1.25": ${tail} ${filler(200)}`;
      expect([offset, firstCategory(text)]).toEqual([offset, 'image-pull-dns']);
    }
  });

  test('the failure at the very start of a 5 KB message, with the rest after it', () => {
    const text = `  Warning  Failed  3s  kubelet  Failed to pull image "nginx:1.25": ${WRAPPER[3][1](RESOLVER[0][1])}; ${'x'.repeat(5000)}`;
    expect(firstCategory(text)).toBe('image-pull-dns');
  });
});

describe('not a DNS failure at image pull', () => {
  test("the application's own DNS failure in a crash message", () => {
    const crash = `State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n      Reason:       Error\n      Message:      panic: failed to connect to database: dial tcp: lookup postgres.default.svc.cluster.local on 10.96.0.10:53: no such host\n      Exit Code:    2`;
    const d = diagnose(`Name: web-1\nNamespace: default\nContainers:\n  web:\n    Image: acme/web:2\n    ${crash}\n`, kb);
    expect(d.findings.map((f) => f.category)).not.toContain('image-pull-dns');
    for (const [resolver, dns] of RESOLVER) {
      const log = `Feb 01 10:00:00 node-1 web[812]: level=error msg="cannot reach the cache" error="dial tcp: ${dns('redis.cache.svc.cluster.local')}" (${resolver})`;
      expect(diagnose(log, kb).findings.map((f) => f.category)).not.toContain('image-pull-dns');
    }
  });

  test('a TCP timeout to a registry whose name resolved', () => {
    const text = `  Warning  Failed  3s  kubelet  Failed to pull image "nginx:1.25": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:1.25": failed to resolve reference "docker.io/library/nginx:1.25": failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/1.25": dial tcp 54.236.113.205:443: i/o timeout`;
    const categories = diagnose(text, kb).findings.map((f) => f.category);
    expect(categories[0]).toBe('image-pull-network-timeout');
    expect(categories).not.toContain('image-pull-dns');
  });
});
