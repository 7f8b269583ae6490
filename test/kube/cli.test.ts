// `kube-doctor pod NAME` with a kubeconfig pointing at the emulator (exit codes, the JSON contract), run in this
// process with its own stdio and environment; and, as real processes where the boundary is the point,
// `kubectl doctor NAME` (the real kubectl finds the kubectl-doctor plugin on PATH) and a process whose whole
// environment says there is no cluster.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../../src/rules/cache.js';
import { fixtureObjects, loadKubeFixture } from '../support/kube-fixtures.js';
import { findKubectlBinaries, findKubectlDispatcher } from '../support/kubectl.js';
import { binPath, runCli, runCliProcess, runCommand } from '../support/cli.js';
import { liveEmulator, tmpDirs, type LiveEmulator } from './helpers.js';

const tmp = tmpDirs();

const PLUGIN = binPath('kubectl-doctor');
const DNS = loadKubeFixture('minikube-dns-server-misbehaving');
const CRASH = loadKubeFixture('crashloop-exit1-logs');
const POD = DNS.pods[0].metadata.name;
/** A pod with nothing wrong: running, ready, no events. */
const HEALTHY = (() => {
  const pod = structuredClone(DNS.pods[0]);
  pod.metadata = { ...pod.metadata, name: 'web-healthy-7d9f8b6c5-x2k4p', uid: 'healthy-0001', ownerReferences: undefined };
  pod.status = {
    ...pod.status,
    phase: 'Running',
    conditions: pod.status.conditions.map((c: Record<string, unknown>) => ({ ...c, status: 'True', reason: undefined, message: undefined })),
    containerStatuses: pod.status.containerStatuses.map((c: Record<string, unknown>) => ({
      ...c,
      state: { running: { startedAt: 'now-6m' } },
      ready: true,
      started: true,
    })),
  };
  return pod;
})();

const KUBECTLS = findKubectlBinaries();
if (!KUBECTLS.length) console.warn('kube/cli.test: kubectl is not on PATH: the `kubectl doctor` plugin tests are SKIPPED.');
const kubectlTest = KUBECTLS.length ? test : test.skip;

let live: LiveEmulator;
/** Only the kubeconfig from the test: no KUBECONFIG, ALLOWED_NAMESPACES... from the machine running the tests. */
let env: Record<string, string>;

beforeAll(async () => {
  const objects = fixtureObjects(DNS, CRASH);
  objects.pods.push(HEALTHY);
  live = await liveEmulator({ objects, serverMinor: KUBECTLS.at(-1) ? String(KUBECTLS.at(-1)!.minor) : '33' });
  env = {
    KUBECONFIG: live.kubeconfig,
    HOME: tmp.make('kube-cli-home-'),
    // The HOME above keeps the machine's ~/.kube out; the rules validated once (src/rules/cache.ts) are shared as a
    // user's are, so a spawned command does not re-validate every rule file (~1.5 s of CPU).
    KUBE_DOCTOR_CACHE_DIR: cacheDir(),
    ALLOWED_NAMESPACES: '',
    KUBE_CONTEXT: '',
    KUBE_DEFAULT_NAMESPACE: '',
    KUBE_READ_LOGS: '',
    KUBE_TIMEOUT_MS: '',
  };
});

afterAll(async () => {
  await live?.close();
  tmp.removeAll();
});

