// What the parser extracts from every kubectl output format people paste: describe (every era), get events, get pods,
// -o json/yaml, runtime log lines and bare messages. Real pastes come from test/fixtures/corpus (see labels.json for
// their sources); small inline samples use kubectl's and the kubelet's own wording (notes: kubernetes.md §1, §3, §7).
import { describe, expect, test } from '@jest/globals';
import { parse } from '../src/parse/parse.js';
import { toSignals } from '../src/parse/signals.js';
import type { EventRecord, Evidence, PodRecord } from '../src/model/evidence.js';
import { corpus, defined, parsePaste } from './support/paste.js';

/** The fields of an event a user sees, without `line`/`text`. */
const eventView = (e: EventRecord) => defined({ ...e, line: undefined, text: undefined });
const podNamed = (ev: Evidence, name: string): PodRecord => {
  const pod = ev.objects.find((o) => o.name === name);
  if (!pod) throw new Error(`no pod ${name} in ${ev.objects.map((o) => o.name).join(', ')}`);
  return pod;
};

// ---------------------------------------------------------------------------------------------------------------
// kubectl describe pod
// ---------------------------------------------------------------------------------------------------------------

const DESCRIBE_TODAY = `Name:             web-7d9c5b7f6d-x2x9q
Namespace:        shop
Priority:         0
Service Account:  default
Node:             worker-2/10.0.0.12
Start Time:       Sat, 28 Nov 2026 17:30:23 +0000
Labels:           app=web
                  pod-template-hash=7d9c5b7f6d
Annotations:      <none>
Status:           Pending
IP:               10.244.1.7
IPs:
  IP:           10.244.1.7
Controlled By:  ReplicaSet/web-7d9c5b7f6d
Init Containers:
  migrate:
    Container ID:  containerd://1f2e3d4c5b6a
    Image:         registry.example.com/shop/migrate:1.4
    Image ID:      registry.example.com/shop/migrate@sha256:0a1b2c3d
    Port:          <none>
    Host Port:     <none>
    Command:
      /bin/migrate
      --up
    State:          Terminated
      Reason:       Completed
      Exit Code:    0
      Started:      Sat, 28 Nov 2026 17:30:25 +0000
      Finished:     Sat, 28 Nov 2026 17:30:26 +0000
    Ready:          True
    Restart Count:  0
    Environment:
      DB_HOST:      db.shop.svc
      DB_PASSWORD:  <set to the key 'password' in secret 'db'>  Optional: false
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-8k2lp (ro)
Containers:
  web:
    Container ID:   
    Image:          registry.example.com/shop/web:2.0
    Image ID:       
    Port:           8080/TCP
    Host Port:      0/TCP
    State:          Waiting
      Reason:       ImagePullBackOff
    Ready:          False
    Restart Count:  0
    Limits:
      memory:  256Mi
    Requests:
      cpu:        100m
      memory:     128Mi
    Liveness:     http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3
    Environment:  <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-8k2lp (ro)
  sidecar:
    Container ID:   containerd://9a8b7c6d5e4f
    Image:          envoyproxy/envoy:v1.29.1
    Image ID:       docker.io/envoyproxy/envoy@sha256:4e5f6a7b
    Port:           <none>
    Host Port:      <none>
    State:          Running
      Started:      Sat, 28 Nov 2026 17:30:27 +0000
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
      Started:      Sat, 28 Nov 2026 17:29:27 +0000
      Finished:     Sat, 28 Nov 2026 17:30:26 +0000
    Ready:          True
    Restart Count:  3
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       False 
  ContainersReady             False 
  PodScheduled                True 
Volumes:
  kube-api-access-8k2lp:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   Burstable
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  2m                 default-scheduler  Successfully assigned shop/web-7d9c5b7f6d-x2x9q to worker-2
  Normal   Pulling    87s (x3 over 2m)   kubelet            Pulling image "registry.example.com/shop/web:2.0"
  Warning  Failed     86s (x3 over 2m)   kubelet            Failed to pull image "registry.example.com/shop/web:2.0": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/shop/web:2.0": failed to resolve reference "registry.example.com/shop/web:2.0": registry.example.com/shop/web:2.0: not found
  Warning  Failed     86s (x3 over 2m)   kubelet            Error: ErrImagePull
  Normal   BackOff    10s (x5 over 2m)   kubelet            Back-off pulling image "registry.example.com/shop/web:2.0"
  Warning  Failed     10s (x5 over 2m)   kubelet            Error: ImagePullBackOff
  Warning  Unhealthy  5s                 kubelet            Liveness probe failed: HTTP probe failed with statuscode: 500
second line of body
  Normal   Killing    4s                 kubelet            Container sidecar failed liveness probe, will be restarted
`;

describe("kubectl describe pod, today's layout (1.20+: `Type Reason Age From Message`, From = component)", () => {
  const ev = parsePaste(DESCRIBE_TODAY);
  const pod = podNamed(ev, 'web-7d9c5b7f6d-x2x9q');
  const ref = { kind: 'Pod', name: 'web-7d9c5b7f6d-x2x9q', namespace: 'shop' };

  test('one describe-pod object with name, namespace, node (without the host IP) and phase', () => {
    expect(ev.kind).toBe('describe-pod');
    expect(ev.objects).toHaveLength(1);
    expect(pod).toMatchObject({ kind: 'Pod', namespace: 'shop', node: 'worker-2', status: 'Pending' });
  });

  test('init containers and containers, with image, state, reason, exit code, last state, ready and restarts', () => {
    expect(pod.containers.map((c) => defined({ ...c, line: undefined }))).toEqual([
      {
        name: 'migrate',
        init: true,
        image: 'registry.example.com/shop/migrate:1.4',
        state: { state: 'terminated', reason: 'Completed', exitCode: 0 },
        ready: true,
        restartCount: 0,
      },
      {
        name: 'web',
        init: false,
        image: 'registry.example.com/shop/web:2.0',
        state: { state: 'waiting', reason: 'ImagePullBackOff' },
        ready: false,
        restartCount: 0,
      },
      {
        name: 'sidecar',
        init: false,
        image: 'envoyproxy/envoy:v1.29.1',
        state: { state: 'running' },
        lastState: { state: 'terminated', reason: 'OOMKilled', exitCode: 137 },
        ready: true,
        restartCount: 3,
      },
    ]);
  });

  test('conditions (rows end in a trailing space; no underline)', () => {
    expect(pod.conditions).toEqual([
      { type: 'PodReadyToStartContainers', status: 'True' },
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'False' },
      { type: 'ContainersReady', status: 'False' },
      { type: 'PodScheduled', status: 'True' },
    ]);
  });

  test('events with type, reason, age, repeat count, source and message, attributed to the pod', () => {
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Normal',
        reason: 'Scheduled',
        age: '2m',
        source: 'default-scheduler',
        message: 'Successfully assigned shop/web-7d9c5b7f6d-x2x9q to worker-2',
        object: ref,
      },
      { type: 'Normal', reason: 'Pulling', age: '87s', count: 3, source: 'kubelet', message: 'Pulling image "registry.example.com/shop/web:2.0"', object: ref },
      {
        type: 'Warning',
        reason: 'Failed',
        age: '86s',
        count: 3,
        source: 'kubelet',
        message:
          'Failed to pull image "registry.example.com/shop/web:2.0": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/shop/web:2.0": failed to resolve reference "registry.example.com/shop/web:2.0": registry.example.com/shop/web:2.0: not found',
        object: ref,
      },
      { type: 'Warning', reason: 'Failed', age: '86s', count: 3, source: 'kubelet', message: 'Error: ErrImagePull', object: ref },
      {
        type: 'Normal',
        reason: 'BackOff',
        age: '10s',
        count: 5,
        source: 'kubelet',
        message: 'Back-off pulling image "registry.example.com/shop/web:2.0"',
        object: ref,
      },
      { type: 'Warning', reason: 'Failed', age: '10s', count: 5, source: 'kubelet', message: 'Error: ImagePullBackOff', object: ref },
      // kubectl prints a message's embedded newline as is: the rest of it starts at column 0 on the next line.
      {
        type: 'Warning',
        reason: 'Unhealthy',
        age: '5s',
        source: 'kubelet',
        message: 'Liveness probe failed: HTTP probe failed with statuscode: 500 second line of body',
        object: ref,
      },
      { type: 'Normal', reason: 'Killing', age: '4s', source: 'kubelet', message: 'Container sidecar failed liveness probe, will be restarted', object: ref },
    ]);
  });

  test('event lines point at the paste: the first event is on line 95', () => {
    expect(ev.events[0].line).toBe(95);
    expect(ev.events[0].text).toContain('Successfully assigned');
  });

  test('labels, annotations, volumes, tolerations and environment values are not evidence', () => {
    expect(ev.lines).toEqual([]);
  });

  test('facts: pod, namespace, node, every image', () => {
    expect(ev.facts).toMatchObject({
      pod: ['web-7d9c5b7f6d-x2x9q'],
      namespace: ['shop'],
      node: ['worker-2'],
      image: ['registry.example.com/shop/migrate:1.4', 'registry.example.com/shop/web:2.0', 'envoyproxy/envoy:v1.29.1'],
    });
  });

  test('signals: a state per container with a reason, the last state, and every event', () => {
    const signals = toSignals(ev);
    expect(signals.filter((s) => s.source === 'state').map((s) => [s.container, s.reason, s.exitCode, s.init])).toEqual([
      ['migrate', 'Completed', 0, true],
      ['web', 'ImagePullBackOff', undefined, false],
    ]);
    expect(signals.filter((s) => s.source === 'last-state').map((s) => [s.container, s.reason, s.exitCode, s.restarts])).toEqual([
      ['sidecar', 'OOMKilled', 137, 3],
    ]);
    expect(signals.filter((s) => s.source === 'event')).toHaveLength(8);
  });
});

