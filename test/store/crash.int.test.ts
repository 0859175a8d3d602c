import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adminViewer } from '../../src/store/index.js';
import { PG_URL, postgresTarget, sqliteTarget, type StoreTarget, type TargetFactory } from './harness.js';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

/**
 * Runs the child until it has confirmed `confirmations` receives, lets it go on for `graceMs`
 * more (so the kill lands in the middle of later batches), SIGKILLs it and returns every
 * "<id> <sha256>" line it had printed.
 */
async function runAndKill(target: StoreTarget, confirmations: number, graceMs: number): Promise<[string, string][]> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, STORE_DIALECT: target.dialect, STORE_LOCATION: target.location, STORE_PG_URL: PG_URL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let killed = false;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => { resolve(signal); }));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (!killed && out.split('\n').length > confirmations) {
      killed = true;
      setTimeout(() => child.kill('SIGKILL'), graceMs);
    }
  });
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`the child ended by itself (${String(signal)}): ${err}`);
  // The last line may have been cut off by the kill; it does not count as confirmed.
  const lines = out.split('\n').slice(0, -1);
  return lines.map((l) => l.split(' ') as [string, string]);
}

function crashTest(make: TargetFactory): void {
  it('loses no confirmed message when the process is killed at a random moment, three times over', async () => {
    const target = await make();
    try {
      const confirmed: [string, string][] = [];
      for (let round = 0; round < 3; round++) {
        const confirmations = 50 + Math.floor(Math.random() * 400);
        const graceMs = Math.floor(Math.random() * 30);
        const lines = await runAndKill(target, confirmations, graceMs);
        expect(lines.length).toBeGreaterThanOrEqual(confirmations);
        confirmed.push(...lines);

        // Reopen after the crash (SQLite recovers from its WAL here) and look for every confirmed id.
        const store = await target.open();
        for (const [id, sha] of confirmed) {
          const message = await store.getMessage(id, adminViewer);
          expect(message?.sha256, `message ${id} (round ${round}, kill after ${confirmations} + ${graceMs} ms)`).toBe(sha);
          const payload = await store.getPayload(id, adminViewer);
          expect(createHash('sha256').update(payload!.bytes).digest('hex')).toBe(sha);
        }
        await store.close();
      }
    } finally {
      await target.destroy();
    }
  });
}

describe('crash safety: SQLite', () => { crashTest(sqliteTarget); });
describe('crash safety: PostgreSQL', () => { crashTest(postgresTarget); });
