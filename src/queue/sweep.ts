/**
 * The recovery sweep: the store is the source of truth and Redis keeps nothing on disk, so queue
 * work is rebuilt from the store: messages accepted but not finished (`received`, or `processing`
 * by a worker that died), deliveries still to send, expired mailbox leases. It also flags
 * acknowledgements that did not come within a partner's deadline. Adding work that is already
 * queued is harmless (job id = message or delivery id), so every worker process may sweep.
 */
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import type { DeliveryChannel } from '../store/types.js';
import { needsDeliverJob } from './dispatch.js';

export interface SweepDeps {
  readonly store: Store;
  readonly logger: Logger;
  readonly addIngest: (ids: readonly string[]) => Promise<unknown>;
  readonly addDeliver: (ids: readonly string[]) => Promise<unknown>;
  readonly onOverdue?: (ids: readonly string[]) => void;
}

export interface SweepResult {
  readonly messages: number;
  readonly deliveries: number;
  readonly leasesReleased: number;
  readonly overdueAcks: number;
}

export interface SweepOptions {
  /** Messages unfinished for longer than this are queued again (default 30 s). */
  readonly staleMs?: number;
  /**
   * Also look at mailbox entries (deliveries the partner pulls), which only need a job when they
   * could not be rendered. Done at start and after Redis came back; the periodic sweep skips them.
   */
  readonly full?: boolean;
}

const PAGE = 500;
const PUSH: readonly DeliveryChannel[] = ['webhook', 'remote-sftp', 'folder', 'sftp'];

export async function sweep(deps: SweepDeps, options: SweepOptions = {}): Promise<SweepResult> {
  const { store } = deps;
  let messages = 0;
  for (let cursor: string | null | undefined; cursor !== null;) {
    const page = await store.listStaleMessages({ olderThanMs: options.staleMs ?? 30_000, limit: PAGE, ...(cursor !== undefined ? { cursor } : {}) });
    if (page.items.length > 0) await deps.addIngest(page.items.map((m) => m.id));
    messages += page.items.length;
    cursor = page.next;
  }
  let deliveries = 0;
  for (let cursor: string | null | undefined; cursor !== null;) {
    const page = await store.listOpenDeliveries({ limit: PAGE, ...(options.full === true ? {} : { channels: PUSH }), ...(cursor !== undefined ? { cursor } : {}) });
    const ids = page.items.filter(needsDeliverJob).map((d) => d.id);
    if (ids.length > 0) await deps.addDeliver(ids);
    deliveries += ids.length;
    cursor = page.next;
  }
  const leasesReleased = await store.releaseExpiredLeases();
  const overdue = await store.flagOverdueAcks();
  if (overdue.length > 0) {
    deps.logger.warn({ messages: overdue }, `${overdue.length} outbound interchange(s) got no acknowledgement within the partner's deadline`);
    deps.onOverdue?.(overdue);
  }
  const result = { messages, deliveries, leasesReleased, overdueAcks: overdue.length };
  if (messages + deliveries + leasesReleased + overdue.length > 0) deps.logger.info(result, 'recovery sweep');
  return result;
}

/** Runs the sweep on an interval and on demand (Redis came back); never two at once. */
export class SweepScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepResult | undefined> | undefined;
  private wantFull = false;

  private readonly deps: SweepDeps;
  private readonly options: { intervalMs: number; staleMs: number };

  constructor(deps: SweepDeps, options: { intervalMs: number; staleMs: number }) {
    this.deps = deps;
    this.options = options;
  }

  start(): void {
    this.trigger(true);
    this.timer = setInterval(() => { this.trigger(false); }, this.options.intervalMs);
    this.timer.unref();
  }

  /** Sweeps now (full: also mailbox entries); a sweep asked for while one runs follows it. */
  trigger(full: boolean): void {
    this.wantFull ||= full;
    if (this.running) return;
    const fullNow = this.wantFull;
    this.wantFull = false;
    // A full sweep runs when Redis may have lost everything: every unfinished message is queued
    // again, however fresh (job ids make a repeat of work still queued harmless).
    this.running = sweep(this.deps, { staleMs: fullNow ? 0 : this.options.staleMs, full: fullNow })
      .catch((err: unknown) => {
        this.deps.logger.warn({ err: (err as Error).message }, 'recovery sweep did not finish; it runs again on the next interval');
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