describe('kubectl describe pod: top fields that change the picture', () => {
  test('`Status: Terminating (lasts <invalid>)` is Terminating; pod-level Reason and Message (eviction) are kept', () => {
    const ev = parsePaste(`Name:         cache-0
Namespace:    default
Node:         node-3/10.0.0.3
Status:       Failed
Reason:       Evicted
Message:      The node was low on resource: memory. Threshold quantity: 100Mi, available: 62544Ki. Container app was using 1860832Ki, request is 0, has larger consumption of memory. 
Containers:
  app:
    Image:          redis:7
    State:          Terminated
      Reason:       ContainerStatusUnknown
      Message:      The container could not be located when the pod was terminated
      Exit Code:    137
      Started:      Mon, 01 Jan 0001 00:00:00 +0000
      Finished:     Mon, 01 Jan 0001 00:00:00 +0000
    Ready:          False
    Restart Count:  0
Events:           <none>

Name:                      api-0
Namespace:                 default
Node:                      node-1/10.0.0.1
Status:                    Terminating (lasts <invalid>)
Termination Grace Period:  30s
Containers:
  api:
    Image:          acme/api:1.2
    State:          Running
      Started:      Sat, 28 Nov 2026 17:30:27 +0000
    Ready:          True
    Restart Count:  0
Events:                    <none>
`);
    expect(ev.objects).toHaveLength(2);
    expect(podNamed(ev, 'cache-0')).toMatchObject({
      status: 'Failed',
      reason: 'Evicted',
      message: expect.stringMatching(/^The node was low on resource: memory\. Threshold quantity: 100Mi, available: 62544Ki\./),
      containers: [
        {
          name: 'app',
          image: 'redis:7',
          state: {
            state: 'terminated',
            reason: 'ContainerStatusUnknown',
            message: 'The container could not be located when the pod was terminated',
            exitCode: 137,
          },
        },
      ],
    });
    expect(podNamed(ev, 'api-0')).toMatchObject({ status: 'Terminating', node: 'node-1' });
    expect(ev.events).toEqual([]);
    expect(toSignals(ev).find((s) => s.source === 'pod')).toMatchObject({ reason: 'Evicted', object: { name: 'cache-0' } });
  });

  test('a terminated container with a signal (segfault): exit code 139, signal 11', () => {
    const ev = parsePaste(`Containers:
  api:
    Container ID:   containerd://abc123
    Image:          acme/api:1.2
    State:          Terminated
      Reason:       Error
      Exit Code:    139
      Signal:       11
    Ready:          False
    Restart Count:  2
`);
    expect(ev.objects).toHaveLength(1);
    expect(ev.objects[0].containers).toEqual([
      expect.objectContaining({
        name: 'api',
        image: 'acme/api:1.2',
        state: { state: 'terminated', reason: 'Error', exitCode: 139, signal: 11 },
        ready: false,
        restartCount: 2,
      }),
    ]);
  });

  test('a container whose Command runs kubectl: the indented `kubectl ...` lines are not a new command', () => {
    const ev = parsePaste(`Name:         cleanup-29018065-v4648
Namespace:    ops
Status:       Failed
Containers:
  kubectl:
    Image:      bitnami/kubectl:1.29
    Command:
      /bin/sh
      -c
    Args:
      kubectl delete pods --field-selector=status.phase==Failed -A
    State:          Terminated
      Reason:       Error
      Exit Code:    1
    Ready:          False
    Restart Count:  0
Events:
  Type    Reason   Age   From     Message
  ----    ------   ----  ----     -------
  Normal  Pulled   1m    kubelet  Container image "bitnami/kubectl:1.29" already present on machine
`);
    expect(ev.objects).toHaveLength(1);
    expect(ev.objects[0].containers).toEqual([expect.objectContaining({ name: 'kubectl', state: { state: 'terminated', reason: 'Error', exitCode: 1 } })]);
    expect(ev.events[0].object).toEqual({ kind: 'Pod', name: 'cleanup-29018065-v4648', namespace: 'ops' });
  });

  test("Ephemeral Containers (kubectl debug) are not the pod's containers", () => {
    const ev = parsePaste(`Name:         api-0
Namespace:    default
Containers:
  api:
    Image:          acme/api:1.2
    State:          Waiting
      Reason:       CrashLoopBackOff
    Ready:          False
    Restart Count:  3
Ephemeral Containers:
  debugger-x7k2p:
    Container ID:   containerd://0a1b2c
    Image:          busybox:1.36
    State:          Running
      Started:      Sat, 28 Nov 2026 17:30:27 +0000
    Ready:          False
    Restart Count:  0
Events:           <none>
`);
    expect(ev.objects).toHaveLength(1);
    expect(ev.objects[0].containers.map((c) => [c.name, c.state?.reason])).toEqual([['api', 'CrashLoopBackOff']]);
  });

  test('corpus 040: the paste lost the N of `Name:`; the pod and its CrashLoopBackOff container are still read', () => {
    const ev = parsePaste(corpus('040-crashloop-completed-exit0-missing-first-char.txt'));
    expect(ev.kind).toBe('describe-pod');
    expect(ev.objects).toHaveLength(1);
    expect(ev.objects[0]).toMatchObject({ name: 'centos-new-6846f658db-w4qhj', namespace: 'default', node: 'k-master', status: 'Running' });
    expect(ev.objects[0].containers.map((c) => defined({ ...c, line: undefined }))).toEqual([
      {
        name: 'centos-new',
        init: false,
        image: 'centos',
        state: { state: 'waiting', reason: 'CrashLoopBackOff' },
        lastState: { state: 'terminated', reason: 'Completed', exitCode: 0 },
        ready: false,
        restartCount: 6,
      },
    ]);
  });

  test("corpus 010: the user's own `...` elision between top fields and events", () => {
    const ev = parsePaste(corpus('010-dns-private-registry-host-no-such-host.txt'));
    const ref = { kind: 'Pod', name: 'memcached-profile-78b8d7fb74-kpbfd', namespace: 'hotel-reserv' };
    expect(ev.objects).toEqual([expect.objectContaining({ ...ref, node: 'minikube-m05' })]);
    expect(ev.events.map((e) => [e.reason, e.age, e.count])).toEqual([
      ['Scheduled', '4m50s', undefined],
      ['Pulling', '3m13s', 4],
      ['Failed', '3m12s', 4],
      ['Failed', '3m12s', 4],
      ['Failed', '3m1s', 6],
    ]);
    expect(ev.events.map((e) => e.message.split(':')[0])).toEqual([
      'Successfully assigned hotel-reserv/memcached-profile-78b8d7fb74-kpbfd to minikube-m05',
      'Pulling image "k.harbor.siat.ac.cn/ms/memcached"',
      'Failed to pull image "k.harbor.siat.ac.cn/ms/memcached"',
      'Error',
      'Error',
    ]);
    expect(ev.events.map((e) => e.source)).toEqual(['default-scheduler', 'kubelet', 'kubelet', 'kubelet', 'kubelet']);
    expect(ev.events.every((e) => e.object?.name === ref.name && e.object.namespace === ref.namespace)).toBe(true);
    expect(ev.events[2].message).toMatch(/lookup k\.harbor\.siat\.ac\.cn on 192\.168\.65\.2:53: no such host$/);
    expect(ev.lines.map((l) => l.text)).toEqual(['...']);
  });
});

