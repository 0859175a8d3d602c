import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { adminViewer } from '../../src/store/index.js';
import { PG_URL, postgresTarget, sqliteTarget, type TargetFactory } from './harness.js';

const CHILD = fileURLToPath(new URL('./open-child.ts', import.meta.url));
const run = promisify(execFile);

function concurrentOpen(make: TargetFactory): void {
  it('lets four processes create the same new store at the same moment', async () => {
    const target = await make();
    try {
      const env = { ...process.env, STORE_DIALECT: target.dialect, STORE_LOCATION: target.location, STORE_PG_URL: PG_URL };
      const outputs = await Promise.all(Array.from({ length: 4 }, () => run(process.execPath, ['--import', 'tsx', CHILD], { env })));
      const ids = outputs.map((o) => o.stdout.trim());
      expect(new Set(ids).size).toBe(4);
      expect(await target.query('SELECT version FROM schema_migrations')).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
      const store = await target.open();
      for (const id of ids) expect((await store.getMessage(id, adminViewer))?.status).toBe('received');
    } finally {
      await target.destroy();
    }
  });
}

describe('concurrent first open: SQLite', () => { concurrentOpen(sqliteTarget); });
describe('concurrent first open: PostgreSQL', () => { concurrentOpen(postgresTarget); });
