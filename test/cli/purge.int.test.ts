/**
 * The retention purge as operators run it: `edigw purge` (the real bin/edigw in a child process,
 * on the store the configuration names) and the workers' daily RetentionScheduler.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { RetentionScheduler } from '../../src/queue/retention.js';
import { adminViewer, openSqliteStore, type Store } from '../../src/store/index.js';
import { repoRoot } from '../helpers/corpus.js';
import { DAY, interchange } from '../store/harness.js';

const bin = join(repoRoot, 'bin', 'edigw');
const dirs: string[] = [];

/** A data directory whose store holds one rejected message received `daysAgo` days ago. */
async function storeWithOldMessage(daysAgo: number): Promise<{ dir: string; id: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'edigw-purge-'));
  dirs.push(dir);
  const store = await openSqliteStore({ file: join(dir, 'edigw.sqlite'), clock: () => Date.now() - daysAgo * DAY });
  try {
    const r = await store.receive({ partnerId: 'nbct', channel: 'http', format: 'edifact', contentType: 'application/EDIFACT', payload: interchange('NBCT', 'P1'), envelope: { senderId: 'NBCT', controlRef: 'P1' } });
    if (r.outcome !== 'accepted') throw new Error(r.outcome);
    await store.completeMessage(r.message.id, { status: 'rejected', findings: [] });
    return { dir, id: r.message.id };
  } finally {
    await store.close();
  }
}

function purge(dir: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'purge', ...args], { encoding: 'utf8', cwd: repoRoot, timeout: 180_000, env: { ...process.env, EDIGW_DATA_DIR: dir, EDIGW_CONFIG: '', DATABASE_URL: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function withStore<T>(dir: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openSqliteStore({ file: join(dir, 'edigw.sqlite') });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

beforeAll(() => {
  // The first run may compile src/ to dist/ (and say so on stderr).
  expect(spawnSync(process.execPath, [bin, '--help'], { cwd: repoRoot, timeout: 180_000 }).status).toBe(0);
}, 180_000);

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('edigw purge', () => {
  it('counts with --dry-run, then removes old payloads and keeps the records', async () => {
    const { dir, id } = await storeWithOldMessage(40);
    const dry = purge(dir, ['--older-than', '30', '--dry-run', '--json']);
    expect(dry.stderr).toBe('');
    expect(JSON.parse(dry.stdout)).toMatchObject({ messages: 1, deliveries: 0, dryRun: true });
    expect(purge(dir, ['--older-than', '60', '--json']).stdout).toContain('"messages":0');
    const done = purge(dir, ['--older-than', '30']);
    expect(done).toMatchObject({ code: 0, stderr: '' });
    expect(done.stdout).toMatch(/^removed the payloads of 1 message\(s\) received before \S+ \(\d+ bytes\) and of 0 delivery\(ies\); their records stay\n$/);
    await withStore(dir, async (store) => {
      expect((await store.getPayload(id, adminViewer))?.purgedAt).toBeDefined();
      expect((await store.getMessage(id, adminViewer))?.status).toBe('rejected');
    });
  });

  it('refuses a period that is no whole number of days, and asks for one when the configuration sets none', async () => {
    const { dir } = await storeWithOldMessage(1);
    expect(purge(dir, ['--older-than', 'soon'])).toMatchObject({ code: 2 });
    expect(purge(dir, ['--older-than', '0']).stderr).toContain('--older-than must be a whole number of days, at least 1');
    const none = purge(dir, []);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--older-than DAYS, or retention.payloadDays in the configuration');
  });
});

describe('RetentionScheduler', () => {
  it('purges shortly after start, payloadDays before now, and stops cleanly', async () => {
    const { dir, id } = await storeWithOldMessage(10);
    await withStore(dir, async (store) => {
      const scheduler = new RetentionScheduler(store, createLogger({ level: 'silent' }), { payloadDays: 20, firstDelayMs: 1 });
      expect(await scheduler.run()).toMatchObject({ messages: 0 });
      const later = new RetentionScheduler(store, createLogger({ level: 'silent' }), { payloadDays: 7, firstDelayMs: 1 });
      later.start();
      const deadline = Date.now() + 10_000;
      while ((await store.getPayload(id, adminViewer))?.purgedAt === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await later.stop();
      expect((await store.getPayload(id, adminViewer))?.purgedAt).toBeDefined();
    });
  });
});
