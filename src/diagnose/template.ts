// Fills `{name}` in rule texts with what the evidence showed (captures first, then facts); unknowns stay visible.
import type { LocalisedText } from '../rules/schema.js';
import type { Lang } from '../model/lang.js';

export type Vars = Record<string, string | undefined>;

export function localise(text: LocalisedText, lang: Lang): string {
  return typeof text === 'string' ? text : ((lang === 'zh' ? text.zh : undefined) ?? text.en);
}

export function fill(template: string, vars: Vars): string {
  return template.replace(/\{([a-zA-Z][\w]*)\}/g, (_m, name: string) => vars[name] ?? `<${name}>`);
}

export function templateVariables(template: string): string[] {
  return [...template.matchAll(/\{([a-zA-Z][\w]*)\}/g)].map((m) => m[1]);
}
