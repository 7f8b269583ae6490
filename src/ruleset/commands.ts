// Fix commands must exist: every `kubectl` invocation in a fix step is checked against the subcommands and flags of
// a real kubectl, recorded in rules/commands/kubectl.json by scripts/kubectl-commands.mjs (from `kubectl ... --help`).
// A command is split the way a shell would (quotes, `&&`, `||`, `|`, `;`, `$(...)`), so `... | grep x` or
// `$(kubectl get ... -o name)` are checked too; placeholders such as `<pod>` or `{namespace}` are plain words.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CommandTable {
  kubectl: string;
  /** Flags every command accepts (`kubectl options`); true: the flag takes a value. */
  globalFlags: Record<string, boolean>;
  /** Keyed by the subcommand path ('' for kubectl itself, 'create secret docker-registry'). */
  commands: Record<string, { flags: Record<string, boolean>; subcommands: string[]; aliases: Record<string, string> }>;
}

export function loadCommandTable(rulesDir: string): CommandTable {
  return JSON.parse(readFileSync(join(rulesDir, 'commands', 'kubectl.json'), 'utf8')) as CommandTable;
}

/** What is wrong with the kubectl invocations in one shell command line; empty when all of them exist. */
export function checkKubectlCommands(command: string, table: CommandTable): string[] {
  return shellSegments(command).flatMap((words) => {
    const start = words.findIndex((w, i) => !/^\w+=/.test(w) && !(['sudo', 'time', 'watch', 'exec'].includes(w) && i < words.length - 1));
    return words[start] === 'kubectl' ? checkKubectl(words.slice(start + 1), table) : [];
  });
}

/** Anything any kubectl command accepts as a value flag, to step over a value when the flag's command is unknown. */
const valueFlagsCache = new WeakMap<CommandTable, Set<string>>();
function anyValueFlag(table: CommandTable, name: string): boolean {
  let set = valueFlagsCache.get(table);
  if (!set) {
    set = new Set(Object.values(table.commands).flatMap((c) => Object.keys(c.flags).filter((f) => c.flags[f])));
    valueFlagsCache.set(table, set);
  }
  return set.has(name);
}

function checkKubectl(args: string[], table: CommandTable): string[] {
  let path = '';
  let argsStarted = false;
  const flags: string[] = [];
  const own = (m: Record<string, boolean> | undefined, name: string) => (m && Object.hasOwn(m, name) ? m[name] : undefined);
  const takesValue = (name: string) => own(table.commands[path]?.flags, name) ?? own(table.globalFlags, name) ?? anyValueFlag(table, name);
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === '--') break; // the rest is the container's command (exec, run, debug)
    if (w.startsWith('--') && w.length > 2) {
      const name = w.slice(2).split('=')[0];
      flags.push(`--${name}`);
      if (!w.includes('=') && takesValue(name)) i++;
    } else if (/^-[A-Za-z]/.test(w)) {
      // pflag shorthands: -n ns, -n=ns, -nns, and booleans combined (-it)
      for (let j = 1; j < w.length; j++) {
        const c = w[j];
        if (c === '=') break;
        flags.push(`-${c}`);
        if (takesValue(c)) {
          if (j === w.length - 1) i++;
          break;
        }
      }
    } else if (!argsStarted && (table.commands[path]?.subcommands.includes(w) || Object.hasOwn(table.commands[path]?.aliases ?? {}, w))) {
      const name = Object.hasOwn(table.commands[path].aliases, w) ? table.commands[path].aliases[w] : w; // `top pods` is `top pod`
      path = path ? `${path} ${name}` : name;
    } else {
      // a command with subcommands (rollout, config, create secret) takes no arguments of its own
      if (!argsStarted && (path === '' || table.commands[path].subcommands.length))
        return [`\`kubectl ${path ? `${path} ` : ''}${w}\` is not a kubectl command (kubectl ${table.kubectl})`];
      argsStarted = true;
    }
  }
  if (path === '') return args.length ? [] : ['`kubectl` without a command'];
  const known = table.commands[path].flags;
  return flags
    .filter((f) => !Object.hasOwn(known, f.replace(/^-+/, '')) && !Object.hasOwn(table.globalFlags, f.replace(/^-+/, '')))
    .map((f) => `\`kubectl ${path}\` has no flag ${f} (kubectl ${table.kubectl})`);
}

/** The simple commands of a shell line, each as words with quotes removed; `$(...)` contents become commands too. */
export function shellSegments(line: string): string[][] {
  const segments: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endSegment = () => {
    endWord();
    if (words.length) segments.push(stripRedirections(words));
    words = [];
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word = (word ?? '') + line.slice(i + 1, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        else if (line.startsWith('$(', j)) {
          const close = matchingParen(line, j + 1);
          segments.push(...shellSegments(line.slice(j + 2, close)));
          text += 'X';
          j = close + 1;
          continue;
        }
        text += line[j++];
      }
      word = (word ?? '') + text;
      i = j + 1;
    } else if (line.startsWith('$(', i)) {
      const close = matchingParen(line, i + 1);
      segments.push(...shellSegments(line.slice(i + 2, close)));
      word = (word ?? '') + 'X';
      i = close + 1;
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[i + 1];
      i += 2;
    } else if (/\s/.test(c)) {
      endWord();
      i++;
    } else if (line.startsWith('&&', i) || line.startsWith('||', i)) {
      endSegment();
      i += 2;
    } else if (c === '|' || c === ';' || (c === '&' && line[i - 1] !== '>' && line[i + 1] !== '>')) {
      endSegment();
      i++;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  endSegment();
  return segments;
}

/** Index of the `)` closing the `(` at `open`, counting nesting; the end of the line if it is never closed. */
function matchingParen(line: string, open: number): number {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    if (line[i] === '(') depth++;
    else if (line[i] === ')' && --depth === 0) return i;
  }
  return line.length;
}

/** Drops `> file`, `2>&1`, `</dev/null` and the like; `<placeholder>` words stay. */
function stripRedirections(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (/^\d*(?:>>?|<)(?:&\d)?$/.test(w)) i++;
    else if (/^\d*(?:>>?|<)/.test(w) && !/^<[^<>]+>$/.test(w)) continue;
    else out.push(w);
  }
  return out;
}
