// Secrets in pasted text are replaced before anything is parsed, shown, logged or stored. Found three ways:
// by place (places.ts: key blocks, environments, Secret data, values that go on past their line), by name
// (names.ts: a key, flag or header that names a secret) and by form (forms.ts: published token formats,
// URL credentials, high-entropy runs). Every pass is one walk over the lines: linear in the paste.
import { redactForms } from './forms.js';
import { redactPlaces } from './places.js';

export function redact(text: string): string {
  const placed = redactPlaces(text);
  let out = '';
  let from = 0;
  while (from <= placed.length) {
    let end = placed.indexOf('\n', from);
    if (end < 0) end = placed.length;
    out += redactForms(placed.slice(from, end));
    if (end < placed.length) out += '\n';
    from = end + 1;
  }
  return out;
}
