/**
 * A stored file sits in `.processed/` from the moment it is acknowledged (as an HTTP POST gets its
 * 202 before validation). When the pipeline later rejects the message, the file moves on to
 * `.rejected/` with the findings beside it, so partners who never read CONTRL still see what was
 * wrong. One timer asks the store for the status of the messages it follows, each on its own
 * backoff (0.25 s, 0.5 s, 1 s … 30 s), until the message is final or a day has passed.
 *
 * A message still unfinished at its first check gets a small marker
 * (`.processed/.watch/<messageId>.json`), so a restarted gateway carries on following it. Messages
 * the pipeline finishes at once (the usual case) never cost a marker; one whose gateway dies in
 * that first quarter second stays in `.processed/` whatever its verdict (the store, the CONTRL and
 * the tracking API still say it).
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
  /** First check after this long, doubling up to 30 s (default 250 ms). */
  readonly recheckMs?: number;
  /** Stop following a message after this long (default 24 h): it is final by then, or an operator looks at it. */
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
  /** When it was stored (epoch ms); following ends `watchMs` later. */
  readonly since: number;
}

interface Entry extends Watched {
  next: number;
  wait: number;
  marked: boolean;
}

const WATCH_DIR = '.watch';
const FINAL = new Set(['processed', 'rejected', 'unrouted', 'failed', 'duplicate']);
const MAX_RECHECK_MS = 30_000;
/** Store reads per timer turn, so a backlog never blocks the event loop for long. */
const PER_TURN = 200;

export class VerdictWatcher {
  private readonly deps: VerdictDeps;
  private readonly recheckMs: number;
  private readonly watchMs: number;
  private readonly entries = new Map<string, Entry>();
  private readonly madeDirs = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private turn: Promise<void> | undefined;
  private stopped = false;

  constructor(deps: VerdictDeps) {
    this.deps = deps;
    this.recheckMs = deps.recheckMs ?? 250;
    this.watchMs = deps.watchMs ?? 24 * 3600_000;
  }

  /** Messages followed right now. */
  get pending(): number {
    return this.entries.size;
  }

  /** Follows a file just moved to `.processed/`. */
  watch(w: Watched): void {
    this.add(w, false);
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
      if (!isId(id)) continue;
      try {
        const m = JSON.parse(await readFile(join(paths.processed, WATCH_DIR, file), 'utf8')) as { name?: unknown; original?: unknown; since?: unknown };
        if (typeof m.name !== 'string' || typeof m.original !== 'string' || typeof m.since !== 'number') continue;
        this.add({ messageId: id, partnerId, paths, name: m.name, original: m.original, since: m.since }, true);
        n++;
      } catch {
        // A marker cut short by a crash: the file simply stays where it is.
      }
    }
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.turn;
  }

  private add(w: Watched, marked: boolean): void {
    if (this.stopped || this.entries.has(w.messageId)) return;
    this.entries.set(w.messageId, { ...w, next: Date.now() + this.recheckMs, wait: this.recheckMs, marked });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.turn !== undefined || this.stopped || this.entries.size === 0) return;
    let next = Infinity;
    for (const e of this.entries.values()) next = Math.min(next, e.next);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.turn = this.checkDue().catch((err: unknown) => {
        this.deps.logger.warn({ err }, 'checking verdicts of stored files failed; tried again later');
      }).finally(() => {
        this.turn = undefined;
        this.schedule();
      });
    }, Math.max(0, Math.min(next - Date.now(), MAX_RECHECK_MS)));
    this.timer.unref();
  }

  private async checkDue(): Promise<void> {
    const now = Date.now();
    const due = [...this.entries.values()].filter((e) => e.next <= now).slice(0, PER_TURN);
    for (const e of due) {
      if (this.stopped) return;
      try {
        await this.check(e, now);
      } catch (err) {
        this.entries.delete(e.messageId);
        this.deps.logger.warn({ messageId: e.messageId, err }, 'could not follow a stored file to its verdict; it stays in .processed/');
      }
    }
  }

  private async check(e: Entry, now: number): Promise<void> {
    const message = await this.deps.store.getMessage(e.messageId, partnerViewer(e.partnerId));
    if (message === null || FINAL.has(message.status) || now - e.since > this.watchMs) {
      this.entries.delete(e.messageId);
      if (message?.status === 'rejected') {
        const moved = await rejectProcessed(e.paths, e.name, e.original, e.messageId, message.findings);
        this.deps.logger.info({ messageId: e.messageId, partner: e.partnerId, file: moved }, 'stored file rejected by validation; moved to .rejected/');
      }
      if (e.marked) await unlink(join(e.paths.processed, WATCH_DIR, `${e.messageId}.json`)).catch(() => undefined);
      return;
    }
    if (!e.marked) {
      await this.writeMarker(e);
      e.marked = true;
    }
    e.wait = Math.min(e.wait * 2, MAX_RECHECK_MS);
    e.next = now + e.wait;
  }

  private async writeMarker(w: Watched): Promise<void> {
    const dir = join(w.paths.processed, WATCH_DIR);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true, mode: 0o750 });
      this.madeDirs.add(dir);
    }
    await writeFile(join(dir, `${w.messageId}.json`), JSON.stringify({ name: w.name, original: w.original, since: w.since }), { mode: 0o640 });
  }
}
