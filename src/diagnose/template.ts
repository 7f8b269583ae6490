// Fills `{name}` in rule texts with what the evidence showed (captures first, then facts); unknowns stay visible.
import type { LocalisedText } from '../rules/schema.js';
import type { Lang } from '../model/lang.js';

export type Vars = Record<string, string | undefined>;

export function localise(text: LocalisedText, lang: Lang): string {
  return typeof text === 'string' ? text : ((lang === 'zh' ? text.zh : undefined) ?? text.en);
}

/** A value from a paste is shown at most this long: a capture can run to the end of a 100 KB line, and an answer
 *  repeats it in its title, cause and commands. */
const MAX_VALUE_CHARS = 400;

export function fill(template: string, vars: Vars): string {
  return template.replace(/\{([a-zA-Z][\w]*)\}/g, (_m, name: string) => {
    const value = vars[name];
    if (value === undefined) return `<${name}>`;
    return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value;
  });
}

export function templateVariables(template: string): string[] {
  return [...template.matchAll(/\{([a-zA-Z][\w]*)\}/g)].map((m) => m[1]);
}
