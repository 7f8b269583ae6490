// The normaliser turns text as people deliver it (Slack, terminals, markdown, OCR'd screenshots) back into kubectl's
// own lines. Each test shows one kind of damage and what comes out; the last ones check whole pastes round-trip.
import { describe, expect, test } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { normalise, decodeSlack } from '../src/normalise/normalise.js';
import { parse } from '../src/parse/parse.js';
import { CORPUS_DIR, corpus } from './support/paste.js';
import { slackEscape } from './support/slack-payloads.js';

const text = (input: string) => normalise(input).text;

describe('Slack message text', () => {
  test('entities are decoded once: `&amp; &lt; &gt;`, and `&amp;lt;` (a literal `&lt;` in the paste) stays `&lt;`', () => {
    expect(text('a &amp;&amp; b &gt; c &lt; d')).toBe('a && b > c < d');
    expect(text('NODE   &lt;none&gt;')).toBe('NODE   <none>');
    expect(text('the HTML was &amp;lt;b&amp;gt;')).toBe('the HTML was &lt;b&gt;');
    expect(text('&quot;x&quot; &#39;y&#39;')).toBe('"x" \'y\'');
  });

  test('auto-links become their label, or the URL when there is none; mailto loses its scheme', () => {
    expect(text('Back-off pulling image "<http://registry-1.docker.io/library/nginx:1.25|registry-1.docker.io/library/nginx:1.25>"')).toBe(
      'Back-off pulling image "registry-1.docker.io/library/nginx:1.25"',
    );
    expect(text('Get "<https://registry-1.docker.io/v2/>": dial tcp')).toBe('Get "https://registry-1.docker.io/v2/": dial tcp');
    expect(text('see <https://kubernetes.io/docs/?a=1&amp;b=2>')).toBe('see https://kubernetes.io/docs/?a=1&b=2');
    expect(text('mail <mailto:ops@example.com|ops@example.com> or <mailto:sre@example.com>')).toBe('mail ops@example.com or sre@example.com');
  });

  test('user, channel and broadcast mentions become readable names', () => {
    expect(text('<@U024BE7LH|alice> see <#C024BE7LR|ops> <!here>')).toBe('@alice see #ops @here');
    expect(text('<#C024BE7LR> <!channel> <!subteam^S0614TZR7|sre-team>')).toBe('#C024BE7LR @channel @sre-team');
    expect(decodeSlack('<!date^1392734382^{date_short}|Feb 18, 2014>')).toBe('Feb 18, 2014');
  });

  test("kubectl's own angle brackets survive, escaped by Slack or not", () => {
    const lines = [
      'Node:             <none>',
      'Annotations:      <none>',
      '  Normal   Scheduled  <unknown>  default-scheduler  Successfully assigned default/web-0 to node-a',
      'Status:           Terminating (lasts <invalid>)',
      "      DB_PASSWORD:  <set to the key 'password' in secret 'db'>  Optional: false",
      "      API_TOKEN:    <set to the key 'token' of config map 'api'>  Optional: false",
      '4m11s       Warning   Evicted               pod/egg-<id here>    The node had condition: [MemoryPressure].',
    ].join('\n');
    expect(text(lines)).toBe(lines);
    expect(text(slackEscape(lines))).toBe(lines);
  });
});

