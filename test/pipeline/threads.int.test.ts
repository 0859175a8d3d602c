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
import type { GatewayConfig } from '../../src/config/types.js';
import { createLogger } from '../../src/observability/logger.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { PipelineThreads } from '../../src/pipeline/threads.js';
import { PartnerDirectory } from '../../src/routing/partner-directory.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { adminViewer } from '../../src/store/types.js';
import { codeco } from '../service/messages.js';

describe('pipeline threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edigw-threads-'));
  let store: Store;
  let pool: PipelineThreads;
  let config: GatewayConfig;
  let n = 0;
  const slots = (): { worker: Worker }[] => (pool as unknown as { slots: { worker: Worker }[] }).slots;
  /** A new gate report from the terminal, stored as the API would, ready for processing. */
  const stored = async (): Promise<string> => {
    const directory = PartnerDirectory.fromConfig(config);
    const logger = createLogger({ level: 'silent' });
    const payload = Buffer.from(codeco({ controlRef: `THR${++n}`, containers: 2, sender: 'NBCT', forwarder: 'SINOTRANS-NB' }));
    const answer = await ingest({ store, directory, logger, enqueue: () => undefined, dispatch: () => undefined }, { partner: directory.get('nbct')!, channel: 'http', payload });
    if (answer.kind !== 'accepted') throw new Error(`not stored: ${JSON.stringify(answer.body)}`);
    return answer.messageId;
  };

  beforeAll(async () => {
    store = await openStore({ dataDir: dir });
    config = loadConfig();
    pool = await PipelineThreads.start({ size: 1, config, store, logger: createLogger({ level: 'silent' }), logLevel: 'silent' });
  }, 60_000);

  afterAll(async () => {
    await pool?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers for a message id the store does not hold (nothing to process)', async () => {
    await expect(pool.process('01NOSUCHMESSAGE0000000000')).resolves.toBeNull();
  });

  it('compiles every document schema and mapping plan after start-up, so no first message pays for it', async () => {
    const [warm] = await pool.warmedUp();
    // Eight document schemas and the EDIFACT mapping plans of each directory they name.
    expect(warm.steps).toBeGreaterThan(8);
    expect(warm.failed).toBe(0);
  });

  it('processes a stored message on the thread, and answers null for it once it is final', async () => {
    const id = await stored();
    const result = await pool.process(id);
    expect(result).toMatchObject({ messageId: id, completed: true });
    expect(['processed', 'unrouted']).toContain(result?.status);
    expect((await store.getMessage(id, adminViewer))?.status).toBe(result?.status);
    await expect(pool.process(id)).resolves.toBeNull();
  });

  it('replaces a thread that stopped, without ever handing a message to the dead one', async () => {
    const first = slots()[0].worker;
    await first.terminate();
    // Until the new thread is up, process() fails fast (the job would retry); it never hangs.
    const deadline = Date.now() + 60_000;
    let answer: unknown = 'pending';
    while (Date.now() < deadline) {
      // A stored message, so that it has to be handed to a thread (an unknown id is answered here).
      answer = await pool.process(await stored()).catch((e: unknown) => e);
      if (!(answer instanceof Error)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(answer).toMatchObject({ completed: true });
    expect(slots()).toHaveLength(1);
    expect(slots()[0].worker).not.toBe(first);
  }, 90_000);
});
