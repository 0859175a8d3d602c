/** Small input/output helpers shared by the command modules. */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { formatLocation, type Issue } from '../errors/index.js';
import { UsageError } from './usage-error.js';

/** Reads FILE, or standard input for "-". */
export async function readInput(file: string): Promise<Buffer> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  return readFile(file);
}

export function openInput(file: string): Readable {
  return file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 256 * 1024 });
}

/** parseArgs that turns its errors into usage errors (exit code 2, one line, no stack). */
export function args(argv: readonly string[], options: ParseArgsConfig['options']): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: r.values, positionals: r.positionals };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export function write(text: string | Buffer): void {
  process.stdout.write(text);
}

/** One finding as two readable lines. */
export function formatIssue(i: Issue): string {
  const code = i.contrl !== undefined ? ` [0085 ${i.contrl}]` : '';
  return `  ${i.severity.padEnd(7)} ${i.code}${code} ${formatLocation(i.location)}\n          ${i.text}\n`;
}
