// Reading a paste from a file or stdin for the CLI, as text, without ever throwing on odd bytes.
import { readFileSync } from 'node:fs';

export async function readInput(file: string | undefined): Promise<string> {
  if (file && file !== '-') return readFileSync(file).toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