describe('several pods in one paste (`kubectl describe pods -l ...`)', () => {
  const ev = parsePaste(`$ kubectl describe pods -l app=web
Name:         web-0
Namespace:    shop
Node:         node-a/10.0.0.1
Status:       Running
Containers:
  web:
    Image:          nginx:1.25
    State:          Running
      Started:      Sat, 28 Nov 2026 17:30:27 +0000
    Ready:          True
    Restart Count:  0
Events:         <none>


Name:         web-1
Namespace:    shop
Node:         <none>
Status:       Pending
Containers:
  web:
    Image:          nginx:1.25
    State:          Waiting
      Reason:       ContainerCreating
    Ready:          False
    Restart Count:  0
Conditions:
  Type           Status
  PodScheduled   False 
Events:
  Type     Reason            Age   From               Message
  ----     ------            ----  ----               -------
  Warning  FailedScheduling  30s   default-scheduler  0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.
`);

  test('each pod keeps its own containers, conditions and events; `Events: <none>` yields none', () => {
    expect(ev.objects.map((o) => [o.name, o.namespace, o.node, o.status])).toEqual([
      ['web-0', 'shop', 'node-a', 'Running'],
      ['web-1', 'shop', undefined, 'Pending'],
    ]);
    expect(podNamed(ev, 'web-0').containers[0].state).toEqual({ state: 'running' });
    expect(podNamed(ev, 'web-1').containers[0].state).toEqual({ state: 'waiting', reason: 'ContainerCreating' });
    expect(podNamed(ev, 'web-1').conditions).toEqual([{ type: 'PodScheduled', status: 'False' }]);
    expect(ev.events).toHaveLength(1);
    expect(ev.events[0]).toMatchObject({ reason: 'FailedScheduling', source: 'default-scheduler', object: { name: 'web-1', namespace: 'shop' } });
    expect(ev.events[0].message).toMatch(/^0\/3 nodes are available: .* 2 No preemption victims found for incoming pod\.$/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Events tables of older kubectl versions
// ---------------------------------------------------------------------------------------------------------------

describe('describe events of kubectl 1.8–1.19 (From = `kubelet, <node>`)', () => {
  test('inline 1.9-era describe: the node comes out of the From column', () => {
    const ev = parsePaste(`Name:           nginx-deployment-6c54bd5869-2xkqp
Namespace:      default
Node:           minikube/192.168.99.100
Status:         Pending
Containers:
  nginx:
    Image:          nginx:1.7.9x
    State:          Waiting
      Reason:       ErrImagePull
    Ready:          False
    Restart Count:  0
Events:
  Type     Reason                 Age               From               Message
  ----     ------                 ----              ----               -------
  Normal   Scheduled              1m                default-scheduler  Successfully assigned nginx-deployment-6c54bd5869-2xkqp to minikube
  Normal   SuccessfulMountVolume  1m                kubelet, minikube  MountVolume.SetUp succeeded for volume "default-token-7qgxn"
  Normal   Pulling                30s (x3 over 1m)  kubelet, minikube  pulling image "nginx:1.7.9x"
  Warning  Failed                 29s (x3 over 1m)  kubelet, minikube  Failed to pull image "nginx:1.7.9x": rpc error: code = Unknown desc = Error response from daemon: manifest for nginx:1.7.9x not found
`);
    expect(ev.events.map(eventView).slice(1)).toEqual([
      {
        type: 'Normal',
        reason: 'SuccessfulMountVolume',
        age: '1m',
        source: 'kubelet, minikube',
        node: 'minikube',
        message: 'MountVolume.SetUp succeeded for volume "default-token-7qgxn"',
        object: { kind: 'Pod', name: 'nginx-deployment-6c54bd5869-2xkqp', namespace: 'default' },
      },
      {
        type: 'Normal',
        reason: 'Pulling',
        age: '30s',
        count: 3,
        source: 'kubelet, minikube',
        node: 'minikube',
        message: 'pulling image "nginx:1.7.9x"',
        object: { kind: 'Pod', name: 'nginx-deployment-6c54bd5869-2xkqp', namespace: 'default' },
      },
      {
        type: 'Warning',
        reason: 'Failed',
        age: '29s',
        count: 3,
        source: 'kubelet, minikube',
        node: 'minikube',
        message: 'Failed to pull image "nginx:1.7.9x": rpc error: code = Unknown desc = Error response from daemon: manifest for nginx:1.7.9x not found',
        object: { kind: 'Pod', name: 'nginx-deployment-6c54bd5869-2xkqp', namespace: 'default' },
      },
    ]);
  });

  test('corpus 012 (events block only, AKS node names): the fragment pod is named by the Scheduled event', () => {
    const ev = parsePaste(corpus('012-auth-nexus-no-basic-auth-aks.txt'));
    const ref = { kind: 'Pod', name: 'abcde-d7669bf98-wvms9', namespace: 'withhelm' };
    expect(ev.kind).toBe('describe-pod');
    expect(ev.objects).toEqual([expect.objectContaining(ref)]);
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Normal',
        reason: 'Scheduled',
        age: '9m9s',
        source: 'default-scheduler',
        message: 'Successfully assigned withhelm/abcde-d7669bf98-wvms9 to aks-agentpool-38663868-1',
        object: ref,
      },
      {
        type: 'Normal',
        reason: 'Pulling',
        age: '7m40s',
        count: 4,
        source: 'kubelet, aks-agentpool-38663868-1',
        node: 'aks-agentpool-38663868-1',
        message: 'pulling image "nexus3.abcde.org:10004/abcde-qwerty-fe:2.2.22"',
        object: ref,
      },
      {
        type: 'Warning',
        reason: 'Failed',
        age: '7m40s',
        count: 4,
        source: 'kubelet, aks-agentpool-38663868-1',
        node: 'aks-agentpool-38663868-1',
        message:
          'Failed to pull image "nexus3.abcde.org:10004/abcde-qwerty-fe:2.2.22": rpc error: code = Unknown desc = Error response from daemon: Get https://nexus3.abcde.org:10004/v2/abcde-qwerty-fe/manifests/2.2.22: no basic auth credentials',
        object: ref,
      },
      {
        type: 'Warning',
        reason: 'Failed',
        age: '7m40s',
        count: 4,
        source: 'kubelet, aks-agentpool-38663868-1',
        node: 'aks-agentpool-38663868-1',
        message: 'Error: ErrImagePull',
        object: ref,
      },
    ]);
    expect(ev.facts.node).toEqual(['aks-agentpool-38663868-1']);
  });

  test('corpus 064: node given as an IP in From (`kubelet, 10.66.4.14`), controller sources', () => {
    const ev = parsePaste(corpus('064-mount-pvc-multi-attach-transient-recovered.txt'));
    expect(ev.events.map((e) => [e.type, e.reason, e.age, e.source, e.node])).toEqual([
      ['Warning', 'FailedAttachVolume', '71s', 'attachdetach-controller', undefined],
      ['Normal', 'SuccessfulAttachVolume', '55s', 'attachdetach-controller', undefined],
      ['Normal', 'Pulled', '37s', 'kubelet, 10.66.4.14', '10.66.4.14'],
      ['Normal', 'Created', '37s', 'kubelet, 10.66.4.14', '10.66.4.14'],
      ['Normal', 'Started', '37s', 'kubelet, 10.66.4.14', '10.66.4.14'],
    ]);
    expect(ev.events[0].message).toBe(
      'Multi-Attach error for volume "pvc-7a81d56f-1cf9-11eb-8295-b6961e0a47ed" Volume is already exclusively attached to one node and can\'t be attached to another',
    );
  });

  test('corpus 016: the first row lost its indentation, the second kept it', () => {
    const ev = parsePaste(corpus('016-notfound-but-gcr-says-unauthorized.txt'));
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Warning',
        reason: 'Failed',
        age: '7s',
        source: 'kubelet, minikube',
        node: 'minikube',
        message: 'Failed to pull image "gcr.io/google-samples/kubernetes-bootcamp:v10": rpc error: code = Unknown desc = unauthorized: authentication required',
      },
      { type: 'Warning', reason: 'Failed', age: '7s', source: 'kubelet, minikube', node: 'minikube', message: 'Error: ErrImagePull' },
    ]);
  });

  test('corpus 002: one row quoted inline in prose (`"Warning ... misbehaving".`)', () => {
    const ev = parsePaste(corpus('002-dns-inline-quoted-minikube-xhyve.txt'));
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Warning',
        reason: 'Failed',
        age: '1m',
        count: 3,
        source: 'kubelet, minikube',
        node: 'minikube',
        message:
          'Failed to pull image "istio/examples-bookinfo-reviews-v2:0.2.8": rpc error: code = Unknown desc = Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 192.168.64.1:53: server misbehaving',
      },
    ]);
  });

  test('corpus 066: a From column the user redacted (`kubelet, <redacted-address>`) gives no node', () => {
    const ev = parsePaste(corpus('066-ccce-secret-not-found-redacted-node.txt'));
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Warning',
        reason: 'Failed',
        age: '4m11s',
        count: 6,
        source: 'kubelet, <redacted-address>',
        message: 'Error: secrets "secrets-2.16.4-1" not found',
      },
    ]);
    expect(ev.facts.node).toBeUndefined();
  });
});

describe('pre-1.8 events tables (`FirstSeen LastSeen Count From SubObjectPath Type Reason Message`)', () => {
  test('a sentence quoting a taint in braces is no `{kubelet node}` row: only times come before the braces', () => {
    const ev = parse('had untolerated taint {dedicated: infra} on every node');
    expect(ev.kind).toBe('text');
    expect(ev.events).toEqual([]);
  });

  test('tab-separated, `{kubelet node}` sources: age is LastSeen, count, node and container from SubObjectPath', () => {
    const ev = parsePaste(
      'Events:\n' +
        '  FirstSeen\tLastSeen\tCount\tFrom\t\t\tSubObjectPath\t\tType\t\tReason\t\tMessage\n' +
        '  ---------\t--------\t-----\t----\t\t\t-------------\t\t--------\t------\t\t-------\n' +
        '  3m\t\t3m\t\t1\t{default-scheduler }\t\t\t\tNormal\t\tScheduled\tSuccessfully assigned busybox to node-1\n' +
        '  3m\t\t1m\t\t4\t{kubelet node-1}\tspec.containers{busybox}\tNormal\t\tPulling\t\tpulling image "busybox:nope"\n' +
        '  3m\t\t1m\t\t4\t{kubelet node-1}\tspec.containers{busybox}\tWarning\t\tFailed\t\tFailed to pull image "busybox:nope": Tag nope not found in repository docker.io/library/busybox\n' +
        '  3m\t\t5s\t\t12\t{kubelet node-1}\t\t\t\tWarning\t\tFailedSync\tError syncing pod, skipping: failed to "StartContainer" for "busybox" with ErrImagePull: "Tag nope not found in repository docker.io/library/busybox"\n',
    );
    // The old Scheduled message has no namespace: `Successfully assigned <pod> to <node>`.
    const ref = { kind: 'Pod', name: 'busybox' };
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Normal',
        reason: 'Scheduled',
        age: '3m',
        count: 1,
        source: 'default-scheduler',
        message: 'Successfully assigned busybox to node-1',
        object: ref,
      },
      {
        type: 'Normal',
        reason: 'Pulling',
        age: '1m',
        count: 4,
        source: 'kubelet, node-1',
        node: 'node-1',
        message: 'pulling image "busybox:nope"',
        object: ref,
        container: 'busybox',
      },
      {
        type: 'Warning',
        reason: 'Failed',
        age: '1m',
        count: 4,
        source: 'kubelet, node-1',
        node: 'node-1',
        message: 'Failed to pull image "busybox:nope": Tag nope not found in repository docker.io/library/busybox',
        object: ref,
        container: 'busybox',
      },
      {
        type: 'Warning',
        reason: 'FailedSync',
        age: '5s',
        count: 12,
        source: 'kubelet, node-1',
        node: 'node-1',
        message:
          'Error syncing pod, skipping: failed to "StartContainer" for "busybox" with ErrImagePull: "Tag nope not found in repository docker.io/library/busybox"',
        object: ref,
      },
    ]);
  });

  test('tab-separated with `kubelet, node` sources (1.6/1.7)', () => {
    const ev = parsePaste(
      'Events:\n' +
        '  FirstSeen\tLastSeen\tCount\tFrom\t\t\tSubObjectPath\t\tType\t\tReason\t\tMessage\n' +
        '  ---------\t--------\t-----\t----\t\t\t-------------\t\t--------\t------\t\t-------\n' +
        '  14m\t\t14m\t\t1\tdefault-scheduler\t\t\t\t\tNormal\t\tScheduled\tSuccessfully assigned mypod-3960497036-lrnwq to ip-10-0-1-12\n' +
        '  14m\t\t1m\t\t7\tkubelet, ip-10-0-1-12\tspec.containers{app}\tWarning\t\tFailed\t\tFailed to pull image "myrepo/app:latest": rpc error: code = 2 desc = Error: image myrepo/app not found\n' +
        '  14m\t\t4s\t\t60\tkubelet, ip-10-0-1-12\tspec.containers{app}\tNormal\t\tBackOff\t\tBack-off pulling image "myrepo/app:latest"\n',
    );
    expect(ev.events.map((e) => [e.type, e.reason, e.age, e.count, e.source, e.node, e.container])).toEqual([
      ['Normal', 'Scheduled', '14m', 1, 'default-scheduler', undefined, undefined],
      ['Warning', 'Failed', '1m', 7, 'kubelet, ip-10-0-1-12', 'ip-10-0-1-12', 'app'],
      ['Normal', 'BackOff', '4s', 60, 'kubelet, ip-10-0-1-12', 'ip-10-0-1-12', 'app'],
    ]);
    expect(ev.events[1].message).toBe('Failed to pull image "myrepo/app:latest": rpc error: code = 2 desc = Error: image myrepo/app not found');
    expect(ev.objects[0]).toMatchObject({ name: 'mypod-3960497036-lrnwq' });
  });

  test('space-separated (tabs already expanded by the terminal), with an empty SubObjectPath and a blank line', () => {
    const ev = parsePaste(`Events:
  FirstSeen     LastSeen        Count   From                    SubObjectPath           Type            Reason          Message
  ---------     --------        -----   ----                    -------------           --------        ------          -------
  1h            1m              19      {kubelet 172.17.4.201}  spec.containers{api}    Warning         Failed          Failed to pull image "quay.io/acme/api:v2": image pull failed for quay.io/acme/api:v2, this may be because there are no credentials on this request.  details: (unauthorized: access to the requested resource is not authorized)
  1h            5s              366     {kubelet 172.17.4.201}                          Warning         FailedSync      Error syncing pod, skipping: failed to "StartContainer" for "api" with ImagePullBackOff: "Back-off pulling image \\"quay.io/acme/api:v2\\""

  1h    1m      19      {kubelet 172.17.4.201}  spec.containers{api}    Normal  BackOff Back-off pulling image "quay.io/acme/api:v2"
`);
    expect(ev.events.map((e) => [e.type, e.reason, e.age, e.count, e.node, e.container])).toEqual([
      ['Warning', 'Failed', '1m', 19, '172.17.4.201', 'api'],
      ['Warning', 'FailedSync', '5s', 366, '172.17.4.201', undefined],
      ['Normal', 'BackOff', '1m', 19, '172.17.4.201', 'api'],
    ]);
    expect(ev.events[0].message).toMatch(/no credentials on this request\. {2}details: \(unauthorized: access to the requested resource is not authorized\)$/);
    expect(ev.events[1].message).toBe(
      'Error syncing pod, skipping: failed to "StartContainer" for "api" with ImagePullBackOff: "Back-off pulling image \\"quay.io/acme/api:v2\\""',
    );
  });

  test('corpus 083 (Feb 2015): RFC1123 times, `{scheduler }`, lower-case reasons, `%!v(MISSING)` artifacts; equal-length rows stay apart', () => {
    const ev = parsePaste(corpus('083-other-no-space-left-2015-format-artifacts.txt'));
    const noSpace = 'Error syncing pod, skipping: mkdir /var/lib/kubelet/pods/bb1ee0e8-b2e5-11e4-bfb6-42010af0101c: no space left on device';
    const node = 'k8s-littlecloud-3-node-1.c.littlebits-electronics.internal';
    expect(ev.events.map(eventView)).toEqual([
      { reason: 'failedSync', age: 'Thu, 12 Feb 2015 18:34:09 +0000', source: `kubelet, ${node}`, node, message: noSpace },
      { reason: 'scheduled', age: 'Thu, 12 Feb 2015 18:34:10 +0000', source: 'scheduler', message: `Successfully assigned cloud-user-debug to ${node}` },
      { reason: 'failedSync', age: 'Thu, 12 Feb 2015 18:34:19 +0000', source: `kubelet, ${node}`, node, message: noSpace },
      { reason: 'failedSync', age: 'Thu, 12 Feb 2015 18:34:30 +0000', source: `kubelet, ${node}`, node, message: noSpace },
    ]);
    expect(ev.lines).toEqual([]);
  });
});

