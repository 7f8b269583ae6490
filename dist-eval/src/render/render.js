import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';
export const FORMATS = ['text', 'json', 'markdown'];
export function render(d, format) {
    return format === 'json' ? renderJson(d) + '\n' : format === 'markdown' ? renderMarkdown(d) : renderText(d);
}
