// An answer to a question never shows an unfilled `<count>` or `<resource>` (rules/lexicon/placeholders.yml):
// values the question gave fill the rule's texts; the rest read generically in prose, and as upper-case names
// in commands, the way kubectl's usage lines write what the user fills in (`kubectl logs POD -c CONTAINER`).
import type { Finding } from '../diagnose/diagnose.js';
import type { Lang } from '../model/lang.js';

export interface PlaceholderWords {
  phrases: Record<Lang, [from: string, to: string][]>;
  words: Record<string, Partial<Record<Lang, string>>>;
}

export interface PlaceholderFile {
  phrases?: Partial<Record<Lang, Record<string, string>>>;
  words?: Record<string, Partial<Record<Lang, string>>>;
}

export function compilePlaceholders(files: PlaceholderFile[]): PlaceholderWords {
  const phrases = (lang: Lang) =>
    files.flatMap((f) => Object.entries(f?.phrases?.[lang] ?? {})).sort((a, b) => b[0].length - a[0].length) as [string, string][];
  return { phrases: { en: phrases('en'), zh: phrases('zh') }, words: Object.assign({}, ...files.map((f) => f?.words ?? {})) };
}

/** `<name>` as the template engine leaves an unknown value (`<none>` is what kubectl prints, not a placeholder). */
const PLACEHOLDER = /<(?!none>)([a-zA-Z][\w-]*)>/g;

/** "probeOutput" → "the probe output" (a variable nobody gave a word for still reads as words). */
function spelled(name: string, lang: Lang): string {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();
  return lang === 'zh' ? words : `the ${words}`;
}

/** Prose outside backticks reads generically; inline code inside them is a command. */
function proseWithout(text: string, lang: Lang, p: PlaceholderWords): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 ? commandWithout(part) : wordsFor(part, lang, p)))
    .join('`');
}

function wordsFor(text: string, lang: Lang, p: PlaceholderWords): string {
  let out = text;
  for (const [from, to] of p.phrases[lang]) out = out.split(from).join(to);
  return out.replace(PLACEHOLDER, (_m, name: string) => p.words[name]?.[lang] ?? p.words[name]?.en ?? spelled(name, lang));
}

function commandWithout(command: string): string {
  return command.replace(PLACEHOLDER, (_m, name: string) =>
    name
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .replace(/-/g, '_')
      .toUpperCase(),
  );
}

export function withoutPlaceholders(f: Finding, lang: Lang, p: PlaceholderWords): Finding {
  return {
    ...f,
    title: proseWithout(f.title, lang, p),
    cause: proseWithout(f.cause, lang, p),
    fix: f.fix.map((step) => ({ text: proseWithout(step.text, lang, p), commands: step.commands.map(commandWithout) })),
  };
}

/** Values a question itself can give: "0/3 nodes are available", "insufficient memory". */
export function questionVars(plain: string): Record<string, string> {
  const vars: Record<string, string> = {};
  const total = /\b\d+\s*\/\s*(\d+)\s+nodes?\b/i.exec(plain)?.[1];
  if (total) vars.total = total;
  const resource = /\binsufficient\s+(cpu|memory|ephemeral-storage|pods)\b/i.exec(plain)?.[1];
  if (resource) vars.resource = resource.toLowerCase();
  return vars;
}
