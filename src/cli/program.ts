// The `kube-doctor` command. Exit codes: 0 diagnosed, 1 nothing recognised, 2 usage, input or rule errors.
// With `--format json`, every error is JSON on stdout too ({"error": "...", "exitCode": 2}), so a script reads one stream.
// Only what `diagnose` needs is imported up front; every other command loads its modules when it runs, so a start
// costs little more than Node's own.
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { diagnose, InputError } from '../diagnose/diagnose.js';
import { render, FORMATS, type Format } from '../render/render.js';
import { loadKnowledgeBase, RuleLoadError, type KnowledgeBase } from '../rules/load.js';
import { LANGS, type Lang } from '../model/lang.js';
import { readInput } from './io.js';
import { redact } from '../redact/redact.js';
import type { UnmatchedEntry } from '../unmatched/store.js';
import { describeRedisUrl, stateConfig } from '../state/config.js';
import { ConfigError, type Env, readConfig } from '../config/read.js';
import type { Config } from '../config/schema.js';
import { PACKAGE_ROOT } from '../util/package-root.js';

const EXIT = { ok: 0, nothing: 1, usage: 2 } as const;

/** Where a run reads and writes: the process by default; tests run the command in-process with their own. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

function processIo(): CliIo {
  // `kube-doctor … | head` closes the pipe early: stop quietly, as other command-line tools do, not with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? EXIT.ok);
  });
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** An error's message as the end of a sentence (Node's own, such as ENOENT's, have no full stop). */
const sentence = (e: unknown): string => (e as Error).message.replace(/([^.])$/, '$1.');

class ExitError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** From the file given, else from Redis when REDIS_URL is set (what every replica recorded), else the local file. */
async function listUnmatched(limit: number, file: string | undefined, config: Config): Promise<UnmatchedEntry[]> {
  const redis = file === undefined ? stateConfig(config).redis : undefined;
  if (!redis) {
    const { unmatchedFile, UnmatchedStore } = await import('../unmatched/store.js');
    return new UnmatchedStore(file ?? unmatchedFile(config)).list(limit);
  }
  const { RedisState } = await import('../state/redis.js'); // ioredis loads only when REDIS_URL is set
  const store = await RedisState.connect(redis);
  try {
    return await store.listUnmatched(limit);
  } catch (e) {
    throw new ExitError(`kube-doctor: could not read the unmatched pastes from Redis at ${describeRedisUrl(redis.url)}: ${sentence(e)}`, EXIT.usage);
  } finally {
    await store.close();
  }
}

function loadRulesOrExit(dir: string): KnowledgeBase {
  try {
    return loadKnowledgeBase(dir);
  } catch (e) {
    if (e instanceof RuleLoadError) throw new ExitError(`kube-doctor: the rules could not be loaded:\n${e.message}`, EXIT.usage);
    throw e;
  }
}

/** The configuration, read from `env` on first use (so `--help` works whatever the environment holds). */
function configReader(env: Env): () => Config {
  let config: Config | undefined;
  return () => {
    try {
      config ??= readConfig(env);
      return config;
    } catch (e) {
      if (e instanceof ConfigError) throw new ExitError(`kube-doctor: ${e.message}`, EXIT.usage);
      throw e;
    }
  };
}

/** A whole number within bounds, for numeric options (`-n abc` and `-n -5` are refused, not read as NaN). */
const wholeNumber =
  (min: number, max: number) =>
  (v: string): number => {
    if (!/^\d+$/.test(v.trim()) || Number(v) < min || Number(v) > max) throw new InvalidArgumentError(`Give a whole number from ${min} to ${max}.`);
    return Number(v);
  };

/** True when the command line asks for JSON output (then its errors are JSON too). */
function wantsJson(argv: string[]): boolean {
  return argv.some((a, i) => a === '--format=json' || a === '-fjson' || ((a === '--format' || a === '-f') && argv[i + 1] === 'json'));
}

const formatOption = () => new Option('-f, --format <format>', 'output format').choices(FORMATS as unknown as string[]).default('text');
const langOption = () => new Option('-l, --lang <lang>', 'language of the reply').choices(LANGS as unknown as string[]).default('en');
const rulesOption = () => new Option('--rules <dir>', 'rules folder (default: $KUBE_DOCTOR_RULES or the bundled rules)');