describe('markdown around the paste', () => {
  test('``` fences, with or without a language, are removed', () => {
    expect(text('my pod is stuck:\n```\nEvents:\n  Type  Reason\n```\nthanks')).toBe('my pod is stuck:\n\nEvents:\n  Type  Reason\n\nthanks');
    expect(text('```yaml\napiVersion: v1\nkind: Pod\n```')).toBe('apiVersion: v1\nkind: Pod');
    expect(text('```Warning  Failed  8s  kubelet  Error: ErrImagePull```')).toBe('Warning  Failed  8s  kubelet  Error: ErrImagePull');
  });

  test('inline code loses its backticks', () => {
    expect(text('`Failed to pull image "nginx:nope": not found`')).toBe('Failed to pull image "nginx:nope": not found');
    expect(text('I ran `kubectl get pods` and saw `0/1  ImagePullBackOff`')).toBe('I ran kubectl get pods and saw 0/1  ImagePullBackOff');
  });

  test('`> ` quotes, nested or not, are removed; `->` and `>` inside a line stay', () => {
    expect(text('> Warning  Failed  1m  kubelet  Error: ErrImagePull\n> > nested\n>no space')).toBe(
      'Warning  Failed  1m  kubelet  Error: ErrImagePull\nnested\nno space',
    );
    expect(text('read udp 10.0.2.15:54684->10.0.2.3:53: i/o timeout')).toBe('read udp 10.0.2.15:54684->10.0.2.3:53: i/o timeout');
  });

  test('**bold** markers are removed', () => {
    expect(text('**Events:**\n  Type  Reason')).toBe('Events:\n  Type  Reason');
    expect(text('**Output:** exec format error')).toBe('Output: exec format error');
  });
});

describe('characters', () => {
  test('CRLF and lone CR become LF', () => {
    expect(text('Name:  web-0\r\nStatus:  Pending\rIP:  10.0.0.1')).toBe('Name:  web-0\nStatus:  Pending\nIP:  10.0.0.1');
  });

  test('tabs become two spaces, so tab-separated columns stay columns', () => {
    expect(text('Warning\t\tFailed\t\tError: ErrImagePull')).toBe('Warning    Failed    Error: ErrImagePull');
    const ev = parse(text('  3m\t\t1m\t\t4\t{kubelet node-1}\tspec.containers{web}\tWarning\t\tFailed\t\tError: ErrImagePull'));
    expect(ev.events[0]).toMatchObject({ reason: 'Failed', count: 4, container: 'web', message: 'Error: ErrImagePull' });
  });

  test('NBSP, em/thin/ideographic spaces become spaces; zero-width characters and BOM disappear', () => {
    expect(text('\ufeffName:\u00a0\u00a0web-0\u2003\u2009x\u3000y\u200bz\u2060')).toBe('Name:  web-0  x yz');
  });

  test('smart quotes, dashes and the ellipsis become ASCII (corpus 032 quotes image names with U+201C/U+201D)', () => {
    expect(text('Failed to pull image \u201cnginx:1.25\u201d: \u2018x\u2019 \u2014 see \u2026')).toBe('Failed to pull image "nginx:1.25": \'x\' - see ...');
    expect(text(corpus('032-platform-smart-quotes-plus-exec-format.txt'))).toContain('Failed to pull image "rancher/istio-kubectl:1.5.10": rpc error');
  });

  test('full-width punctuation and letters (CJK input methods) become ASCII', () => {
    expect(text('Pod\u4e00\u76f4\u5904\u4e8enot ready\u72b6\u6001\uff0c\u8b66\u544a\uff1a')).toBe(
      'Pod\u4e00\u76f4\u5904\u4e8enot ready\u72b6\u6001,\u8b66\u544a:',
    );
    expect(text('\uff08x1856 over 2d23h\uff09\u3002')).toBe('(x1856 over 2d23h).');
    expect(text('\uff2e\uff41\uff4d\uff45\uff1a web')).toBe('Name: web');
  });

  test('ANSI colours, cursor codes and OSC-8 hyperlinks are removed', () => {
    expect(text('\x1b[31mWarning\x1b[0m  \x1b[1;33mFailed\x1b[22m  \x1b[2K8s')).toBe('Warning  Failed  8s');
    expect(text('\x1b]8;;https://example.com\x07link\x1b]8;;\x07 ok')).toBe('link ok');
  });

  test("kubectl's own escape of ESC (`^[`) and other control characters", () => {
    expect(text('a\x00b\x07c\x7fd')).toBe('abcd');
  });
});

