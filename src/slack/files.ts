// Snippets: long pastes that Slack turned into files. They are downloaded with the bot token (`files:read`).
// Slack answers a download without a valid token with HTTP 200 and an HTML sign-in page (or a redirect to one),
// so HTML is refused rather than "diagnosed"; binary files and files over the size cap are refused before download.
import type { Lang } from '../model/lang.js';
import { t } from '../render/messages.js';

/** The fields of Slack's file object this module reads (files.info and message `files[]` carry them). */
export interface SlackFile {
  id: string;
  name?: string;
  title?: string;
  mimetype?: string;
  filetype?: string;
  pretty_type?: string;
  size?: number;
  mode?: string;
  url_private?: string;
  url_private_download?: string;
  preview?: string;
}

type FileProblem = 'html' | 'binary' | 'too-big' | 'failed';

export type FileText = { ok: true; name: string; text: string } | { ok: false; name: string; problem: FileProblem; detail: string; size?: number };

export interface ReadFileOptions {
  token: string;
  maxBytes: number;
  /** Hosts the bot token may be sent to besides Slack's own (the host of SLACK_API_URL). */
  extraTrustedHosts?: string[];
  timeoutMs?: number;
}

const TEXT_FILETYPES = new Set([
  'text',
  'txt',
  'log',
  'yaml',
  'yml',
  'json',
  'javascript',
  'shell',
  'bash',
  'markdown',
  'md',
  'csv',
  'diff',
  'go',
  'python',
  'ini',
  'toml',
  'xml',
  'sql',
  'auto',
  'plain',
]);
const TEXT_MIME = /^(?:text\/(?!html)|application\/(?:json|x-yaml|yaml|x-ndjson|x-sh|xml|javascript)\b)/;

function fileName(f: SlackFile): string {
  return f.name || f.title || f.id;
}

/** What Slack's metadata says: a snippet or a text type. Images, PDFs, archives are not read. */
export function isTextFile(f: SlackFile): boolean {
  if (f.mode === 'snippet') return true;
  if (f.mimetype && TEXT_MIME.test(f.mimetype)) return true;
  return !f.mimetype && TEXT_FILETYPES.has((f.filetype ?? '').toLowerCase());
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}

function trusted(url: URL, extra: string[]): boolean {
  const host = url.hostname.toLowerCase();
  if (extra.includes(url.host.toLowerCase()) || extra.includes(host)) return true;
  return url.protocol === 'https:' && /(?:^|\.)(?:slack\.com|slack-gov\.com|slack-edge\.com)$/.test(host);
}

/** Runs on the main thread for every file: an indexed loop, since a Buffer's iterator costs ~15 ms per 64 KB cold. */
function looksBinary(buf: Buffer): boolean {
  const sample = buf.subarray(0, 65536);
  if (sample.includes(0)) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return control > sample.length * 0.05;
}

const HTML_START = /^\s*(?:<!doctype html|<html[\s>]|<head[\s>])/i;

/** Downloads one file and returns its text, or why it was not read. Never throws. */
export async function readSlackFile(f: SlackFile, o: ReadFileOptions): Promise<FileText> {
  const name = fileName(f);
  const refuse = (problem: FileProblem, detail: string, size?: number): FileText => ({ ok: false, name, problem, detail, ...(size !== undefined && { size }) });
  if (f.size !== undefined && f.size > o.maxBytes) return refuse('too-big', `declared size ${f.size} B`, f.size);
  if (!isTextFile(f)) return refuse('binary', f.pretty_type || f.mimetype || f.filetype || 'binary');
  const href = f.url_private_download ?? f.url_private;
  if (!href) return refuse('failed', 'the file has no download URL');
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return refuse('failed', 'the download URL is malformed');
  }
  if (!trusted(url, o.extraTrustedHosts ?? [])) return refuse('failed', `refusing to send the bot token to ${url.host}`);
  let res: Response;
  try {
    // redirect:'manual': a redirect here goes to a sign-in page, and fetch would drop the token on a cross-origin hop.
    res = await fetch(url, { headers: { Authorization: `Bearer ${o.token}` }, redirect: 'manual', signal: AbortSignal.timeout(o.timeoutMs ?? 15000) });
  } catch (e) {
    return refuse('failed', (e as Error).message);
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    return refuse('html', `HTTP ${res.status} redirect to ${res.headers.get('location') ?? 'a sign-in page'}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    return refuse('failed', `HTTP ${res.status}`);
  }
  if (/^text\/html\b/i.test(res.headers.get('content-type') ?? '')) {
    await res.body?.cancel();
    return refuse('html', 'content-type text/html');
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > o.maxBytes) {
    await res.body?.cancel();
    return refuse('too-big', `content-length ${declared}`, declared);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body ?? []) {
      total += (chunk as Uint8Array).length;
      if (total > o.maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        return refuse('too-big', `more than ${o.maxBytes} B`, total);
      }
      chunks.push(chunk as Uint8Array); // copied once, by the concat below
    }
  } catch (e) {
    return refuse('failed', (e as Error).message);
  }
  const buf = Buffer.concat(chunks, total);
  if (looksBinary(buf)) return refuse('binary', 'binary data');
  const text = buf.toString('utf8');
  if (HTML_START.test(text.slice(0, 512))) return refuse('html', 'HTML body');
  return { ok: true, name, text };
}

/** The sentence the user gets instead of a diagnosis (not escaped: the caller escapes for Slack). */
export function fileProblemText(r: Extract<FileText, { ok: false }>, lang: Lang, maxBytes: number): string {
  switch (r.problem) {
    case 'html':
      return t(lang, 'fileHtml', { name: r.name });
    case 'binary':
      return t(lang, 'fileBinary', { name: r.name, type: r.detail });
    case 'too-big':
      return t(lang, 'fileTooBig', { name: r.name, size: r.size !== undefined ? formatBytes(r.size) : '?', limit: formatBytes(maxBytes) });
    default:
      return t(lang, 'fileFailed', { name: r.name, reason: r.detail });
  }
}
