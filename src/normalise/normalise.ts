// Turns text as people deliver it (Slack messages, terminal copies, markdown, OCR) into plain kubectl-like lines.
// Order matters: Slack's <...> tokens are undone before entities are decoded, and `&amp;` is decoded last.

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
const BOX_CHARS = '\u2500-\u257f';
const BOX_ONLY_LINE = new RegExp(`^[\\s${BOX_CHARS}+=|-]*[${BOX_CHARS}+][\\s${BOX_CHARS}+=|-]*$`);
/** A frame's top or bottom with a title in it: `┌──── Describe(shop/web-0) ────┐`. */
const BOX_TITLE_LINE = new RegExp(`^\\s*[${BOX_CHARS}]{3,}.*[${BOX_CHARS}]{3,}\\s*$`);
/** A terminal UI's vertical border (either side may be cut off by the selection). */
const BOX_EDGE = /^\s*[\u2502\u2503\u2551]\s?|\s?[\u2502\u2503\u2551]\s*$/g;
/** An ASCII `| ... |` frame counts only with both sides: a lone trailing `|` is YAML's block scalar (`message: |`). */
const ASCII_FRAME = /^\s*\|\s?(.*?)\s?\|\s*$/;
/** Slack's angle-bracket tokens; kubectl's own `<none>`, `<unknown>`, `<set to ...>` are left alone. */
const SLACK_TOKEN =
  /<((?:https?|mailto|ftp|tel):[^<>|\s]*)(?:\|([^<>]*))?>|<@([UWB][A-Z0-9]+)(?:\|([^<>]*))?>|<#(C[A-Z0-9]+)(?:\|([^<>]*))?>|<!(here|channel|everyone)(?:\|[^<>]*)?>|<!subteam\^[A-Z0-9]+(?:\|([^<>]*))?>|<!date\^[^|<>]*\|([^<>]*)>/g;
const PROMPT = String.raw`(?:\[[^\]\n]{1,80}\]\s?[#$]|[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s?[$#%]|[\w.-]+:[~\/][^\s$#]*\s+[\w.-]+[$#%]|PS [^>\n]{0,80}>|[$#%❯➜λ])`;
/** Also after a markdown list marker: `2. [root@x dir]# kubectl logs ...`. */
const SHELL_PROMPT = new RegExp(String.raw`^\s*(?:(?:\d+[.)]|[-*])\s+)?${PROMPT}\s+(?=\S)`);
/** Every prompt form above ends in one of these. */
const PROMPT_CHAR = /[#$%>❯➜λ]/;
const BOX_CHAR = new RegExp(`[${BOX_CHARS}]`);
/** A prompt with nothing after it (the end of a terminal copy) says nothing. */
const PROMPT_ONLY = new RegExp(String.raw`^\s*${PROMPT}\s*$`);
const FENCE_LANG = /```(?:shell|bash|sh|console|text|txt|yaml|yml|json|log|logs|plaintext|ini)?[ \t]*\n?/g;

const FULL_WIDTH_PUNCT: Record<string, string> = {
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u3002': '.',
  '\u3001': ',',
  '\u300c': '"',
  '\u300d': '"',
  '\u3010': '[',
  '\u3011': ']',
};

export interface NormaliseResult {
  text: string;
  /** Commands found after shell prompts (e.g. `kubectl describe pod x`), which say what the output below them is. */
  commands: string[];
}

export function decodeSlack(input: string): string {
  const untokened = input.replace(SLACK_TOKEN, (_m, url, label, user, userName, channel, channelName, special, team, date) => {
    if (url !== undefined) return label ?? url.replace(/^mailto:/, '');
    if (user !== undefined) return userName ? `@${userName}` : '';
    if (channel !== undefined) return `#${channelName ?? channel}`;
    if (special !== undefined) return `@${special}`;
    if (team !== undefined) return team ? `@${team}` : '';
    return date ?? '';
  });
  return untokened
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const FOLDABLE = new RegExp(`[\\uff01-\\uff5e${Object.keys(FULL_WIDTH_PUNCT).join('')}]`, 'g');