/** The command line; each action writes to `io` and reports its exit code through `exit`. */
function buildProgram(io: CliIo, exit: (code: number) => void, json: boolean): Command {
  const out = (text: string) => io.stdout.write(text);
  const settings = configReader(io.env);
  const rulesDir = (dir?: string) => dir ?? settings().KUBE_DOCTOR_RULES;
  const loadRules = (dir?: string) => loadRulesOrExit(rulesDir(dir));
  const program = new Command('kube-doctor')
    .description('Diagnoses Kubernetes pod failures from pasted kubectl output: the cause, the fix, and the links that prove it.')
    .version(JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')).version, '-V, --version', 'print the version')
    .showHelpAfterError(json ? false : '(run kube-doctor --help for usage)')
    // With --format json, commander's own messages (unknown option, bad choice) become the JSON error instead.
    .configureOutput({ writeOut: out, writeErr: (text) => io.stderr.write(text), ...(json && { outputError: () => undefined }) })
    .exitOverride();

  program
    .command('diagnose')
    .description('diagnose pasted `kubectl describe pod`, `kubectl get events|pods`, JSON/YAML or log lines')
    .argument('[file]', 'file to read, or - for standard input', '-')
    .addOption(formatOption())
    .addOption(langOption())
    .addOption(rulesOption())
    .action(async (file: string, opts: { format: Format; lang: Lang; rules?: string }) => {
      const kb = loadRules(opts.rules);
      let text: string;
      // At a terminal with nothing piped in, say what it waits for instead of waiting silently.
      if (file === '-' && (io.stdin as NodeJS.ReadStream).isTTY) {
        io.stderr.write('Paste the kubectl output, then press Ctrl-D on an empty line (or give a file: kube-doctor diagnose FILE).\n');
      }
      try {
        text = await readInput(file, io.stdin);
      } catch (e) {
        throw new ExitError(`kube-doctor: cannot read ${file}: ${sentence(e)}`, EXIT.usage);
      }
      let diagnosis;
      try {
        diagnosis = diagnose(text, kb, { lang: opts.lang });
      } catch (e) {
        if (e instanceof InputError) throw new ExitError(`kube-doctor: ${e.message}`, EXIT.usage);
        throw e;
      }
      out(render(diagnosis, opts.format));
      exit(diagnosis.findings.length ? EXIT.ok : EXIT.nothing);
    });

  program
    .command('redact')
    .description('print the paste with its secrets replaced by [redacted] (run it before sharing a paste in a public issue)')
    .argument('[file]', 'file to read, or - for standard input', '-')
    .action(async (file: string) => {
      let text: string;
      try {
        text = await readInput(file, io.stdin);
      } catch (e) {
        throw new ExitError(`kube-doctor: cannot read ${file}: ${sentence(e)}`, EXIT.usage);
      }
      out(redact(text));
    });

  const rules = program.command('rules').description('check the rule files');
  rules
    .command('test')
    .description("run every rule's examples and report each failure with the rule id")
    .argument('[dir]', 'rules folder')
    .action(async (dir?: string) => {
      const { testExamples } = await import('../ruleset/examples.js');
      const kb = loadRules(dir);
      const report = testExamples(kb);
      for (const f of report.failures) out(`FAIL ${f.rule} (${f.file}:${f.line}) ${f.example}: ${f.message}\n`);
      out(`${report.rules} rules, ${report.examples} examples: ${report.examples - report.failures.length} passed, ${report.failures.length} failed\n`);
      exit(report.failures.length ? EXIT.nothing : EXIT.ok);
    });

  rules
    .command('lint')
    .description('find rules that can never win, examples another rule takes, missing translations, unindexed patterns and unfillable {variables}')
    .argument('[dir]', 'rules folder')
    .action(async (dir?: string) => {
      const { formatLintProblem, lintDir } = await import('../ruleset/lint.js');
      const report = lintDir(rulesDir(dir));
      for (const p of report.problems) out(formatLintProblem(p) + '\n');
      out(`${report.rules} rules: ${report.errors} errors, ${report.warnings} warnings\n`);
      exit(report.errors ? EXIT.nothing : EXIT.ok);
    });

  program
    .command('ask')
    .description('answer a plain-language question ("why is my pod stuck in ImagePullBackOff?"), in English or Chinese')
    .argument('<question...>', 'the question')
    .addOption(formatOption())
    .addOption(new Option('-l, --lang <lang>', "language of the answer (default: the question's)").choices(LANGS as unknown as string[]))
    .addOption(rulesOption())
    .action(async (words: string[], opts: { format: Format; lang?: Lang; rules?: string }) => {
      const { respond, shownDiagnosis } = await import('../conversation/reply.js');
      const { renderJson } = await import('../render/json.js');
      const { renderReplyText } = await import('../render/answer.js');
      const { renderMarkdown } = await import('../render/markdown.js');
      const kb = loadRules(opts.rules);
      const text = words.join(' ');
      const reply = respond(text, { kb, lang: opts.lang ?? 'en', langFromMessage: !opts.lang, surface: 'dm' });
      const answered = reply.kind === 'answer' || reply.kind === 'diagnosis';
      const shown = shownDiagnosis(reply);
      if (opts.format === 'json')
        out(`${renderJson(shown ?? { input: { kind: 'text', objects: [] }, findings: [], lang: reply.lang })}
`);
      else out(opts.format === 'markdown' && answered && shown ? renderMarkdown(shown) : renderReplyText(reply));
      exit(answered ? EXIT.ok : EXIT.nothing);
    });

  program
    .command('unmatched')
    .description('list pastes that no rule matched (redacted), newest first: the rules to write next; with REDIS_URL, what every replica recorded')
    .option('-n, --limit <n>', 'how many (1-500)', wholeNumber(1, 500), 20)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--file <path>', 'the local store (default: $KUBE_DOCTOR_UNMATCHED_FILE or .kube-doctor/unmatched.jsonl, read instead of Redis when given)')
    .action(async (opts: { limit: number; format: 'text' | 'json'; file?: string }) => {
      const entries = await listUnmatched(opts.limit, opts.file, settings());
      if (opts.format === 'json') out(JSON.stringify(entries, null, 2) + '\n');
      else if (!entries.length) out('No unmatched pastes recorded.\n');
      else for (const e of entries) out(`--- ${e.at}  ${e.surface}  ${e.kind}  ${e.bytes} bytes  #${e.hash}\n${e.text}\n`);
    });

  program
    .command('pod')
    .description('look a pod up in the cluster (read-only) and diagnose it; also NS/NAME, deployment/NAME, statefulset/NAME, daemonset/NAME, job/NAME')
    .argument('<name...>', 'the pod, e.g. hello-minikube-67b8c7bdfd-965qn, shop/checkout-api-6b7c9d5f4-qp8zn or deployment/checkout-api')
    .option('-n, --namespace <namespace>', "namespace (default: $KUBE_DEFAULT_NAMESPACE, else the context's; other allowed namespaces are searched)")
    .option('--context <context>', 'kubeconfig context (default: $KUBE_CONTEXT, else the current context)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else the in-cluster service account)')
    .option('--logs', "also read the tail of a crashed container's previous log (needs pods/log; or KUBE_READ_LOGS=true)")
    .option('--timeout <ms>', 'timeout of each API call in milliseconds, 100-120000 (default: $KUBE_TIMEOUT_MS or 5000)', wholeNumber(100, 120_000))
    .addOption(formatOption())
    .addOption(langOption())
    .addOption(rulesOption())
    .action(
      async (
        words: string[],
        opts: { namespace?: string; context?: string; kubeconfig?: string; logs?: boolean; timeout?: number; format: Format; lang: Lang; rules?: string },
      ) => {
        const kb = loadRules(opts.rules);
        const { runPodLookup } = await import('../kube/cli.js');
        const result = await runPodLookup(words, opts, kb, settings(), io.env);
        if (!result.ok) throw new ExitError(`kube-doctor: ${result.message}`, EXIT.usage);
        out(render(result.diagnosis, opts.format));
        exit(result.diagnosis.findings.length ? EXIT.ok : EXIT.nothing);
      },
    );

  program
    .command('chat')
    .description('a console chat: a question is answered on Enter; a paste ends with an empty line; `help` and `exit` work')
    .addOption(new Option('-l, --lang <lang>', 'language of the chat (default: $KUBE_DOCTOR_LANG, else en)').choices(LANGS as unknown as string[]))
    .addOption(rulesOption())
    .action(async (opts: { lang?: Lang; rules?: string }) => {
      const { runConsoleChat } = await import('../console/chat.js');
      await runConsoleChat({ kb: loadRules(opts.rules), lang: opts.lang ?? settings().KUBE_DOCTOR_LANG, input: io.stdin, output: io.stdout });
    });

  return program;
}

/** Runs the command line; returns the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const json = wantsJson(argv);
  const fail = (message: string, code: number): number => {
    if (json) io.stdout.write(`${JSON.stringify({ error: message.replace(/^kube-doctor: /, ''), exitCode: code }, null, 2)}\n`);
    else io.stderr.write(`${message}\n`);
    return code;
  };
  let code: number = EXIT.ok;
  try {
    await buildProgram(io, (c) => (code = c), json).parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT.ok;
      // Commander has printed its message to stderr already, except in JSON mode.
      return json ? fail(e.message.replace(/^error: /, ''), EXIT.usage) : EXIT.usage;
    }
    if (e instanceof ExitError) return fail(e.message, e.code);
    return fail(`kube-doctor: unexpected error: ${(e as Error).message}`, EXIT.usage);
  }
}
