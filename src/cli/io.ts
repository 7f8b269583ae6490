// Reading a paste from a file or stdin for the CLI, as text, without ever throwing on odd bytes.
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';

export async function readInput(file: string | undefined, stdin: Readable = process.stdin): Promise<string> {
  if (file && file !== '-') return readFileSync(file).toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
