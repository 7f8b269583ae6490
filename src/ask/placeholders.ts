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
  const word = (name: string) => p.words[name]?.[lang] ?? p.words[name]?.en ?? spelled(name, lang);
  return withoutRepeatedNoun(out, lang, word).replace(PLACEHOLDER, (_m, name: string) => word(name));
}

/** A noun, then a placeholder whose generic word ends with it: `volume "<volume>"`, `镜像 <image>`. */
const NOUN_THEN_PLACEHOLDER: Record<Lang, RegExp> = {
  en: new RegExp(String.raw`\b(?:(the|a|an) )?([A-Za-z][\w-]*) "?${PLACEHOLDER.source}"?`, 'gi'),
  zh: new RegExp(String.raw`(\p{Script=Han}+|[A-Za-z][\w-]*) ?"?${PLACEHOLDER.source}"?`, 'gu'),
};

/**
 * "set up volume <volume>" would read "set up volume the volume": the noun and the placeholder become the generic
 * word alone ("set up the volume"; "The volume <volume> was" → "The volume was"; "缺少键 "<key>"" → "缺少该键").
 */
function withoutRepeatedNoun(text: string, lang: Lang, word: (name: string) => string): string {
  if (lang === 'zh') {
    return text.replace(NOUN_THEN_PLACEHOLDER.zh, (m, run: string, name: string) => {
      const generic = word(name);
      const noun = generic.replace(/^该\s*/, '');
      return run.toLowerCase().endsWith(noun.toLowerCase()) ? run.slice(0, run.length - noun.length) + generic : m;
    });
  }
  return text.replace(NOUN_THEN_PLACEHOLDER.en, (m, article: string | undefined, noun: string, name: string, at: number) => {
    const generic = word(name);
    if (!generic.toLowerCase().endsWith(` ${noun.toLowerCase()}`)) return m;
    const startsSentence = /(?:^|[.:!?]\s+)$/.test(text.slice(0, at));
    return startsSentence && /^[A-Z]/.test(article ?? noun) ? generic[0].toUpperCase() + generic.slice(1) : generic;
  });
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
