/**
 * A stored file sits in `.processed/` from the moment it is acknowledged (as an HTTP POST gets its
 * 202 before validation). When the pipeline later rejects the message, the file moves on to
 * `.rejected/` with the findings beside it, so partners who never read CONTRL still see what was
 * wrong. The watcher asks the store for the message's status, woken early by the gateway's
 * "message done" signal when there is one.
 *
 * A small marker per watched file (`.processed/.watch/<messageId>.json`) lets a restarted gateway
 * carry on watching: without it, a file whose message was rejected while the gateway was down would
 * stay in `.processed/` for good.
 */
import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../observability/logger.js';
import { isId } from '../../store/ids.js';
import type { Store } from '../../store/store.js';
import { partnerViewer } from '../../store/types.js';
import { rejectProcessed, type InboxPaths } from './inbox.js';

export interface VerdictDeps {
  readonly store: Store;
  readonly logger: Logger;
  /** Resolves early when the pipeline finished the message (GatewayEvents.waitForMessage); optional. */
  readonly waitForMessage?: (messageId: string, ms: number, abort?: AbortSignal) => Promise<boolean>;
  /** First re-check after this long, doubling up to 30 s (default 250 ms). */
  readonly recheckMs?: number;
  /** Stop watching a message after this long (default 24 h): it is final by then, or an operator looks at it. */
  readonly watchMs?: number;
}

export interface Watched {
  readonly messageId: string;
  readonly partnerId: string;
  readonly paths: InboxPaths;
  /** Its name in `.processed/`. */
  readonly name: string;
  /** The name it was uploaded under. */
  readonly original: string;
  /** When it was stored (epoch ms); the watch ends `watchMs` later. */
  readonly since: number;
}

const WATCH_DIR = '.watch';
const FINAL = new Set(['processed', 'rejected', 'unrouted', 'failed', 'duplicate']);
const MAX_RECHECK_MS = 30_000;

export class VerdictWatcher {
  private readonly deps: VerdictDeps;
  private readonly abort = new AbortController();
  private readonly running = new Map<string, Promise<void>>();

  constructor(deps: VerdictDeps) {
    this.deps = deps;
  }

  get pending(): number {
    return this.running.size;
  }

  /** Starts watching a file just moved to `.processed/`; the marker is written in the background. */
  watch(w: Watched): void {
    if (this.abort.signal.aborted || this.running.has(w.messageId)) return;
    const run = this.writeMarker(w).then(() => this.follow(w)).catch((err: unknown) => {
      this.deps.logger.warn({ messageId: w.messageId, err }, 'could not follow a stored file to its verdict; it stays in .processed/');
    }).finally(() => this.running.delete(w.messageId));
    this.running.set(w.messageId, run);
  }

  /** Picks up the markers a previous run left in this inbox. */
  async resume(paths: InboxPaths, partnerId: string): Promise<number> {
    let names: string[];
    try {
      names = await readdir(join(paths.processed, WATCH_DIR));
    } catch {
      return 0;
    }
    let n = 0;
    for (const file of names) {
      const id = file.replace(/\.json$/, '');
      if (!isId(id) || this.running.has(id)) continue;
      try {
        const m = JSON.parse(await readFile(join(paths.processed, WATCH_DIR, file), 'utf8')) as { name?: unknown; original?: unknown; since?: unknown };
        if (typeof m.name !== 'string' || typeof m.original !== 'string' || typeof m.since !== 'number') continue;
        this.watch({ messageId: id, partnerId, paths, name: m.name, original: m.original, since: m.since });
        n++;
      } catch {
        // A marker cut short by a crash: the file simply stays where it is.
      }
    }
    return n;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  private async writeMarker(w: Watched): Promise<void> {
    const dir = join(w.paths.processed, WATCH_DIR);
    await mkdir(dir, { recursive: true, mode: 0o750 });
    await writeFile(join(dir, `${w.messageId}.json`), JSON.stringify({ name: w.name, original: w.original, since: w.since }), { mode: 0o640 });
  }

  private async follow(w: Watched): Promise<void> {
    const signal = this.abort.signal;
    const deadline = w.since + (this.deps.watchMs ?? 24 * 3600_000);
    let wait = this.deps.recheckMs ?? 250;
    while (!signal.aborted) {
      const message = await this.deps.store.getMessage(w.messageId, partnerViewer(w.partnerId));
      if (message === null || FINAL.has(message.status)) {
        if (message?.status === 'rejected') {
          const moved = await rejectProcessed(w.paths, w.name, w.original, w.messageId, message.findings);
          this.deps.logger.info({ messageId: w.messageId, partner: w.partnerId, file: moved }, 'stored file rejected by validation; moved to .rejected/');
        }
        await unlink(join(w.paths.processed, WATCH_DIR, `${w.messageId}.json`)).catch(() => undefined);
        return;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        await unlink(join(w.paths.processed, WATCH_DIR, `${w.messageId}.json`)).catch(() => undefined);
        return;
      }
      await this.pause(w.messageId, Math.min(wait, left), signal);
      wait = Math.min(wait * 2, MAX_RECHECK_MS);
    }
  }

  private async pause(messageId: string, ms: number, signal: AbortSignal): Promise<void> {
    if (this.deps.waitForMessage) {
      await this.deps.waitForMessage(messageId, ms, signal);
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