describe('shell prompts', () => {
  test.each([
    ['$ kubectl describe pod web-0', 'kubectl describe pod web-0'],
    ['[root@master01 ~]# kubectl describe pod web-0 -n shop', 'kubectl describe pod web-0 -n shop'],
    ['[root@xxx linux-arm64]# kubectl logs -f exporter-0', 'kubectl logs -f exporter-0'],
    ['ubuntu@ip-10-0-0-1:~$ kubectl get pods -A', 'kubectl get pods -A'],
    ['user@host:~/work$ kubectl get events', 'kubectl get events'],
    ['admin@cluster % kubectl get pods', 'kubectl get pods'],
    ['PS C:\\Users\\me> kubectl get pods', 'kubectl get pods'],
    ['➜  ~ kubectl get pods', '~ kubectl get pods'],
    ['2. [root@xxx dir]# kubectl logs web-0', 'kubectl logs web-0'],
  ])('%s', (input, command) => {
    const r = normalise(input);
    expect(r.text).toBe(command);
    expect(r.commands).toEqual([command]);
  });

  test('a prompt with nothing after it is dropped; `#` and `$` inside output stay', () => {
    const r = normalise('$ kubectl get pods\nNAME    READY   STATUS\nweb-0   0/1     Pending\n$\nroot@node:~# ');
    expect(r.text).toBe('kubectl get pods\nNAME    READY   STATUS\nweb-0   0/1     Pending');
    expect(r.commands).toEqual(['kubectl get pods']);
    expect(text('    Liveness:  http-get http://:8080/ delay=0s #success=1 #failure=3')).toBe(
      '    Liveness:  http-get http://:8080/ delay=0s #success=1 #failure=3',
    );
    expect(text('price is $5 today')).toBe('price is $5 today');
  });
});

describe('terminal UI borders', () => {
  test('box-drawing frames (k9s, tmux panes) are removed with the border column', () => {
    const boxed = [
      '┌─────────────────────────── Describe(shop/web-0) ───────────────────────────┐',
      '│ Name:         web-0                                                          │',
      '│ Status:       Pending                                                        │',
      '├──────────────────────────────────────────────────────────────────────────────┤',
      '│   Warning  Failed  8s  kubelet  Error: ErrImagePull                          │',
      '└──────────────────────────────────────────────────────────────────────────────┘',
    ].join('\n');
    expect(text(boxed)).toBe('Name:         web-0\nStatus:       Pending\n  Warning  Failed  8s  kubelet  Error: ErrImagePull');
  });

  test('ASCII frames: `+----+` rules and `| ... |` rows', () => {
    expect(text('+------------------+\n| Name: web-0      |\n| Status: Pending  |\n+------------------+')).toBe('Name: web-0\nStatus: Pending');
  });

  test('a lone `|` is not a border: YAML block scalars keep it, `-----` underlines stay', () => {
    expect(text('message: |\n  multi\n  line')).toBe('message: |\n  multi\n  line');
    expect(text('  ----     ------     ----')).toBe('  ----     ------     ----');
    expect(text('grep x | wc -l')).toBe('grep x | wc -l');
  });
});

const DESCRIBE = `Name:             web-7d9c5b7f6d-x2x9q
Namespace:        shop
Node:             worker-2/10.0.0.12
Status:           Pending
Containers:
  web:
    Image:          registry.example.com/shop/web:2.0
    State:          Waiting
      Reason:       ImagePullBackOff
    Ready:          False
    Restart Count:  0
Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  2m                 default-scheduler  Successfully assigned shop/web-7d9c5b7f6d-x2x9q to worker-2
  Normal   Pulling    87s (x3 over 2m)   kubelet            Pulling image "registry.example.com/shop/web:2.0"
  Warning  Failed     86s (x3 over 2m)   kubelet            Failed to pull image "registry.example.com/shop/web:2.0": rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/shop/web:2.0": failed to resolve reference "registry.example.com/shop/web:2.0": failed to do request: Head "https://registry.example.com/v2/shop/web/manifests/2.0": dial tcp: lookup registry.example.com on 10.96.0.10:53: no such host
  Warning  Failed     86s (x3 over 2m)   kubelet            Error: ErrImagePull
  Normal   BackOff    10s (x5 over 2m)   kubelet            Back-off pulling image "registry.example.com/shop/web:2.0"
  Warning  Failed     10s (x5 over 2m)   kubelet            Error: ImagePullBackOff`;

