/**
 * A pipeline thread that stops (a crash, an out-of-memory kill) takes no message with it and leaves
 * no hole in the pool: its messages are rejected (their jobs retry), it leaves the pool at once, and
 * a new thread takes its place.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/observability/logger.js';
import { PipelineThreads } from '../../src/pipeline/threads.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

describe('pipeline threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edigw-threads-'));
  let store: Store;
  let pool: PipelineThreads;
  const slots = (): { worker: Worker }[] => (pool as unknown as { slots: { worker: Worker }[] }).slots;

  beforeAll(async () => {
    store = await openStore({ dataDir: dir });
    pool = await PipelineThreads.start({ size: 1, config: loadConfig(), store, logger: createLogger({ level: 'silent' }), logLevel: 'silent' });
  }, 60_000);

  afterAll(async () => {
    await pool?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers for a message id the store does not hold (nothing to process)', async () => {
    await expect(pool.process('01NOSUCHMESSAGE0000000000')).resolves.toBeNull();
  });

  it('replaces a thread that stopped, without ever handing a message to the dead one', async () => {
    const first = slots()[0].worker;
    await first.terminate();
    // Until the new thread is up, process() fails fast (the job would retry); it never hangs.
    const deadline = Date.now() + 60_000;
    let answer: unknown = 'pending';
    while (Date.now() < deadline) {
      answer = await pool.process('01NOSUCHMESSAGE0000000000').catch((e: unknown) => e);
      if (answer === null) break;
      expect(answer).toBeInstanceOf(Error);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(answer).toBeNull();
    expect(slots()).toHaveLength(1);
    expect(slots()[0].worker).not.toBe(first);
  }, 90_000);
});