describe('kubectl 1.35+: messages prefixed with the fieldPath (`spec.containers{name}: `)', () => {
  test('corpus 020: the prefix is taken off the message and names the container', () => {
    const ev = parsePaste(corpus('020-notfound-new-fieldpath-prefixed-events.txt'));
    const ref = { kind: 'Pod', name: 'headscale-sample-0', namespace: 'headscale' };
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Normal',
        reason: 'Scheduled',
        age: '3s',
        source: 'default-scheduler',
        message: 'Successfully assigned headscale/headscale-sample-0 to minikube',
        object: ref,
      },
      {
        type: 'Normal',
        reason: 'Pulling',
        age: '3s',
        source: 'kubelet',
        message: 'Pulling image "headscale-api-key"',
        object: ref,
        container: 'apikey-manager',
      },
      {
        type: 'Warning',
        reason: 'Failed',
        age: '2s',
        source: 'kubelet',
        message:
          'Failed to pull image "headscale-api-key": Error response from daemon: pull access denied for headscale-api-key, repository does not exist or may require \'docker login\': denied: requested access to the resource is denied',
        object: ref,
        container: 'apikey-manager',
      },
      { type: 'Warning', reason: 'Failed', age: '2s', source: 'kubelet', message: 'Error: ErrImagePull', object: ref, container: 'apikey-manager' },
      {
        type: 'Normal',
        reason: 'Pulled',
        age: '1s',
        count: 2,
        source: 'kubelet',
        message: 'Container image "headscale/headscale:v0.29.3" already present on machine and can be accessed by the pod',
        object: ref,
        container: 'headscale',
      },
      { type: 'Normal', reason: 'Created', age: '1s', count: 2, source: 'kubelet', message: 'Container created', object: ref, container: 'headscale' },
    ]);
    expect(
      toSignals(ev)
        .filter((s) => s.container === 'apikey-manager')
        .map((s) => s.reason),
    ).toEqual(['Pulling', 'Failed', 'Failed']);
  });

  test('init containers: `spec.initContainers{setup}: `', () => {
    const ev = parsePaste(`Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  60s                default-scheduler  Successfully assigned default/app-5c6d7 to kind-worker
  Warning  Failed     58s                kubelet            spec.initContainers{setup}: Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/scripts/setup.sh": stat /scripts/setup.sh: no such file or directory: unknown
  Warning  BackOff    5s (x6 over 57s)   kubelet            spec.initContainers{setup}: Back-off restarting failed container setup in pod app-5c6d7_default(0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b)
`);
    expect(ev.events.slice(1).map((e) => [e.reason, e.container, e.count, e.message.slice(0, 32)])).toEqual([
      ['Failed', 'setup', undefined, 'Error: failed to create containe'],
      ['BackOff', 'setup', 6, 'Back-off restarting failed conta'],
    ]);
    expect(ev.events.every((e) => e.object?.name === 'app-5c6d7' && e.object.namespace === 'default')).toBe(true);
  });
});

