// Fix commands must exist: `rules lint` checks kubectl subcommands and flags against rules/commands/kubectl.json,
// generated from a real kubectl's --help by scripts/kubectl-commands.mjs.
import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkKubectlCommands, loadCommandTable, shellSegments } from '../src/ruleset/commands.js';
import { formatLintProblem, lintDir } from '../src/ruleset/lint.js';
import { DEFAULT_RULES_DIR } from '../src/rules/load.js';

const table = loadCommandTable(DEFAULT_RULES_DIR);
const check = (c: string) => checkKubectlCommands(c, table);

describe('the kubectl table', () => {
  test('comes from a recent kubectl and knows its commands, subcommands, aliases and flags', () => {
    expect(Number(/^v1\.(\d+)\./.exec(table.kubectl)?.[1])).toBeGreaterThanOrEqual(30);
    expect(table.commands['create secret docker-registry'].flags['docker-server']).toBe(true);
    expect(table.commands.top.aliases.pods).toBe('pod');
    expect(table.globalFlags.namespace).toBe(true);
    expect(table.commands.get.flags['all-namespaces']).toBe(false);
  });
});

describe('checking a command line', () => {
  test('real commands pass, whatever the quoting, pipes and placeholders', () => {
    for (const c of [
      'kubectl get pod {pod} -n {namespace} -o jsonpath=\'{.spec.imagePullSecrets}{"\\n"}\'',
      'kubectl -n kube-system get pods -o wide -l k8s-app=cilium --field-selector spec.nodeName={node}',
      'kubectl top pods -A --sort-by=memory | head -20',
      "kubectl exec -it {pod} -n {namespace} -c {container} -- sh -c 'ls -l /app'",
      'kubectl create secret docker-registry regcred -n {namespace} --docker-server=<registry-host[:port]> --docker-username=<user> --docker-password=<token>',
      'kubectl config set-cluster <cluster> --tls-server-name=kubernetes',
      "kubectl -n kube-system get configmap kubeadm-config -o jsonpath='{.data.ClusterConfiguration}' > kubeadm.yaml",
      'kubectl get events -A --sort-by=.lastTimestamp 2>&1 | grep -i error',
    ])
      expect({ c, problems: check(c) }).toEqual({ c, problems: [] });
  });
  test('an unknown subcommand or flag is reported, with the kubectl version', () => {
    expect(check('kubectl get pods -l job-name=x --show-all=false')).toEqual([`\`kubectl get\` has no flag --show-all (kubectl ${table.kubectl})`]);
    expect(check('kubectl neat get pod x')[0]).toMatch(/`kubectl neat` is not a kubectl command/);
    expect(check('kubectl rollout restarts deployment/x')).toEqual([expect.stringMatching(/`kubectl rollout restarts` is not a kubectl command/)]);
    expect(check('kubectl logs x --prev')).toEqual([expect.stringMatching(/`kubectl logs` has no flag --prev/)]);
    expect(check('kubectl top pods --containers')).toEqual([]);
    expect(check('kubectl top nodes --containers')).toEqual([expect.stringMatching(/`kubectl top node` has no flag --containers/)]);
  });
  test('flags that take a value consume it, booleans do not; shorthands combine', () => {
    expect(check('kubectl get -n get pods')).toEqual([]); // "get" after -n is the namespace, not a command
    expect(check('kubectl exec -it x -- bash')).toEqual([]);
    expect(check('kubectl exec -itz x -- bash')).toEqual([expect.stringMatching(/has no flag -z/)]);
  });
  test('kubectl inside $(...), after sudo or env assignments, and after && is checked too', () => {
    expect(check('kubectl -n kube-system exec $(kubectl -n kube-system get pods --bogus -o name) -- ls')).toEqual([
      expect.stringMatching(/`kubectl get` has no flag --bogus/),
    ]);
    expect(check('KUBECONFIG=~/admin.conf kubectl get nodes --nope')).toEqual([expect.stringMatching(/--nope/)]);
    expect(check('sudo kubectl get nodes && kubectl delete pod x --now-please')).toEqual([expect.stringMatching(/`kubectl delete` has no flag --now-please/)]);
    expect(check('minikube ssh "sudo crictl pull x && echo ok"')).toEqual([]);
  });
  test('a shell line splits into its simple commands, quotes removed, redirections dropped', () => {
    expect(shellSegments(`a 'b c' "d|e" | f && g; h $(i j) > out 2>&1 <in.txt`)).toEqual([['a', 'b c', 'd|e'], ['f'], ['g'], ['i', 'j'], ['h', 'X']]);
    expect(shellSegments('kubectl config set-cluster <cluster>')).toEqual([['kubectl', 'config', 'set-cluster', '<cluster>']]);
  });
});

test('rules lint reports a fix command that kubectl does not have, at the rule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-cmd-'));
  const rule = readFileSync(join(DEFAULT_RULES_DIR, 'workloads', 'jobs.yml'), 'utf8').replace(
    'kubectl logs -n {namespace} -l job-name=<job> --tail=50 --prefix',
    'kubectl logs -n {namespace} -l job-name=<job> --show-all',
  );
  writeFileSync(join(dir, 'jobs.yml'), rule);
  const problems = lintDir(dir)
    .problems.filter((p) => p.check === 'command')
    .map(formatLintProblem);
  expect(problems).toEqual([
    expect.stringMatching(/jobs\.yml:\d+: error \[command\] rule "job-backoff-limit-exceeded": fix\[0\]\.run: `kubectl logs` has no flag --show-all/),
  ]);
});

// The table is data; when a kubectl is installed, regenerating it must give the same table (so nobody edits it by
// hand, and an upgrade shows up as a diff). Regenerating runs kubectl's --help about a hundred times (~20 s of CPU),
// and its outcome depends only on the kubectl binary, the script and the committed table: like a build system's test
// cache (Bazel's), a pass is remembered under the hash of those three in node_modules/.cache, so it runs again
// whenever one of them changes, and always on a fresh clone (CI).
const kubectl = '/usr/lib/google-cloud-sdk/bin/kubectl.' + table.kubectl.replace(/^v(\d+\.\d+)\..*$/, '$1');
const SCRIPT = 'scripts/kubectl-commands.mjs';
(existsSync(kubectl) ? test : test.skip)(
  'scripts/kubectl-commands.mjs reproduces the committed table from the same kubectl',
  () => {
    const inputs = createHash('sha256').update(readFileSync(kubectl)).update(readFileSync(SCRIPT)).update(JSON.stringify(table)).digest('hex');
    const passed = join('node_modules', '.cache', 'kube-doctor-tests', `kubectl-table-${inputs.slice(0, 32)}.passed`);
    if (existsSync(passed)) return;
    const out = mkdtempSync(join(tmpdir(), 'kd-kubectl-'));
    const r = spawnSync(process.execPath, [SCRIPT, kubectl, join(out, 'kubectl.json')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'kubectl.json'), 'utf8'))).toEqual(table);
    mkdirSync(dirname(passed), { recursive: true });
    writeFileSync(passed, '');
  },
  120_000,
);
