// `npm run bench`: how fast diagnosis is, and how it grows with paste size and rule count. Prints a table; not a test.
// Targets (2-core machine, warm): typical describe < 2 ms; 1 MB of events < 100 ms; 3000 rules ≤ 3× 30 rules;
// peak memory for a 5 MB paste < 200 MB.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { diagnose } from '../src/diagnose/diagnose.js';
import { compileKnowledgeBase, loadKnowledgeBase, ruleFiles, type KnowledgeBase } from '../src/rules/load.js';

// The bundled rules, named from here: compiled, this file runs from dist-tools/bench/ (see tsconfig.tools.json).
const RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

const TYPICAL_DESCRIBE = `Name:             hello-minikube-67b8c7bdfd-965qn
Namespace:        default
Priority:         0
Service Account:  default
Node:             minikube/192.168.64.2
Start Time:       Tue, 01 Nov 2022 21:40:12 +0800
Labels:           app=hello-minikube
                  pod-template-hash=67b8c7bdfd
Annotations:      <none>
Status:           Pending
IP:               172.17.0.3
IPs:
  IP:           172.17.0.3
Controlled By:  ReplicaSet/hello-minikube-67b8c7bdfd
Containers:
  echo-server:
    Container ID:
    Image:          docker.io/nginx:1.23
    Image ID:
    Port:           <none>
    Host Port:      <none>
    State:          Waiting
      Reason:       ImagePullBackOff
    Ready:          False
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-8xk2s (ro)
Conditions:
  Type              Status
  Initialized       True
  Ready             False
  ContainersReady   False
  PodScheduled      True
Volumes:
  kube-api-access-8xk2s:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age              From               Message
  ----     ------     ----             ----               -------
  Normal   Scheduled  15s              default-scheduler  Successfully assigned default/hello-minikube-67b8c7bdfd-965qn to minikube
  Normal   Pulling    8s               kubelet            Pulling image "docker.io/nginx:1.23"
  Warning  Failed     8s               kubelet            Failed to pull image "docker.io/nginx:1.23": rpc error: code = Unknown desc = Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 192.168.64.1:53: server misbehaving
  Warning  Failed     8s               kubelet            Error: ErrImagePull
  Normal   BackOff    6s (x2 over 7s)  kubelet            Back-off pulling image "docker.io/nginx:1.23"
  Warning  Failed     6s (x2 over 7s)  kubelet            Error: ImagePullBackOff
`;

const EVENT_MESSAGES = [
  (i: number) => `Normal    Pulling   pod/web-${i}   Pulling image "registry.example.com/web:${i}"`,
  (i: number) =>
    `Warning   Failed    pod/web-${i}   Failed to pull image "registry.example.com/web:${i}": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/web:${i}": failed to resolve reference "registry.example.com/web:${i}": registry.example.com/web:${i}: not found`,
  (i: number) =>
    `Warning   FailedScheduling   pod/job-${i}   0/${(i % 9) + 3} nodes are available: ${(i % 3) + 1} Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.`,
  (i: number) =>
    `Warning   Unhealthy   pod/api-${i}   Readiness probe failed: Get "http://10.1.${i % 250}.5:8080/ready": dial tcp 10.1.${i % 250}.5:8080: connect: connection refused`,
  (i: number) => `Normal    Started   pod/api-${i}   Started container api`,
  (i: number) => `Warning   BackOff   pod/worker-${i}   Back-off restarting failed container worker in pod worker-${i}_default(5b9c${i})`,
];

function eventsPaste(bytes: number): string {
  const lines = ['LAST SEEN   TYPE      REASON    OBJECT    MESSAGE'];
  let size = lines[0].length;
  for (let i = 0; size < bytes; i++) {
    const line = `${(i % 59) + 1}s        ${EVENT_MESSAGES[i % EVENT_MESSAGES.length](i)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/** Rules that look like real ones (a reason or a distinctive message), none of which match the pastes. */
function syntheticRules(n: number): string {
  const out: string[] = ['rules:'];
  for (let i = 0; i < n; i++) {
    const match = i % 4 === 0 ? `reason: SyntheticReason${i}` : `message: 'synthetic failure zq${i}x in (?<component>[\\w-]+): (?<detail>.+)'`;
    out.push(`  - id: synthetic-${i}
    category: other
    specificity: ${(i % 90) + 5}
    title: Synthetic ${i}
    cause: Synthetic cause {detail}
    fix: [Nothing to do]
    match:
      - ${match}
    examples:
      match: ['synthetic failure zq${i}x in x: y']`);
  }
  return out.join('\n') + '\n';
}

function knowledgeBaseWith(extra: number): KnowledgeBase {
  const real = ruleFiles(RULES_DIR).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  return compileKnowledgeBase([...real, { file: 'synthetic.yml', text: syntheticRules(extra) }]);
}

function median(fn: () => void, runs: number): number {
  for (let i = 0; i < Math.min(5, runs); i++) fn(); // warm up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function peakMemoryChild(): void {
  const text = eventsPaste(5 * 1024 * 1024);
  const kb = loadKnowledgeBase(RULES_DIR);
  const d = diagnose(text, kb);
  process.stdout.write(JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024, findings: d.findings.length }));
}

function main(): void {
  const kb = loadKnowledgeBase(RULES_DIR);
  const rows: [string, string, string][] = [];
  const typical = median(() => diagnose(TYPICAL_DESCRIBE, kb), 500);
  rows.push(['typical describe paste (founding case)', `${typical.toFixed(3)} ms`, 'target < 2 ms']);
  const oneMb = eventsPaste(1024 * 1024);
  const big = median(() => diagnose(oneMb, kb), 9);
  rows.push(['1 MB of `kubectl get events`', `${big.toFixed(1)} ms`, 'target < 100 ms']);
  const scale: Record<number, number> = {};
  for (const n of [30, 300, 3000]) {
    const kbn = knowledgeBaseWith(n);
    scale[n] = median(() => diagnose(oneMb, kbn), 7);
    const t = median(() => diagnose(TYPICAL_DESCRIBE, kbn), 300);
    rows.push([`${n} extra rules (${kbn.rules.length} in all): 1 MB / typical`, `${scale[n].toFixed(1)} ms / ${t.toFixed(3)} ms`, '']);
  }
  rows.push(['3000 rules ÷ 30 rules (1 MB paste)', `${(scale[3000] / scale[30]).toFixed(2)}×`, 'target ≤ 3×']);
  const child = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--peak-memory'], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  rows.push(['peak memory (max RSS) diagnosing a 5 MB paste', `${child.maxRssMB.toFixed(0)} MB`, 'target < 200 MB']);
  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`kube-doctor diagnose benchmark (median of repeated warm runs, ${kb.rules.length} bundled rules, Node ${process.version})\n\n`);
  for (const [name, value, target] of rows) process.stdout.write(`${name.padEnd(width)}  ${value.padStart(22)}  ${target}\n`);
}

if (process.argv.includes('--peak-memory')) peakMemoryChild();
else main();