describe('event messages over several lines', () => {
  test('corpus 024: a message the reporter wrapped over five lines at column 0 is one message', () => {
    const ev = parsePaste(corpus('024-ratelimit-hard-wrapped-message.txt'));
    expect(ev.events).toHaveLength(1);
    expect(ev.events[0]).toMatchObject({ type: 'Warning', reason: 'Failed', age: '76s', source: 'kubelet' });
    expect(ev.events[0].message).toMatch(/^Failed to pull image "busybox": rpc error: code = Unknown desc = failed to pull and unpack image/);
    expect(ev.events[0].message).toMatch(
      /429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit\. You may increase the limit by authenticating and upgrading: https:\/\/www\.docker\.com\/increase-rate-limit$/,
    );
    expect(ev.lines).toEqual([]);
  });

  test("corpus 086: the e2e framework's event dump (`event for <pod>: {kubelet node} FailedMount: ...`) with a 4-line message", () => {
    const ev = parsePaste(corpus('086-mount-other-nfs-helper-missing-e2e-multiline.txt'));
    expect(ev.events).toHaveLength(1);
    expect(eventView(ev.events[0])).toEqual({
      reason: 'FailedMount',
      source: 'kubelet, i-0cff3de3e6ff915b7',
      node: 'i-0cff3de3e6ff915b7',
      object: { kind: 'Pod', name: 'static-pod-nfs-test-pod03241026-a521-42ee-825d-2a6ece0586c0-i-0cff3de3e6ff915b7' },
      message: expect.stringMatching(
        /^MountVolume\.SetUp failed for volume "nfs-vol" : mount failed: exit status 32 Mounting command: mount Mounting arguments: -t nfs .* you might need a \/sbin\/mount\.<type> helper program\.$/,
      ),
    });
    expect(ev.lines).toEqual([]);
  });

  test('a following row, a blank line or a new section ends the message', () => {
    const ev = parsePaste(`Events:
  Type     Reason     Age   From     Message
  ----     ------     ----  ----     -------
  Warning  Unhealthy  10s   kubelet  Readiness probe failed: HTTP probe failed with statuscode: 503
{"status":"DOWN"}
  Warning  Unhealthy  5s    kubelet  Liveness probe failed: Get "http://10.1.0.5:8080/healthz": dial tcp 10.1.0.5:8080: connect: connection refused

unrelated prose after the paste`);
    expect(ev.events.map((e) => e.message)).toEqual([
      'Readiness probe failed: HTTP probe failed with statuscode: 503 {"status":"DOWN"}',
      'Liveness probe failed: Get "http://10.1.0.5:8080/healthz": dial tcp 10.1.0.5:8080: connect: connection refused',
    ]);
    expect(ev.lines.map((l) => l.text)).toEqual(['unrelated prose after the paste']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Fragments
// ---------------------------------------------------------------------------------------------------------------

describe('fragments of describe output', () => {
  test('corpus 062 / 078: only the Events block; the pod is named by the Scheduled event', () => {
    const ev = parsePaste(corpus('062-mount-secret-cert-manager-webhook-tls.txt'));
    expect(ev.objects).toEqual([expect.objectContaining({ name: 'alidns-webhook-79f76779c7-8chd8', namespace: 'cert-manager' })]);
    expect(ev.events.map((e) => [e.reason, e.count, e.object?.name])).toEqual([
      ['Scheduled', undefined, 'alidns-webhook-79f76779c7-8chd8'],
      ['FailedMount', 7, 'alidns-webhook-79f76779c7-8chd8'],
    ]);
    expect(ev.events[1].message).toBe('MountVolume.SetUp failed for volume "certs" : secret "alidns-webhook-webhook-tls" not found');

    const cni = parsePaste(corpus('078-cni-calico-unauthorized-token.txt'));
    expect(cni.events.map((e) => [e.type, e.reason, e.age, e.count])).toEqual([
      ['Normal', 'Scheduled', '7d18h', undefined],
      ['Warning', 'FailedCreatePodSandBox', '101s', undefined],
      ['Normal', 'SandboxChanged', '11s', 8],
    ]);
    expect(cni.events[1].message).toMatch(/plugin type="calico" failed \(add\): connection is unauthorized: Unauthorized$/);
    expect(cni.events.every((e) => e.object?.name === 'nfs-client-provisioner-59c5f46f5-d4nds' && e.object.namespace === 'a')).toBe(true);
  });

  test('corpus 050: every run of spaces collapsed to one; header and underline still recognised', () => {
    const ev = parsePaste(corpus('050-sched-cpu-whitespace-collapsed.txt'));
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        age: '38s',
        count: 8,
        source: 'default-scheduler',
        message: '0/25 nodes are available: 1 Insufficient pods, 1 PodToleratesNodeTaints, 23 Insufficient cpu.',
        object: { kind: 'Pod', name: '' },
      },
    ]);
  });

  test('corpus 080 / 060: rows without a header, irregular spacing, blank lines and prose between them', () => {
    const cni = parsePaste(corpus('080-cni-clusterinformation-timeout-collapsed.txt'));
    expect(cni.events.map((e) => [e.type, e.reason, e.age, e.count, e.source])).toEqual([
      ['Normal', 'SandboxChanged', '9m30s', 183, 'kubelet'],
      ['Warning', 'FailedCreatePodSandBox', '2m1s', undefined, 'kubelet'],
    ]);
    expect(cni.events[1].message).toMatch(/^Failed to create pod sandbox: .*error getting ClusterInformation: .*dial tcp 10\.43\.0\.1:443: i\/o timeout$/);
    expect(cni.lines.map((l) => l.text)).toEqual(['Logs error:']);

    const mount = parsePaste(corpus('060-mount-configmap-not-found-chinese-prose.txt'));
    expect(mount.events.map((e) => [e.reason, e.age, e.count, e.source])).toEqual([
      ['FailedMount', '13m', 1856, 'kubelet'],
      ['FailedMount', '4m4s', 2410, 'kubelet'],
    ]);
    expect(mount.events[0].message).toBe('MountVolume.SetUp failed for volume "service-render" : configmap "kafka-service-render" not found');
    expect(mount.events[1].message).toMatch(
      /^\(combined from similar events\): Unable to attach or mount volumes: unmounted volumes=\[service-common service-render\]/,
    );
    expect(mount.lines.map((l) => l.text)).toEqual(['Pod一直处于not ready状态,后面有以下警告:']);
  });

  test('corpus 069: a label line, then rows with hand-redacted IPs', () => {
    const ev = parsePaste(corpus('069-probe-liveness-redacted-ips.txt'));
    expect(ev.events.map((e) => [e.reason, e.age, e.count, e.message])).toEqual([
      ['Unhealthy', '115s', 3, 'Liveness probe failed: Get "http://x.x.x.x.x:8080/actuator/health": dial tcp  x.x.x.x:8080: connect: connection refused'],
      ['Unhealthy', '104s', 13, 'Readiness probe failed: Get "http://x.x.x.x.x:8080/actuator/health ": dial tcp x.x.x.x:8080: connect: connection refused'],
    ]);
    expect(ev.lines.map((l) => l.text)).toEqual(['Error:-']);
  });

  test('only the container state block (no `Containers:`, no name line)', () => {
    const ev = parsePaste(`    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Sat, 28 Nov 2026 17:29:27 +0000
      Finished:     Sat, 28 Nov 2026 17:30:26 +0000
    Ready:          False
    Restart Count:  5
`);
    expect(ev.objects).toHaveLength(1);
    expect(ev.objects[0].containers.map((c) => defined({ ...c, line: undefined }))).toEqual([
      {
        name: '',
        init: false,
        state: { state: 'waiting', reason: 'CrashLoopBackOff' },
        lastState: { state: 'terminated', reason: 'Error', exitCode: 1 },
        ready: false,
        restartCount: 5,
      },
    ]);
    expect(ev.lines).toEqual([]);
    expect(toSignals(ev).map((s) => [s.source, s.reason, s.exitCode])).toEqual([
      ['state', 'CrashLoopBackOff', undefined],
      ['last-state', 'Error', 1],
    ]);
  });

  test('corpus 045: a get-pods row plus a two-line `Last State` fragment', () => {
    const ev = parsePaste(corpus('045-oom-get-pods-status-column.txt'));
    expect(ev.objects[0]).toMatchObject({ name: 'tax-tribunals-application-base-74464f6b98-2kj6g', ready: '0/1', status: 'OOMKilled', restarts: 4 });
    expect(ev.objects.flatMap((o) => o.containers).map((c) => c.lastState)).toEqual([{ state: 'terminated', reason: 'OOMKilled' }]);
    expect(ev.lines).toEqual([]);
  });

  test('corpus 047: `kubectl describe pod initpod` names the Events fragment that follows it', () => {
    const ev = parsePaste(corpus('047-exec-format-new-style-get-pods-watch.txt'));
    expect(ev.kind).toBe('mixed');
    // get pods -w rows without a header: each printed state is a row
    expect(ev.objects.filter((o) => o.ready).map((o) => [o.name, o.ready, o.status, o.restarts])).toEqual([
      ['initpod', '0/1', 'Init:0/1', 0],
      ['initpod', '0/1', 'PodInitializing', 0],
      ['initpod', '0/1', 'Error', 0],
    ]);
    expect(ev.events).toHaveLength(7);
    expect(ev.events.every((e) => e.object?.name === 'initpod' && e.object.namespace === 'default')).toBe(true);
    expect(ev.events.map((e) => e.message).slice(2, 4)).toEqual(['Created container init-ctr', 'Started container init-ctr']);
    // `kubectl logs` output is not a table: its lines stay for the rules
    expect(ev.lines.map((l) => l.text)).toEqual(['Defaulted container "web-ctr" out of: web-ctr, init-ctr (init)', 'exec /bin/sh: exec format error']);
  });

  test('`kubectl describe pod -n shop api-0` then the events: pod and namespace come from the command', () => {
    const ev = parsePaste(`$ kubectl describe pod -n shop api-0
Events:
  Type     Reason   Age                 From     Message
  ----     ------   ----                ----     -------
  Warning  BackOff  2s (x14 over 3m)    kubelet  Back-off restarting failed container api in pod api-0_shop(0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b)
`);
    expect(ev.objects).toEqual([expect.objectContaining({ name: 'api-0', namespace: 'shop' })]);
    expect(ev.events[0]).toMatchObject({ reason: 'BackOff', count: 14, object: { kind: 'Pod', name: 'api-0', namespace: 'shop' } });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// kubectl get events
// ---------------------------------------------------------------------------------------------------------------

describe('kubectl get events', () => {
  test("today's columns (`LAST SEEN TYPE REASON OBJECT MESSAGE`), `<unknown>` age, a message cut with `...`", () => {
    const ev = parsePaste(`LAST SEEN   TYPE      REASON              OBJECT                         MESSAGE
2m          Normal    Scheduled           pod/web-7d9c5b7f6d-x2x9q       Successfully assigned shop/web-7d9c5b7f6d-x2x9q to worker-2
86s         Warning   Failed              pod/web-7d9c5b7f6d-x2x9q       Failed to pull image "registry.example.com/shop/web:2.0": rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/shop/web:2.0": failed to resolve reference "registry.example.com/shop/web:2.0": failed to do request: Head "https://registry.example.com/v2/shop/web/manifests/2.0": dial tcp: lookup registry.example.com on 10.96.0.10:53: no such host
5s          Warning   Unhealthy           pod/api-0                      Readiness probe failed: HTTP probe failed with statuscode: 500...
3m          Normal    SuccessfulCreate    replicaset/web-7d9c5b7f6d      Created pod: web-7d9c5b7f6d-x2x9q
<unknown>   Warning   FailedMount         pod/db-0                       MountVolume.SetUp failed for volume "data" : secret "db-tls" not found
`);
    expect(ev.kind).toBe('get-events');
    expect(ev.objects).toEqual([]);
    expect(ev.events.map((e) => [e.age, e.type, e.reason, e.object])).toEqual([
      ['2m', 'Normal', 'Scheduled', { kind: 'Pod', name: 'web-7d9c5b7f6d-x2x9q' }],
      ['86s', 'Warning', 'Failed', { kind: 'Pod', name: 'web-7d9c5b7f6d-x2x9q' }],
      ['5s', 'Warning', 'Unhealthy', { kind: 'Pod', name: 'api-0' }],
      ['3m', 'Normal', 'SuccessfulCreate', { kind: 'ReplicaSet', name: 'web-7d9c5b7f6d' }],
      ['<unknown>', 'Warning', 'FailedMount', { kind: 'Pod', name: 'db-0' }],
    ]);
    expect(ev.events[1].message).toMatch(/^Failed to pull image "registry\.example\.com\/shop\/web:2\.0": .* no such host$/);
    expect(ev.events[2].message).toBe('Readiness probe failed: HTTP probe failed with statuscode: 500...');
    expect(ev.events[3].message).toBe('Created pod: web-7d9c5b7f6d-x2x9q');
  });

  test('corpus 054: wide padding, unrelated ReplicaSet/Deployment/Ingress rows; rows of equal length are not joined', () => {
    const ev = parsePaste(corpus('054-sched-taint-unreachable-node-get-events.txt'));
    expect(ev.events.map((e) => [e.age, e.type, e.reason, e.object?.kind, e.object?.name])).toEqual([
      ['39h', 'Warning', 'FailedScheduling', 'Pod', 'ohsu-7ffd6bcb7f-mnsjf'],
      ['2m57s', 'Warning', 'FailedScheduling', 'Pod', 'ohsu-7ffd6bcb7f-mnsjf'],
      ['39h', 'Normal', 'SuccessfulCreate', 'ReplicaSet', 'ohsu-7ffd6bcb7f'],
      ['39h', 'Normal', 'ScalingReplicaSet', 'Deployment', 'ohsu'],
      ['39h', 'Normal', 'Sync', 'Ingress', 'optscale'],
      ['39h', 'Warning', 'FailedScheduling', 'Pod', 'organization-violations-scheduler-29018065-v4648'],
    ]);
    expect(ev.events[1].message).toBe(
      '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
  });

  test('corpus 056: one row with irregular spacing', () => {
    const ev = parsePaste(corpus('056-sched-affinity-get-events-single-row.txt'));
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        age: '11s',
        object: { kind: 'Pod', name: 'nmap' },
        message: "0/20 nodes are available: 1 node(s) didn't match pod affinity/anti-affinity, 19 node(s) didn't match node selector.",
      },
    ]);
  });

  test('corpus 075: placeholders in object names (`pod/egg-<id here>`) stay part of the name', () => {
    const ev = parsePaste(corpus('075-evicted-get-events-placeholder-ids.txt'));
    expect(ev.events.map((e) => [e.age, e.reason, e.object?.name])).toEqual([
      ['4m11s', 'Evicted', 'egg-<id here>'],
      ['4m11s', 'Killing', 'egg-<id here>'],
      ['4m', 'ExceededGracePeriod', 'egg-<id here>'],
      ['4m7s', 'Scheduled', 'egg-<id2 here>'],
      ['4m7s', 'Evicted', 'egg-<id2 here>'],
    ]);
    expect(ev.events[0].message).toBe('The node was low on resource: memory. Container egg was using 5053216Ki, which exceeds its request of 0.');
    expect(ev.events[4].message).toBe('The node had condition: [MemoryPressure].');
  });

  test('`-A`: the NAMESPACE column goes into the object', () => {
    const ev = parsePaste(`NAMESPACE     LAST SEEN   TYPE      REASON             OBJECT                          MESSAGE
kube-system   4m          Warning   FailedScheduling   pod/coredns-5d78c9869d-abcde    0/3 nodes are available: 3 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..
shop          12s         Warning   BackOff            pod/web-7d9c5b7f6d-x2x9q        Back-off restarting failed container web in pod web-7d9c5b7f6d-x2x9q_shop(0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b)
`);
    expect(ev.events.map((e) => [e.age, e.reason, e.object])).toEqual([
      ['4m', 'FailedScheduling', { kind: 'Pod', name: 'coredns-5d78c9869d-abcde', namespace: 'kube-system' }],
      ['12s', 'BackOff', { kind: 'Pod', name: 'web-7d9c5b7f6d-x2x9q', namespace: 'shop' }],
    ]);
    expect(ev.events[1].message).toBe('Back-off restarting failed container web in pod web-7d9c5b7f6d-x2x9q_shop(0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b)');
  });

  test('`-o wide`: SUBOBJECT, SOURCE, FIRST SEEN, COUNT and NAME are split off the message', () => {
    const ev =
      parsePaste(`LAST SEEN   TYPE      REASON    OBJECT              SUBOBJECT                SOURCE              MESSAGE                                   FIRST SEEN   COUNT   NAME
3m          Warning   Failed    pod/web-7d9c5-xq    spec.containers{web}     kubelet, worker-2   Error: ErrImagePull                       5m           4       web-7d9c5-xq.17a1b2c3d4e5f6a7
10s         Warning   BackOff   pod/api-0           spec.containers{api}     kubelet, worker-1   Back-off restarting failed container api in pod api-0_default(0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b)   9m           41      api-0.17a1b2c3d4e5f6b8
20s         Warning   FailedScheduling   pod/db-0                          default-scheduler   0/3 nodes are available: 3 Insufficient memory.   20s   1   db-0.17a1b2c3d4e5f6c9
`);
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Warning',
        reason: 'Failed',
        age: '3m',
        count: 4,
        source: 'kubelet, worker-2',
        node: 'worker-2',
        container: 'web',
        object: { kind: 'Pod', name: 'web-7d9c5-xq' },
        message: 'Error: ErrImagePull',
      },
      {
        type: 'Warning',
        reason: 'BackOff',
        age: '10s',
        count: 41,
        source: 'kubelet, worker-1',
        node: 'worker-1',
        container: 'api',
        object: { kind: 'Pod', name: 'api-0' },
        message: 'Back-off restarting failed container api in pod api-0_default(0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b)',
      },
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        age: '20s',
        count: 1,
        source: 'default-scheduler',
        object: { kind: 'Pod', name: 'db-0' },
        message: '0/3 nodes are available: 3 Insufficient memory.',
      },
    ]);
  });

  test('1.12/1.13 columns (`LAST SEEN TYPE REASON KIND MESSAGE`): the kind is known, the name is not', () => {
    const ev = parsePaste(`LAST SEEN   TYPE      REASON             KIND   MESSAGE
1m          Warning   Failed             Pod    Failed to pull image "nginx:nope": rpc error: code = Unknown desc = Error response from daemon: manifest for nginx:nope not found
30s         Warning   FailedScheduling   Pod    0/2 nodes are available: 2 Insufficient memory.
`);
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Warning',
        reason: 'Failed',
        age: '1m',
        object: { kind: 'Pod', name: '' },
        message: 'Failed to pull image "nginx:nope": rpc error: code = Unknown desc = Error response from daemon: manifest for nginx:nope not found',
      },
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        age: '30s',
        object: { kind: 'Pod', name: '' },
        message: '0/2 nodes are available: 2 Insufficient memory.',
      },
    ]);
  });

  test('≤1.11 columns (`LASTSEEN FIRSTSEEN COUNT NAME KIND SUBOBJECT TYPE REASON SOURCE MESSAGE`)', () => {
    const ev =
      parsePaste(`LASTSEEN   FIRSTSEEN   COUNT     NAME                        KIND         SUBOBJECT                TYPE      REASON             SOURCE                  MESSAGE
1m         5m          6         web-5f7b9c-4xk2p            Pod          spec.containers{web}     Warning   Failed             kubelet, gke-pool-1     Failed to pull image "gcr.io/acme/web:v3": rpc error: code = Unknown desc = Error response from daemon: repository gcr.io/acme/web not found: does not exist or no pull access
2m         2m          1         web-5f7b9c-4xk2p            Pod                                   Normal    Scheduled          default-scheduler       Successfully assigned web-5f7b9c-4xk2p to gke-pool-1
30s        10m         40        web-5f7b9c                  ReplicaSet                            Warning   FailedCreate       replicaset-controller   Error creating: pods "web-5f7b9c-" is forbidden: exceeded quota: compute-quota
`);
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Warning',
        reason: 'Failed',
        age: '1m',
        count: 6,
        source: 'kubelet, gke-pool-1',
        node: 'gke-pool-1',
        container: 'web',
        object: { kind: 'Pod', name: 'web-5f7b9c-4xk2p' },
        message:
          'Failed to pull image "gcr.io/acme/web:v3": rpc error: code = Unknown desc = Error response from daemon: repository gcr.io/acme/web not found: does not exist or no pull access',
      },
      {
        type: 'Normal',
        reason: 'Scheduled',
        age: '2m',
        count: 1,
        source: 'default-scheduler',
        object: { kind: 'Pod', name: 'web-5f7b9c-4xk2p' },
        message: 'Successfully assigned web-5f7b9c-4xk2p to gke-pool-1',
      },
      {
        type: 'Warning',
        reason: 'FailedCreate',
        age: '30s',
        count: 40,
        source: 'replicaset-controller',
        object: { kind: 'ReplicaSet', name: 'web-5f7b9c' },
        message: 'Error creating: pods "web-5f7b9c-" is forbidden: exceeded quota: compute-quota',
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// kubectl get pods
// ---------------------------------------------------------------------------------------------------------------

const podRow = (o: PodRecord) => [o.namespace, o.name, o.ready, o.status, o.restarts, o.node];

describe('kubectl get pods', () => {
  test('statuses incl. `Init:CrashLoopBackOff`, `Init:0/1`, Terminating; restarts `5 (2m ago)`', () => {
    const ev = parsePaste(`NAME                      READY   STATUS                  RESTARTS       AGE
api-0                     0/1     CrashLoopBackOff        5 (2m ago)     10m
web-7d9c5b7f6d-x2x9q      0/2     Init:CrashLoopBackOff   7 (45s ago)    12m
worker-6f7d8c9b-abcde     0/1     Init:0/1                0              30s
old-1                     0/1     Evicted                 0              2d
term-1                    1/1     Terminating             2              3h
`);
    expect(ev.kind).toBe('get-pods');
    expect(ev.objects.map(podRow)).toEqual([
      [undefined, 'api-0', '0/1', 'CrashLoopBackOff', 5, undefined],
      [undefined, 'web-7d9c5b7f6d-x2x9q', '0/2', 'Init:CrashLoopBackOff', 7, undefined],
      [undefined, 'worker-6f7d8c9b-abcde', '0/1', 'Init:0/1', 0, undefined],
      [undefined, 'old-1', '0/1', 'Evicted', 0, undefined],
      [undefined, 'term-1', '1/1', 'Terminating', 2, undefined],
    ]);
    const status = toSignals(ev).filter((s) => s.source === 'status');
    expect(status.map((s) => [s.object?.name, s.reason, s.init, s.ready, s.restarts])).toEqual([
      ['api-0', 'CrashLoopBackOff', false, false, 5],
      ['web-7d9c5b7f6d-x2x9q', 'CrashLoopBackOff', true, false, 7],
      ['worker-6f7d8c9b-abcde', '0/1', true, false, 0],
      ['old-1', 'Evicted', false, false, 0],
      ['term-1', 'Terminating', false, true, 2],
    ]);
  });

  test('corpus 042: shell prompts around the table, `903 (2m25s ago)` restarts', () => {
    const ev = parsePaste(corpus('042-init-crashloop-get-pods-restart-ago.txt'));
    expect(ev.objects).toHaveLength(9);
    expect(ev.objects.filter((o) => o.status !== 'Running').map(podRow)).toEqual([
      [undefined, 'reportportal-api-587bc87f4-svv6f', '0/1', 'Init:CrashLoopBackOff', 30, undefined],
      [undefined, 'reportportal-jobs-b569f5f4-bvpgr', '0/1', 'Init:CrashLoopBackOff', 903, undefined],
      [undefined, 'reportportal-uat-55465fd679-jkgz2', '0/1', 'Init:CrashLoopBackOff', 876, undefined],
    ]);
    expect(ev.lines).toEqual([]); // the `$` prompt lines are not evidence
  });

  test('corpus 038 (1.10-era spacing) and 071 (misaligned `./oc get pods`)', () => {
    const never = parsePaste(corpus('038-never-pull-get-pods-only.txt'));
    expect(never.objects).toHaveLength(11);
    expect(never.objects.filter((o) => o.status === 'ErrImageNeverPull')).toHaveLength(9);
    expect(never.objects[1]).toMatchObject({ name: 'colossus-auth-deployment-677c9688db-b6gzb', ready: '0/1', restarts: 0 });

    const oc = parsePaste(corpus('071-probe-readiness-oc-get-pods-misaligned.txt'));
    expect(oc.objects.map((o) => [o.name, o.ready, o.status])).toEqual([
      ['nsm-admission-webhook-78fc884fcf-7bxld', '1/1', 'Running'],
      ['nsm-vpp-forwarder-57zv7', '0/1', 'Running'],
      ['nsm-vpp-forwarder-nnvvm', '0/1', 'Running'],
      ['nsm-vpp-forwarder-vtvb6', '0/1', 'Running'],
      ['nsmgr-2mrv6', '2/3', 'Running'],
      ['nsmgr-rghmw', '2/3', 'Running'],
      ['nsmgr-z7n8f', '2/3', 'Running'],
      ['prefix-service-65cb5c67c4-5sk9j', '1/1', 'Running'],
    ]);
    expect(oc.lines).toEqual([]); // `./oc get pods` is a command, not evidence
    expect(toSignals(oc).filter((s) => s.source === 'status' && s.ready === false)).toHaveLength(6);
  });

  test('`-o wide`: node column; `<none>` is no node', () => {
    const ev = parsePaste(`NAME                   READY   STATUS             RESTARTS      AGE   IP            NODE       NOMINATED NODE   READINESS GATES
api-0                  0/1     CrashLoopBackOff   12 (3m ago)   40m   10.244.1.9    worker-1   <none>           <none>
pending-0              0/1     Pending            0             5m    <none>        <none>     <none>           <none>
`);
    expect(ev.objects.map(podRow)).toEqual([
      [undefined, 'api-0', '0/1', 'CrashLoopBackOff', 12, 'worker-1'],
      [undefined, 'pending-0', '0/1', 'Pending', 0, undefined],
    ]);
    expect(ev.facts.node).toEqual(['worker-1']);
  });

  test('`-A` and `-A -o wide`: the namespace column', () => {
    const ev = parsePaste(`NAMESPACE     NAME                               READY   STATUS              RESTARTS        AGE
kube-system   coredns-5d78c9869d-abcde           0/1     ContainerCreating   0               3m
monitoring    prometheus-0                       1/2     OOMKilled           4 (57s ago)     20m
`);
    expect(ev.objects.map(podRow)).toEqual([
      ['kube-system', 'coredns-5d78c9869d-abcde', '0/1', 'ContainerCreating', 0, undefined],
      ['monitoring', 'prometheus-0', '1/2', 'OOMKilled', 4, undefined],
    ]);
    const wide =
      parsePaste(`NAMESPACE     NAME                     READY   STATUS         RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
shop          web-7d9c5b7f6d-x2x9q     0/1     ErrImagePull   0          12m   10.244.2.3   node-b   <none>           <none>
`);
    expect(wide.objects.map(podRow)).toEqual([['shop', 'web-7d9c5b7f6d-x2x9q', '0/1', 'ErrImagePull', 0, 'node-b']]);
  });

  test('corpus 027: a row the user cut after STATUS, then a tab-separated event row', () => {
    const ev = parsePaste(corpus('027-tls-x509-private-registry-old-inline.txt'));
    expect(ev.kind).toBe('mixed');
    expect(ev.objects.map(podRow)).toEqual([[undefined, 'monitorms-mmqhm', '0/1', 'ImagePullBackOff', undefined, undefined]]);
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Warning',
        reason: 'Failed',
        message:
          'Failed to pull image "10.78.0.228:5000/monitorms": Error response from daemon: {"message":"Get https://10.78.0.228:5000/v1/_ping: x509: certificate signed by unknown authority"}',
      },
    ]);
  });

  test('prose with a fraction is not a pod row', () => {
    const ev = parsePaste('we tried step 1/3 twice\n0/3 nodes are available: 3 Insufficient memory.');
    expect(ev.objects).toEqual([]);
    expect(ev.lines).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// -o json / -o yaml
// ---------------------------------------------------------------------------------------------------------------

const POD_JSON = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'api-0', namespace: 'default' },
  spec: { nodeName: 'worker-1', initContainers: [{ name: 'wait-db', image: 'busybox:1.36' }], containers: [{ name: 'api', image: 'acme/api:1.2' }] },
  status: {
    phase: 'Pending',
    conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [api]' }],
    initContainerStatuses: [
      {
        name: 'wait-db',
        image: 'busybox:1.36',
        ready: false,
        restartCount: 4,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=wait-db pod=api-0_default(0f1e2d3c)' } },
        lastState: { terminated: { reason: 'Error', exitCode: 1 } },
      },
    ],
    containerStatuses: [
      { name: 'api', image: 'acme/api:1.2', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } }, lastState: {} },
    ],
  },
};