function foldCharacters(s: string): string {
  return s.replace(FOLDABLE, (ch) => FULL_WIDTH_PUNCT[ch] ?? String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

const RECORD_START = new RegExp(
  [
    String.raw`^\s*(?:Normal|Warning)\s`,
    String.raw`\s\d+\/\d+\s`,
    String.raw`^[A-Z][a-z]{2} +\d{1,2} \d\d:`, // journal: Nov 28 17:31:02
    String.raw`^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} `, // RFC1123Z of the 2015 event tables
    String.raw`^\d{4}-\d\d-\d\d`,
    String.raw`^\s*(?:\d+[smhdy]\w*|<unknown>|<invalid>)\s{2,}\S`, // an age column: get events rows
    String.raw`^\s*[IWEF]\d{4} `,
    String.raw`^\s*[A-Z][A-Za-z -]*:(?:\s|$)`,
    String.raw`^[A-Z][A-Z ]+\s{2,}[A-Z]`,
    // `key: value` (YAML, describe) when indented or aligned; at column 0 with one space it is as likely a cut word
    // (`...failed to do re` / `quest: Head ...`).
    String.raw`^\s+-?\s*[\w.-]+:\s|^-\s*[\w.-]+:\s|^[\w.-]+:\s{2,}`,
  ].join('|'),
);

/** Where cells after a run of 2+ spaces start: rows of one table share them, a wrapped remainder does not. */
function columnStarts(line: string): Set<number> {
  const starts = new Set<number>();
  for (const m of line.matchAll(/ {2,}(?=\S)/g)) starts.add(m.index! + m[0].length);
  return starts;
}

function sameTable(a: string, b: string): boolean {
  const starts = columnStarts(a);
  let shared = 0;
  for (const p of columnStarts(b)) if (starts.has(p) && ++shared >= 2) return true;
  return false;
}

/** Lines cut by a terminal are exactly as long as the widest lines; join them to the next line without a space. */
function unwrapHardWraps(lines: string[]): string[] {
  const counts = new Map<number, number>();
  for (const l of lines) if (l.length >= 60) counts.set(l.length, (counts.get(l.length) ?? 0) + 1);
  let width = 0;
  for (const [len, n] of counts) if (n >= 2 && len > width) width = len;
  if (!width || lines.some((l) => l.length > width)) return lines;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    // Tables pad their rows to one width too: a line is a wrap only when the next one is not a record of its own.
    while (
      line.length % width === 0 &&
      /\S$/.test(line) &&
      i + 1 < lines.length &&
      lines[i + 1].trim() &&
      !RECORD_START.test(lines[i + 1]) &&
      !sameTable(lines[i], lines[i + 1])
    ) {
      line += lines[++i];
    }
    out.push(line);
  }
  return out;
}

export function normalise(input: string): NormaliseResult {
  const commands: string[] = [];
  let text = input.replace(/\r\n?/g, '\n').replace(ANSI, '').replace(CONTROL, '').replace(ZERO_WIDTH, '');
  text = decodeSlack(text);
  text = foldCharacters(text).replace(ODD_SPACES, ' ').replace(/\t/g, '  ');
  text = text.replace(FENCE_LANG, '\n').replace(/`/g, '').replace(/\*\*/g, '');
  // A per-line step whose pattern needs a character the whole text lacks is skipped (each step only removes
  // characters): 200,000 plain lines then cost one scan per step, not one regex run per line per step.
  const quotes = text.includes('>');
  const boxes = BOX_CHAR.test(text);
  const boxOnly = boxes || text.includes('+');
  const frames = text.includes('|');
  const prompts = PROMPT_CHAR.test(text);
  const lines: string[] = [];
  for (let line of text.split('\n')) {
    if (quotes) line = line.replace(/^\s*(?:>\s?)+/, '');
    if ((boxOnly && BOX_ONLY_LINE.test(line) && !/^[\s-]+$/.test(line)) || (boxes && BOX_TITLE_LINE.test(line))) continue;
    if (boxes) line = line.replace(BOX_EDGE, '');
    const framed = frames ? ASCII_FRAME.exec(line) : null; // (exec, not replace with '$1', which parses '$1' per line)
    if (framed) line = framed[1];
    if (prompts && PROMPT_ONLY.test(line)) continue;
    const prompt = prompts ? SHELL_PROMPT.exec(line) : null;
    if (prompt) {
      line = line.slice(prompt[0].length);
      commands.push(line.trim());
    }
    lines.push(line); // trailing spaces are kept until unwrapping: terminals pad short lines to the width
  }
  const unwrapped = unwrapHardWraps(lines).map((l) => l.trimEnd());
  return { text: unwrapped.join('\n').replace(/^\n+|\n+$/g, ''), commands };
}
