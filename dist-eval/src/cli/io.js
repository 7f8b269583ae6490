// Reading a paste from a file or stdin for the CLI, as text, without ever throwing on odd bytes.
import { readFileSync } from 'node:fs';
export async function readInput(file) {
    if (file && file !== '-')
        return readFileSync(file).toString('utf8');
    const chunks = [];
    for await (const chunk of process.stdin)
        chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
}
