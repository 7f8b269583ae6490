import type { Diagnosis } from '../diagnose/diagnose.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

export const FORMATS = ['text', 'json', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export function render(d: Diagnosis, format: Format): string {
  return format === 'json' ? renderJson(d) + '\n' : format === 'markdown' ? renderMarkdown(d) : renderText(d);
}
