// The `kube-doctor` command. Exit codes: 0 diagnosed, 1 nothing recognised, 2 usage, input or rule errors.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { diagnose, InputError } from '../diagnose/diagnose.js';
import { render, FORMATS, type Format } from '../render/render.js';
import { DEFAULT_RULES_DIR, loadKnowledgeBase, RuleLoadError, type KnowledgeBase } from '../rules/load.js';
import { LANGS, type Lang } from '../rules/schema.js';
import { testExamples } from '../rules/examples.js';
import { runConsoleChat } from '../console/chat.js';
import { readInput } from './io.js';

export const EXIT = { ok: 0, nothing: 1, usage: 2 } as const;

class ExitError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

function rulesDir(dir?: string): string {
  return dir ?? process.env.KUBE_DOCTOR_RULES ?? DEFAULT_RULES_DIR;
}

export function loadRulesOrExit(dir?: string): KnowledgeBase {
  try {
    return loadKnowledgeBase(rulesDir(dir));
  } catch (e) {
    if (e instanceof RuleLoadError) throw new ExitError(`kube-doctor: the rules could not be loaded:\n${e.message}`, EXIT.usage);
    throw e;
  }
}

const formatOption = () => new Option('-f, --format <format>', 'output format').choices(FORMATS as unknown as string[]).default('text');
const langOption = () => new Option('-l, --lang <lang>', 'language of the reply').choices(LANGS as unknown as string[]).default('en');
const rulesOption = () => new Option('--rules <dir>', 'rules folder (default: $KUBE_DOCTOR_RULES or the bundled rules)');

export function buildProgram(): Command {
  const program = new Command('kube-doctor')
    .description('Diagnoses Kubernetes pod failures from pasted kubectl output: the cause, the fix, and the links that prove it.')
    .showHelpAfterError('(run kube-doctor --help for usage)')
    .exitOverride();

  program
    .command('diagnose')
    .description('diagnose pasted `kubectl describe pod`, `kubectl get events|pods`, JSON/YAML or log lines')
    .argument('[file]', 'file to read, or - for standard input', '-')
    .addOption(formatOption())
    .addOption(langOption())
    .addOption(rulesOption())
    .action(async (file: string, opts: { format: Format; lang: Lang; rules?: string }) => {
      const kb = loadRulesOrExit(opts.rules);
      let text: string;
      try {
        text = await readInput(file);
      } catch (e) {
        throw new ExitError(`kube-doctor: cannot read ${file}: ${(e as Error).message}`, EXIT.usage);
      }
      let diagnosis;
      try {
        diagnosis = diagnose(text, kb, { lang: opts.lang });
      } catch (e) {
        if (e instanceof InputError) throw new ExitError(`kube-doctor: ${e.message}`, EXIT.usage);
        throw e;
      }
      process.stdout.write(render(diagnosis, opts.format));
      process.exitCode = diagnosis.findings.length ? EXIT.ok : EXIT.nothing;
    });

  const rules = program.command('rules').description('check the rule files');
  rules
    .command('test')
    .description("run every rule's examples and report each failure with the rule id")
    .argument('[dir]', 'rules folder')
    .action((dir?: string) => {
      const kb = loadRulesOrExit(dir);
      const report = testExamples(kb);
      for (const f of report.failures) process.stdout.write(`FAIL ${f.rule} (${f.file}:${f.line}) ${f.example}: ${f.message}\n`);
      process.stdout.write(`${report.rules} rules, ${report.examples} examples: ${report.examples - report.failures.length} passed, ${report.failures.length} failed\n`);
      process.exitCode = report.failures.length ? EXIT.nothing : EXIT.ok;
    });

  program
    .command('chat')
    .description('a console chat: paste output, end with an empty line; `help` and `exit` work')
    .addOption(langOption())
    .addOption(rulesOption())
    .action(async (opts: { lang: Lang; rules?: string }) => {
      await runConsoleChat({ kb: loadRulesOrExit(opts.rules), lang: opts.lang, input: process.stdin, output: process.stdout });
    });

  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof ExitError) {
      process.stderr.write(e.message + '\n');
      return e.code;
    }
    if (e instanceof InvalidArgumentError) return EXIT.usage;
    process.stderr.write(`kube-doctor: unexpected error: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
}
