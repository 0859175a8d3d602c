/**
 * Runs the retention purge (store `purgePayloads`) in the worker processes when the configuration
 * sets `retention.payloadDays`: a first time shortly after start-up, then once a day. Several
 * workers may purge at once; each message's purge is recorded once (core/retention.ts).
 */
import type { Logger } from '../observability/logger.js';
import type { PurgeResult, Store } from '../store/store.js';

export interface RetentionOptions {
  readonly payloadDays: number;
  /** Between two purges; default a day. */
  readonly intervalMs?: number;
  /** Before the first purge; default a minute, so that start-up is not slowed. */
  readonly firstDelayMs?: number;
  readonly now?: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The moment before which payloads go, `payloadDays` before `now`. */
export function purgeCutoff(payloadDays: number, now: number): Date {
  return new Date(now - payloadDays * DAY_MS);
}

export class RetentionScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PurgeResult | undefined> | undefined;
  private stopped = false;
  private readonly store: Store;
  private readonly logger: Logger;
  private readonly options: RetentionOptions;

  constructor(store: Store, logger: Logger, options: RetentionOptions) {
    this.store = store;
    this.logger = logger;
    this.options = options;
  }

  start(): void {
    this.schedule(this.options.firstDelayMs ?? 60_000);
  }

  /** One purge now (never two at once); resolves with what it removed, undefined when it failed. */
  run(): Promise<PurgeResult | undefined> {
    this.running ??= (async () => {
      const before = purgeCutoff(this.options.payloadDays, (this.options.now ?? Date.now)());
      try {
        const result = await this.store.purgePayloads({ before });
        if (result.messages > 0) this.logger.info({ ...result, before: before.toISOString() }, 'retention purge: payloads removed');
        return result;
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'retention purge failed; it runs again at the next interval');
        return undefined;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.run().then(() => { this.schedule(this.options.intervalMs ?? DAY_MS); });
    }, delayMs);
    this.timer.unref();
  }
}