/** What a terminal `width` columns wide shows: every line cut at the width, mid-word; optionally padded with spaces. */
function terminalWrap(input: string, width: number, pad = false): string {
  return input
    .split('\n')
    .flatMap((l) => l.match(new RegExp(`.{1,${width}}`, 'g')) ?? [''])
    .map((l) => (pad ? l.padEnd(width) : l))
    .join('\n');
}

describe('terminal-wrapped lines', () => {
  test.each([80, 100, 133])('cut mid-word at %i columns: the lines are whole again', (width) => {
    expect(text(terminalWrap(DESCRIBE, width))).toBe(DESCRIBE);
  });

  test.each([80, 120])('cut at %i columns and padded with trailing spaces (the short lines too)', (width) => {
    expect(text(terminalWrap(DESCRIBE, width, true))).toBe(DESCRIBE);
  });

  test('corpus 006: journal lines cut at the terminal width mid-word (`Error respons` / `e from daemon`)', () => {
    const out = text(corpus('006-dns-kubelet-journal-terminal-wrapped.txt')).split('\n');
    expect(out).toHaveLength(4); // the first line's remainder starts with a space and is joined by the parser
    expect(out[2]).toContain('Error response from daemon: Get https://registry-1.docker.io/v2/');
    expect(out[3]).toContain('Error response from daemon: Get https://registry-1.docker.io/v2/');
    expect(out.every((l) => !/\s$/.test(l))).toBe(true);
  });

  test('table rows padded to one width are not joined (corpus 054: equal-length get-events rows; 083: 2015 rows)', () => {
    const events = corpus('054-sched-taint-unreachable-node-get-events.txt');
    expect(text(events).split('\n')).toHaveLength(events.trim().split('\n').length);
    const old = corpus('083-other-no-space-left-2015-format-artifacts.txt');
    expect(text(old).split('\n')).toHaveLength(old.trim().split('\n').length);
  });

  test('get pods rows of one width are not joined', () => {
    const rows = [
      'NAME                                         READY   STATUS             RESTARTS   AGE',
      'web-7d9c5b7f6d-x2x9q-abcdefgh-0123456789     0/1     ImagePullBackOff   0          12m',
      'web-7d9c5b7f6d-x2x9q-abcdefgh-0123456789     0/1     ImagePullBackOff   0          13m',
    ].join('\n');
    expect(text(rows)).toBe(rows);
  });
});

describe('whole pastes', () => {
  const files = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.txt'));

  test('the corpus is here', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  test.each(files)('%s: as Slack delivers it (entities, auto-links, fence, CRLF) it normalises like the raw paste', (file) => {
    const raw = corpus(file);
    const delivered = ('```\n' + slackEscape(raw) + '\n```').replace(/\n/g, '\r\n');
    expect(text(delivered)).toBe(text(raw));
  });

  test('the normalised describe parses to the same evidence whether pasted raw, from Slack, or from an 80-column terminal', () => {
    const variants = [DESCRIBE, slackEscape(DESCRIBE), '> ' + DESCRIBE.replace(/\n/g, '\n> '), terminalWrap(DESCRIBE, 80)];
    const parsed = variants.map((v) => parse(text(v)));
    for (const ev of parsed) expect(ev).toEqual(parsed[0]);
    expect(parsed[0].events).toHaveLength(6);
    expect(parsed[0].objects[0].containers[0].state).toEqual({ state: 'waiting', reason: 'ImagePullBackOff' });
  });
});