describe('kube-doctor pod', () => {
  test('diagnoses a pod by name: exit 0, text with the live header', async () => {
    const r = await runCli(['pod', POD], '', env);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`Live: pod default/${POD} (deployment/hello-minikube) · ImagePullBackOff · context emulator`);
    expect(r.stdout).toContain('192.168.64.1');
    expect(r.stdout).toContain('minikube ssh');
  });

  test('--format json keeps the diagnose contract, plus `live`', async () => {
    const r = await runCli(['pod', POD, '-n', 'default', '--format', 'json'], '', env);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['input', 'findings', 'live']);
    expect(json.input.kind).toBe('json');
    expect(json.input.objects).toContainEqual({ kind: 'Pod', name: POD, namespace: 'default' });
    expect(json.findings[0]).toMatchObject({ rule: 'image-pull-dns-minikube-hyperkit', category: 'image-pull-dns' });
    for (const f of json.findings) expect(Object.keys(f)).toEqual(['rule', 'category', 'title', 'confidence', 'evidence', 'cause', 'fix', 'links']);
    expect(typeof json.findings[0].fix[0]).toBe('string');
    expect(json.live).toMatchObject({
      target: { kind: 'Pod', name: POD, namespace: 'default' },
      owner: { kind: 'Deployment', name: 'hello-minikube' },
      pods: 1,
      context: 'emulator',
      notes: [],
    });
  });

  test('the same pod pasted as `kubectl get pod -o json` gives the same JSON findings', async () => {
    const pod = (await fetch(`${live.emu.url}/api/v1/namespaces/default/pods/${POD}`).then((r) => r.json())) as Record<string, any>;
    // The paste path's redaction turns `"serviceAccountToken": {` (every pod's projected token volume) into
    // invalid JSON, so the volumes are left out of the paste: the live path never reads them either.
    delete pod.spec.volumes;
    const events = (await fetch(`${live.emu.url}/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D${POD}`).then((r) => r.json())) as {
      items: object[];
    };
    const pasted = await runCli(
      ['diagnose', '-', '--format', 'json'],
      JSON.stringify({ kind: 'List', apiVersion: 'v1', items: [{ kind: 'Pod', ...pod }, ...events.items.map((e) => ({ kind: 'Event', ...e }))] }),
      env,
    );
    const looked = await runCli(['pod', POD, '--format', 'json'], '', env);
    expect([pasted.code, looked.code]).toEqual([0, 0]);
    const a = JSON.parse(pasted.stdout);
    const b = JSON.parse(looked.stdout);
    expect(b.findings.map((f: { rule: string }) => f.rule)).toEqual(a.findings.map((f: { rule: string }) => f.rule));
    expect(b.findings[0].rule).toBe('image-pull-dns-minikube-hyperkit');
  });

  test('-n NS names the namespace', async () => {
    const { name, namespace } = CRASH.pods[0].metadata;
    const r = await runCli(['pod', name, '-n', namespace], '', env);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`Live: pod ${namespace}/${name}`);
  });

  test('markdown shows the live header', async () => {
    const r = await runCli(['pod', `default/${POD}`, '-f', 'markdown'], '', env);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`*Live: pod default/${POD} (deployment/hello-minikube) · ImagePullBackOff · context emulator*`);
  });

  test('nothing matched → exit 1; not found → exit 2 with suggestions and what to paste, no stack trace', async () => {
    const nothing = await runCli(['pod', HEALTHY.metadata.name, '-n', 'default'], '', env);
    expect({ code: nothing.code, stderr: nothing.stderr }).toEqual({ code: 1, stderr: '' });
    expect(nothing.stdout).toContain('Nothing I know matched what I read from the cluster.');
    expect(nothing.stdout).toContain(`Live: pod default/${HEALTHY.metadata.name}`);

    const missing = await runCli(['pod', 'hello-minikube-67b8c7bdfd-965qx'], '', env);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(
      'There is no pod `hello-minikube-67b8c7bdfd-965qx` in any namespace. Did you mean: `default/hello-minikube-67b8c7bdfd-965qn`',
    );
    expect(missing.stderr).toContain('kubectl describe pod hello-minikube-67b8c7bdfd-965qx -n default');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  test('--context: an unknown context is a clear error (exit 2); the right one works', async () => {
    const bad = await runCli(['pod', POD, '--context', 'prod'], '', env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('There is no context "prod" in the kubeconfig (contexts: emulator)');
    expect((await runCli(['pod', POD, '--context', 'emulator'], '', env)).code).toBe(0);
  });

  test('no cluster configured (a real process: the environment every library sees) → exit 2 saying how to configure one and what to paste', async () => {
    const r = await runCliProcess(['pod', POD], '', { ...env, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No cluster is connected, so I cannot look');
    expect(r.stderr).toContain('Set KUBECONFIG');
    expect(r.stderr.match(/[Nn]o cluster/g)).toHaveLength(1);
    expect(r.stderr).toContain(`kubectl describe pod ${POD} -n <namespace>`);
    // With --format json the same failure is JSON on stdout, and still exit 2.
    const json = await runCli(['pod', POD, '--format', 'json'], '', { ...env, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '' });
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toEqual({ error: expect.stringContaining('Set KUBECONFIG'), exitCode: 2 });
  });

  test('a refused connection (a closed port) → exit 2 at once, not after retries', async () => {
    const closed = await liveEmulator({ objects: { pods: [], events: [] } });
    const kubeconfig = closed.emu.writeKubeconfig(tmp.make());
    await closed.close();
    let started = performance.now();
    const r = await runCli(['pod', POD, '--timeout', '30000'], '', { ...env, KUBECONFIG: kubeconfig });
    const refusedMs = performance.now() - started;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /could not connect to the Kubernetes API server http:\/\/127\.0\.0\.1:\d+ to read pod "hello-minikube-67b8c7bdfd-965qn" in namespace "default": connection refused/,
    );
    // Measured against a lookup that succeeds, in the same run: waiting out the 30 s timeout, or retrying, would
    // take 10 s longer at least; a loaded machine makes two single runs differ by a few seconds at most.
    started = performance.now();
    expect((await runCli(['pod', POD, '--timeout', '30000'], '', env)).code).toBe(0);
    expect(refusedMs - (performance.now() - started)).toBeLessThan(10_000);
  });

  test('usage errors exit 2 and say what is wrong', async () => {
    const noName = await runCli(['pod'], '', env);
    expect({ code: noName.code, stdout: noName.stdout }).toEqual({ code: 2, stdout: '' });
    expect(noName.stderr).toContain("error: missing required argument 'name'");
    const badTimeout = await runCli(['pod', POD, '--timeout', 'soon'], '', env);
    expect({ code: badTimeout.code, stdout: badTimeout.stdout }).toEqual({ code: 2, stdout: '' });
    expect(badTimeout.stderr).toContain("option '--timeout <ms>' argument 'soon' is invalid. Give a whole number from 100 to 120000.");
  });
});

// -------------------------------------------------------------------------------------------------

const run = (cmd: string, args: string[], runEnv: NodeJS.ProcessEnv) => runCommand(cmd, args, runEnv);

describe('kubectl doctor (kubectl plugin)', () => {
  /**
   * A temp dir for PATH holding a `kubectl-doctor` wrapper that runs the built plugin (npm's `bin` install makes
   * the same thing: an executable `kubectl-doctor` on PATH; tsc output itself is not executable).
   */
  function pluginPath(): string {
    const dir = tmp.make('kubectl-plugin-');
    const wrapper = path.join(dir, 'kubectl-doctor');
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${PLUGIN}" "$@"\n`, { mode: 0o755 });
    return dir;
  }

  kubectlTest('`kubectl plugin list` finds kubectl-doctor, and `kubectl doctor NAME` diagnoses the pod', async () => {
    expect(fs.existsSync(PLUGIN)).toBe(true);
    const dir = pluginPath();
    const kubectl = KUBECTLS.at(-1)!.path;
    const runEnv = { ...process.env, ...env, PATH: `${dir}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` };
    const list = await run(kubectl, ['plugin', 'list'], runEnv);
    expect(list.stdout).toContain(path.join(dir, 'kubectl-doctor'));

    const r = await run(kubectl, ['doctor', POD, '--format', 'json'], runEnv);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout).findings[0].category).toBe('image-pull-dns');

    // A failure comes back through kubectl as the plugin's own message and exit status. (A usage error: it is
    // answered before the cluster client loads. A pod that is not there is `kube-doctor pod`'s test above.)
    const usage = await run(kubectl, ['doctor'], runEnv);
    expect({ code: usage.code, stdout: usage.stdout }).toEqual({ code: 2, stdout: '' });
    expect(usage.stderr).toContain("error: missing required argument 'name'");
  });

  // The dispatcher picks a versioned kubectl for the cluster, which runs the plugin with the arguments given. What
  // the plugin then answers is the test above's; its help is enough to show it ran (and needs no cluster client).
  (findKubectlDispatcher() ? test : test.skip)('through the gcloud kubectl dispatcher too', async () => {
    const dir = pluginPath();
    const runEnv = { ...process.env, ...env, PATH: `${dir}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` };
    const r = await run(findKubectlDispatcher()!, ['doctor', '--help'], runEnv);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain('Usage: kube-doctor pod [options] <name...>');
  });
});