describe('-o json / -o yaml', () => {
  test('Pod as JSON (with the command line before it): containers, init containers, waiting message, conditions', () => {
    const ev = parsePaste('$ kubectl get pod api-0 -o json\n' + JSON.stringify(POD_JSON, null, 4));
    expect(ev.kind).toBe('json');
    expect(ev.objects).toHaveLength(1);
    expect(ev.objects[0]).toMatchObject({ name: 'api-0', namespace: 'default', node: 'worker-1', status: 'Pending' });
    expect(ev.objects[0].containers.map((c) => defined(c))).toEqual([
      {
        name: 'wait-db',
        init: true,
        image: 'busybox:1.36',
        state: defined({
          state: 'waiting',
          reason: 'CrashLoopBackOff',
          message: 'back-off 1m20s restarting failed container=wait-db pod=api-0_default(0f1e2d3c)',
        }),
        lastState: defined({ state: 'terminated', reason: 'Error', exitCode: 1 }),
        ready: false,
        restartCount: 4,
      },
      { name: 'api', init: false, image: 'acme/api:1.2', state: defined({ state: 'waiting', reason: 'PodInitializing' }), ready: false, restartCount: 0 },
    ]);
    expect(ev.objects[0].conditions).toEqual([
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [api]' },
    ]);
    expect(toSignals(ev).find((s) => s.source === 'state' && s.init)).toMatchObject({
      reason: 'CrashLoopBackOff',
      container: 'wait-db',
      message: expect.stringContaining('back-off 1m20s'),
    });
  });

  test('PodList in a `kind: List` as YAML: deletionTimestamp → Terminating; pod-level Evicted reason and message', () => {
    const ev = parsePaste(`apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-1
    namespace: shop
    deletionTimestamp: "2026-11-28T17:40:00Z"
  spec:
    containers:
    - image: nginx:1.25
      name: web
    nodeName: node-a
  status:
    phase: Running
    containerStatuses:
    - name: web
      image: nginx:1.25
      ready: true
      restartCount: 0
      state:
        running:
          startedAt: "2026-11-28T17:30:00Z"
- apiVersion: v1
  kind: Pod
  metadata:
    name: evicted-1
    namespace: shop
  spec:
    containers:
    - image: acme/app:2
      name: app
  status:
    phase: Failed
    reason: Evicted
    message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 62544Ki. '
kind: List
metadata:
  resourceVersion: ""
`);
    expect(ev.kind).toBe('yaml');
    expect(ev.objects.map((o) => [o.name, o.namespace, o.node, o.status, o.reason])).toEqual([
      ['web-1', 'shop', 'node-a', 'Terminating', undefined],
      ['evicted-1', 'shop', undefined, 'Failed', 'Evicted'],
    ]);
    expect(ev.objects[0].containers[0]).toMatchObject({ name: 'web', state: { state: 'running' }, ready: true });
  });

  test('PodList as JSON: one object per pod', () => {
    const ev = parsePaste(
      JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [POD_JSON, { ...POD_JSON, metadata: { name: 'api-1', namespace: 'default' } }] }),
    );
    expect(ev.kind).toBe('json');
    expect(ev.objects.map((o) => [o.name, o.status, o.containers.length])).toEqual([
      ['api-0', 'Pending', 2],
      ['api-1', 'Pending', 2],
    ]);
  });

  test('EventList as JSON: core/v1 and events.k8s.io/v1 events (regarding, note, series, reportingController)', () => {
    const ev = parsePaste(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'EventList',
        items: [
          {
            kind: 'Event',
            metadata: { name: 'api-0.17a', namespace: 'default' },
            involvedObject: { kind: 'Pod', name: 'api-0', namespace: 'default', fieldPath: 'spec.containers{api}' },
            reason: 'BackOff',
            message: 'Back-off restarting failed container api in pod api-0_default(0f1e2d3c)\n',
            type: 'Warning',
            count: 12,
            source: { component: 'kubelet', host: 'worker-1' },
          },
          {
            apiVersion: 'events.k8s.io/v1',
            kind: 'Event',
            metadata: { name: 'db-0.17b', namespace: 'default' },
            regarding: { kind: 'Pod', name: 'db-0', namespace: 'default' },
            reason: 'FailedScheduling',
            note: '0/3 nodes are available: 3 Insufficient memory.',
            type: 'Warning',
            reportingController: 'default-scheduler',
            series: { count: 5, lastObservedTime: '2026-11-28T17:30:00.000000Z' },
          },
        ],
      }),
    );
    expect(ev.kind).toBe('json');
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Warning',
        reason: 'BackOff',
        count: 12,
        source: 'kubelet',
        node: 'worker-1',
        container: 'api',
        object: { kind: 'Pod', name: 'api-0', namespace: 'default' },
        message: 'Back-off restarting failed container api in pod api-0_default(0f1e2d3c)',
      },
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        count: 5,
        source: 'default-scheduler',
        object: { kind: 'Pod', name: 'db-0', namespace: 'default' },
        message: '0/3 nodes are available: 3 Insufficient memory.',
      },
    ]);
  });

  test('a single Event as YAML with a block scalar message (`message: |`) after the command', () => {
    const ev = parsePaste(`kubectl get events -n shop -o yaml
apiVersion: v1
kind: Event
metadata:
  name: web-1.17c
  namespace: shop
involvedObject:
  kind: Pod
  name: web-1
  namespace: shop
  fieldPath: spec.initContainers{init}
reason: Failed
message: |
  Error: container has runAsNonRoot and image will run as root (pod: "web-1_shop(0f1e)", container: init)
type: Warning
source:
  component: kubelet
  host: node-a
`);
    expect(ev.kind).toBe('yaml');
    expect(ev.events.map(eventView)).toEqual([
      {
        type: 'Warning',
        reason: 'Failed',
        source: 'kubelet',
        node: 'node-a',
        container: 'init',
        object: { kind: 'Pod', name: 'web-1', namespace: 'shop' },
        message: 'Error: container has runAsNonRoot and image will run as root (pod: "web-1_shop(0f1e)", container: init)',
      },
    ]);
  });

  test('corpus 022: `get events -o yaml` from 2016 (a YAML list, folded message, fieldPath)', () => {
    const ev = parsePaste(corpus('022-notfound-events-yaml-2016.txt'));
    expect(ev.kind).toBe('yaml');
    expect(ev.events.map(eventView)).toEqual([
      {
        reason: 'Failed',
        count: 61,
        source: 'kubelet',
        node: 'ip-10-50-1-50.eu-west-1.compute.internal',
        container: 'registry',
        object: { kind: 'Pod', name: 'registry-v1-j6noi', namespace: 'srrs-ci' },
        message:
          'Failed to pull image "quay.io/ukhomeofficedigital/s3registry:v2.0.0-bob": image pull failed for quay.io/ukhomeofficedigital/s3registry:v2.0.0-bob, this may be because there are no credentials on this request.  details: (Tag v2.0.0-bob not found in repository quay.io/ukhomeofficedigital/s3registry)',
      },
    ]);
  });

  test('JSON that is not a Kubernetes object falls back to the line scanner', () => {
    const ev = parsePaste('{"level":"error","msg":"Failed to pull image \\"nginx:nope\\""}');
    expect(ev.kind).toBe('text');
    expect(ev.lines).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Bare lines: runtime logs, pull errors, one message
// ---------------------------------------------------------------------------------------------------------------

describe('bare lines', () => {
  test('kubelet, containerd and CRI-O journal lines: the journal prefix and klog header go, the node is a fact', () => {
    const ev =
      parsePaste(String.raw`Nov 28 17:31:02 worker-1 kubelet[1234]: E1128 17:31:02.123456    1234 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \"StartContainer\" for \"web\" with ImagePullBackOff: \"Back-off pulling image \\\"nginx:nope\\\"\"" pod="default/web-0"
Nov 28 17:31:05 worker-1 containerd[812]: time="2026-11-28T17:31:05.000000000Z" level=error msg="PullImage \"nginx:nope\" failed" error="failed to pull and unpack image \"docker.io/library/nginx:nope\": docker.io/library/nginx:nope: not found"
Nov 28 17:31:07 worker-1 crio[900]: time="2026-11-28 17:31:07.000000000Z" level=info msg="Trying to access \"quay.io/acme/app:1\""
2026-11-28T17:31:09.123456+00:00 worker-2 kubelet[55]: I1128 17:31:09.123456      55 kuberuntime_manager.go:1000] "Back-off restarting failed container"`);
    expect(ev.kind).toBe('log');
    expect(ev.lines.map((l) => [l.line, l.text.split(' ')[0]])).toEqual([
      [1, '"Error'],
      [2, 'time="2026-11-28T17:31:05.000000000Z"'],
      [3, 'time="2026-11-28'],
      [4, '"Back-off'],
    ]);
    expect(ev.lines[3].text).toBe('"Back-off restarting failed container"');
    expect(ev.lines[1].text).toContain('docker.io/library/nginx:nope: not found');
    expect(ev.facts.node).toEqual(['worker-1', 'worker-2']);
  });

  test('corpus 006: journal lines cut by an 80+-column terminal (mid-word, padded) are whole again', () => {
    const ev = parsePaste(corpus('006-dns-kubelet-journal-terminal-wrapped.txt'));
    expect(ev.kind).toBe('log');
    expect(ev.lines).toHaveLength(3);
    for (const l of ev.lines)
      expect(l.text).toMatch(
        /Error response from daemon: Get https:\/\/registry-1\.docker\.io\/v2\/: dial tcp: lookup registry-1\.docker\.io on 10\.0\.2\.3:53: read udp 10\.0\.2\.15:54684->10\.0\.2\.3:53: i\/o timeout$/,
      );
    expect(ev.lines[2].text).toMatch(/^container start failed: ErrImagePull: rpc error/);
    expect(ev.facts.node).toEqual(['permanent']);
  });

  test('`docker pull` and `crictl pull` errors', () => {
    const ev = parsePaste(`$ docker pull nginx:nope
Error response from daemon: manifest for nginx:nope not found: manifest unknown: manifest unknown
$ sudo crictl pull registry.example.com/shop/web:2.0
E1128 17:35:00.000000   4321 remote_image.go:180] "PullImage from image service failed" err="rpc error: code = Unknown desc = failed to pull and unpack image \\"registry.example.com/shop/web:2.0\\": x509: certificate signed by unknown authority"
FATA[0000] pulling image: rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/shop/web:2.0": x509: certificate signed by unknown authority
`);
    expect(ev.kind).toBe('text');
    expect(ev.objects).toEqual([]);
    expect(ev.events).toEqual([]);
    expect(ev.lines.map((l) => l.text)).toEqual([
      'docker pull nginx:nope',
      'Error response from daemon: manifest for nginx:nope not found: manifest unknown: manifest unknown',
      'sudo crictl pull registry.example.com/shop/web:2.0',
      '"PullImage from image service failed" err="rpc error: code = Unknown desc = failed to pull and unpack image \\"registry.example.com/shop/web:2.0\\": x509: certificate signed by unknown authority"',
      'FATA[0000] pulling image: rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/shop/web:2.0": x509: certificate signed by unknown authority',
    ]);
  });

  test('a single event message on its own (corpus 018 in backticks, 052, 004 as a bare describe row)', () => {
    const tag = parsePaste(corpus('018-notfound-tag-not-found-inline-backticks.txt'));
    expect(tag.kind).toBe('text');
    expect(tag.lines.map((l) => l.text)).toEqual([
      'Failed to pull image "gcr.io/google_containers/kubernetes-dashboard-amd64:v1.6.1": rpc error: code = 2 desc = Tag v1.6.1 not found in repository gcr.io/google_containers/kubernetes-dashboard-amd64',
    ]);
    expect(tag.facts.image).toEqual(['gcr.io/google_containers/kubernetes-dashboard-amd64:v1.6.1']);

    const sched = parsePaste(corpus('052-sched-memory-preemption-message-only.txt'));
    expect(sched.lines.map((l) => l.text)).toEqual([
      '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    ]);

    const sandbox = parsePaste(corpus('004-dns-sandbox-pause-image-no-such-host.txt'));
    expect(sandbox.events.map((e) => [e.type, e.reason, e.age, e.source])).toEqual([['Warning', 'FailedCreatePodSandBox', '40m', 'kubelet']]);
    expect(sandbox.events[0].message).toMatch(/^Failed to create pod sandbox: rpc error: .* lookup registry\.k8s\.io on 192\.168\.98\.2:53: no such host$/);
    expect(sandbox.facts.image).toEqual(['registry.k8s.io/pause:3.10']);
  });

  test('corpus 008 (OCR of a screenshot) and 032 (smart quotes, numbered list with a prompt) stay lines', () => {
    const ocr = parsePaste(corpus('008-dns-ocr-transcribed-from-screenshot.txt'));
    expect(ocr.lines).toHaveLength(2);
    expect(ocr.lines[1].text).toMatch(/dial tcp: lookup us-central1-docker\.pkg\.dev: i\/o timeout$/);

    const platform = parsePaste(corpus('032-platform-smart-quotes-plus-exec-format.txt'));
    expect(platform.lines.map((l) => l.text)).toEqual([
      '1. pod/operator-init-monitoring-operator-lng8l                     Failed to pull image "rancher/istio-kubectl:1.5.10": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/rancher/istio-kubectl:1.5.10": no match for platform in manifest: not found',
      'standard_init_linux.go:219: exec user process caused: exec format error',
    ]);
    expect(platform.facts.image).toEqual(['rancher/istio-kubectl:1.5.10']);
  });

  test('a bare `Warning Reason message` row with no age or source (copied from a dashboard)', () => {
    const ev = parsePaste('Warning  FailedMount  MountVolume.SetUp failed for volume "config" : configmap "app-config" not found');
    expect(ev.events.map(eventView)).toEqual([
      { type: 'Warning', reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "config" : configmap "app-config" not found' },
    ]);
  });
});

describe('parse() on already normalised text', () => {
  test('an event row keeps its line number and its text as evidence', () => {
    const ev = parse('Events:\n  Warning  Failed  8s  kubelet  Error: ErrImagePull');
    expect(ev.events[0]).toMatchObject({ line: 2, text: 'Warning  Failed  8s  kubelet  Error: ErrImagePull' });
  });
});
