// Secrets found by their place, one pass over the lines: key blocks (PEM, PGP), container environments
// (`kubectl describe` Environment, `env:` in -o yaml, `"env": [` in -o json), the data of Secrets, and values
// that go on past their line (YAML block scalars, multi-line quoted strings) under a secret's name.
import { REDACTED, redactNamedValues, scanValue } from './names.js';

const BEGIN_BLOCK = /-----BEGIN ([A-Z0-9 ]{1,60})-----/;
const KEY_BODY = /^\s*(?:[A-Za-z0-9+/=]*|[A-Za-z-]{2,30}: [^\n]*)\s*$/;
const DESCRIBE_ENV = /^\s*Environment:\s*$/;
const YAML_ENV = /^(\s*)(?:-\s+)?env:\s*$/;
const JSON_ENV = /^(\s*)"env"\s*:\s*\[\s*$/;
const YAML_DATA = /^(\s*)(?:data|stringData|binaryData):\s*$/;
const JSON_DATA = /^(\s*)"(?:data|stringData|binaryData)"\s*:\s*\{\s*$/;
const IS_SECRET_KIND = /^\s*(?:kind:\s*Secret\s*$|"kind"\s*:\s*"Secret")/m;

type Block =
  | { kind: 'describe-env'; indent: number; entryIndent: number }
  | { kind: 'yaml-env'; indent: number }
  | { kind: 'json-env'; indent: number }
  | { kind: 'data'; indent: number; json: boolean }
  | { kind: 'scalar'; indent: number }
  | { kind: 'quote'; quote: '"' | "'" }
  | { kind: 'key-block'; end: string };

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

/** The value after the first `key:` of a line, redacted; a block or quote it opens is returned. */
function redactFirstValue(line: string): { line: string; open?: Block } {
  const colon = /^(\s*-?\s*"?[^":]{1,200}"?\s*:[ \t]*)(?=\S)/.exec(line);
  if (!colon) return { line };
  const span = scanValue(line, colon[0].length);
  if (!span || line.slice(span.start, span.start + REDACTED.length) === REDACTED) return { line };
  if (span.open === 'block') return { line, open: { kind: 'scalar', indent: indentOf(line) } };
  const redacted = line.slice(0, span.start) + REDACTED + line.slice(span.end);
  if (span.open) return { line: redacted, open: { kind: 'quote', quote: span.open === 'single' ? "'" : '"' } };
  return { line: redacted };
}

/** Redacts secrets found by their place and name, line by line (iterative: any nesting depth, any line count). */
export function redactPlaces(text: string): string {
  const lines = text.split('\n');
  const secretKind = IS_SECRET_KIND.test(text);
  const stack: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const indent = indentOf(line);
    const blank = indent === line.length;
    // close the blocks this line is outside of
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.kind === 'key-block' || top.kind === 'quote') break;
      if (blank && top.kind !== 'describe-env') break;
      const inside =
        top.kind === 'describe-env'
          ? !blank && indent > top.indent
          : top.kind === 'yaml-env'
            ? indent > top.indent || (indent === top.indent && line.trimStart().startsWith('- '))
            : top.kind === 'json-env' || (top.kind === 'data' && top.json)
              ? !(indent <= top.indent && /^\s*[\]}]/.test(line))
              : indent > top.indent;
      if (inside) break;
      stack.pop();
      if (top.kind === 'json-env' || top.kind === 'data') break; // its closing bracket closes nothing else
    }
    const top = stack[stack.length - 1];
    if (top?.kind === 'key-block') {
      const end = line.indexOf(top.end);
      if (end >= 0) {
        stack.pop();
        lines[i] = line.slice(end);
        continue;
      }
      // a truncated key ends where its base64 (and armour headers) end: the rest of the paste is kept
      if (KEY_BODY.test(line)) {
        lines[i] = '';
        continue;
      }
      stack.pop();
    }
    if (top?.kind === 'quote') {
      const close = line.indexOf(top.quote);
      if (close < 0) {
        lines[i] = line.slice(0, indent) + REDACTED;
        continue;
      }
      stack.pop();
      line = line.slice(0, indent) + REDACTED + line.slice(close);
    } else if (top?.kind === 'scalar' && !blank) {
      lines[i] = line.slice(0, indent) + REDACTED;
      continue;
    }
    // a key block starts: its body is dropped up to the END line (or the end of the paste)
    const begin = BEGIN_BLOCK.exec(line);
    if (begin) {
      const endMarker = `-----END ${begin[1]}-----`;
      const bodyStart = begin.index + begin[0].length;
      const end = line.indexOf(endMarker, bodyStart);
      if (end >= 0) line = line.slice(0, bodyStart) + REDACTED + line.slice(end);
      else {
        lines[i] = line.slice(0, bodyStart) + REDACTED;
        stack.push({ kind: 'key-block', end: endMarker });
        continue;
      }
    }
    const current = stack[stack.length - 1];
    let open: Block | undefined;
    if (current?.kind === 'describe-env') {
      // `NAME:  value` entries; a more indented line continues the value above it
      if (current.entryIndent < 0) current.entryIndent = indent;
      if (indent > current.entryIndent) line = line.slice(0, indent) + REDACTED;
      else line = line.replace(/^(\s*[\w.-]+:\s+)(?=\S)(?!<set to the key|\(v1:|\[redacted\]|<none>)(.+)$/, `$1${REDACTED}`);
    } else if (current?.kind === 'yaml-env' && /^\s*(?:-\s+)?value:/.test(line)) {
      ({ line, open } = redactFirstValue(line));
    } else if (current?.kind === 'json-env' && /^\s*"value"\s*:/.test(line)) {
      ({ line, open } = redactFirstValue(line));
    } else if (current?.kind === 'data') {
      ({ line, open } = redactFirstValue(line));
    }
    if (!open) {
      const named = redactNamedValues(line);
      line = named.line;
      if (named.open === 'block') open = { kind: 'scalar', indent };
      else if (named.open) open = { kind: 'quote', quote: named.open === 'single' ? "'" : '"' };
    }
    lines[i] = line;
    if (open) {
      stack.push(open);
      continue;
    }
    let m: RegExpExecArray | null;
    if (DESCRIBE_ENV.test(line)) stack.push({ kind: 'describe-env', indent, entryIndent: -1 });
    else if ((m = YAML_ENV.exec(line))) stack.push({ kind: 'yaml-env', indent: m[1].length });
    else if ((m = JSON_ENV.exec(line))) stack.push({ kind: 'json-env', indent: m[1].length });
    else if (secretKind && (m = YAML_DATA.exec(line))) stack.push({ kind: 'data', indent: m[1].length, json: false });
    else if (secretKind && (m = JSON_DATA.exec(line))) stack.push({ kind: 'data', indent: m[1].length, json: true });
  }
  return lines.join('\n');
}
