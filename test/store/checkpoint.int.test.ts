/**
 * WAL checkpoints run in a worker thread (src/store/sqlite/checkpointer.ts): what is committed reaches
 * the database file itself soon after, although the writer's own automatic checkpoint only starts at
 * 4,096 pages, far beyond these few writes. Copying the database file without its WAL shows what has
 * been checkpointed.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { interchange } from './harness.js';

describe('background WAL checkpoints (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edigw-checkpoint-'));
  const file = join(dir, 'edigw.sqlite');
  let store: Store | undefined;

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function checkpointedMessages(): number {
    const copy = join(dir, `copy-${Date.now()}.sqlite`);
    copyFileSync(file, copy);
    const db = new BetterSqlite3(copy, { readonly: true });
    try {
      // Before the first checkpoint even the tables are only in the WAL.
      const created = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'messages'").get() as { n: number };
      return created.n === 0 ? 0 : (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  async function until(n: number): Promise<number> {
    const deadline = Date.now() + 20_000;
    let seen = checkpointedMessages();
    while (seen < n && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      seen = checkpointedMessages();
    }
    return seen;
  }

  it('copies committed writes into the database file, again after the gateway was idle', async () => {
    store = await openSqliteStore({ file });
    const receive = async (ref: string): Promise<void> => {
      const r = await store!.receive({ partnerId: 'LINE1', channel: 'http', format: 'edifact', contentType: 'application/EDIFACT', payload: interchange('LINE1', ref), envelope: { senderId: 'LINE1', controlRef: ref } });
      expect(r.outcome).toBe('accepted');
    };
    for (let i = 0; i < 5; i++) await receive(`CP${i}`);
    expect(await until(5)).toBe(5);
    // Idle long enough for the thread to look less often, then write again.
    await new Promise((r) => setTimeout(r, 1500));
    await receive('CP-LATE');
    expect(await until(6)).toBe(6);
  }, 60_000);
});
