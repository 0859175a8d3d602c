import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints in a worker thread. better-sqlite3 is synchronous, so a checkpoint run by the
 * writer connection (SQLite's automatic one, after the commit that takes the WAL past
 * `wal_autocheckpoint` pages) copies pages into the database file and fsyncs it on the event loop:
 * the gateway stood still for that long, every few hundred messages. This thread checkpoints on its
 * own connection instead (PASSIVE: it never waits for, nor blocks, the writer), again as soon as it
 * finds new frames, so the WAL is usually fully copied between two commits and the next write
 * transaction starts the WAL over. The writer keeps SQLite's automatic checkpoint as a backstop at a
 * larger threshold (`BACKSTOP_PAGES`), for when this thread falls behind or is gone.
 *
 * Durability does not depend on checkpoints: a commit is durable once its WAL frames are synced
 * (synchronous = FULL), whoever copies them into the database file later.
 */

/** The writer's own automatic checkpoint, should the thread fall behind: 16 MB of WAL with 4 KB pages. */
export const BACKSTOP_PAGES = 4096;

/** Plain JavaScript, evaluated in the thread (no TypeScript loader there, nor in test runners). */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
db.pragma('synchronous = FULL');
let stopped = false;
let timer = null;
let last = -1;
let lastLog = -1;
let wait = workerData.intervalMs;
function pass() {
  timer = null;
  if (stopped) return;
  let again = false;
  let fresh = false;
  try {
    // log: frames in the WAL; checkpointed: frames copied into the database file (-1: not in WAL mode).
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    again = r !== undefined && r.checkpointed >= 0 && r.checkpointed < r.log && r.checkpointed !== last;
    fresh = r !== undefined && r.log > 0 && r.log !== lastLog;
    last = r === undefined ? -1 : r.checkpointed;
    lastLog = r === undefined ? -1 : r.log;
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) });
  }
  // Frames came in during the pass (and it got somewhere): go again at once. New frames since the
  // last look: look again shortly. Nothing new: look less and less often (an idle gateway), up to
  // workerData.idleMs; the writer's backstop covers a burst that comes in meanwhile.
  wait = fresh ? workerData.intervalMs : Math.min(wait * 2, workerData.idleMs);
  timer = setTimeout(pass, again ? 1 : wait);
}
parentPort.on('message', (m) => {
  if (m === 'stop') {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    try { db.close(); } catch {}
    parentPort.close();
  }
});
pass();
`;

export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private stopping: Promise<void> | undefined;

  private constructor(worker: Worker) {
    this.worker = worker;
  }

  /** Starts the thread on `file` (already in WAL mode); `onError` hears of failed passes (it keeps trying). */
  static start(file: string, options: { intervalMs?: number; idleMs?: number; onError?: (text: string) => void } = {}): BackgroundCheckpointer {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(THREAD, { eval: true, workerData: { file, driver, intervalMs: options.intervalMs ?? 20, idleMs: options.idleMs ?? 1000 } });
    worker.unref();
    worker.on('message', (m: { error?: string }) => { if (m.error !== undefined) options.onError?.(m.error); });
    // A thread that died leaves the checkpoints to the writer's backstop.
    worker.on('error', (err) => { options.onError?.(err.message); });
    return new BackgroundCheckpointer(worker);
  }

  /** Stops the thread and closes its connection (before the writer closes, so the last close can clean the WAL up). */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => { void this.worker.terminate().then(() => { resolve(); }); }, 2000);
      this.worker.once('exit', () => { clearTimeout(timer); resolve(); });
      this.worker.postMessage('stop');
    });
    return this.stopping;
  }
}
