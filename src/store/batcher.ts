/**
 * Group commit. A durable commit costs one fsync (about 0.35 ms on the project's disks), so one
 * commit per request caps ingest at a few thousand requests per second however fast the rest is.
 * The batcher collects the work submitted while the previous batch was committing (or, when idle,
 * during the current turn of the event loop), runs it as one batch, and settles each caller's
 * promise only after the batch's `execute` has resolved, i.e. after the commit.
 *
 * Batch size adapts by itself: under light load every batch holds one item and waits for nothing
 * more than `setImmediate`; under heavy load items pile up while a commit is in flight and the next
 * batch takes them all (up to `maxBatch`).
 */

export type Settled<O> = { readonly ok: true; readonly value: O } | { readonly ok: false; readonly error: unknown };

export interface BatcherOptions<I, O> {
  /** Largest batch; a full batch is flushed at once. */
  readonly maxBatch: number;
  /** How long a lone item may wait for company; 0 means until the end of the current event-loop turn. */
  readonly maxDelayMs: number;
  /** Batches committing at the same time (1 for SQLite's single writer; a few for PostgreSQL). */
  readonly maxInFlight: number;
  /**
   * Runs one batch and returns one result per item, in order. If it throws, the whole batch failed
   * (nothing was committed) and every caller in it is rejected with that error.
   */
  readonly execute: (items: readonly I[]) => Promise<readonly Settled<O>[]>;
}

interface Pending<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

export class Batcher<I, O> {
  private readonly options: BatcherOptions<I, O>;
  private queue: Pending<I, O>[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(options: BatcherOptions<I, O>) {
    this.options = options;
  }

  submit(item: I): Promise<O> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Stops taking work and resolves once everything submitted so far has settled. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.inFlight >= this.options.maxInFlight || this.queue.length === 0) return;
    if (this.queue.length >= this.options.maxBatch) {
      this.flush();
      return;
    }
    if (this.timer !== null) return;
    this.timer = this.options.maxDelayMs > 0
      ? setTimeout(() => { this.flush(); }, this.options.maxDelayMs)
      : setImmediate(() => { this.flush(); });
  }

  private flush(): void {
    this.clearTimer();
    if (this.queue.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    const batch = this.queue.splice(0, this.options.maxBatch);
    this.inFlight++;
    // run() settles every caller itself and never rejects.
    void this.run(batch).finally(() => {
      this.inFlight--;
      // Whatever arrived during the commit has already waited one commit: send it now.
      if (this.queue.length > 0) this.flush();
      else if (this.inFlight === 0) this.notifyIdle();
    });
  }

  private async run(batch: Pending<I, O>[]): Promise<void> {
    let results: readonly Settled<O>[];
    try {
      results = await this.options.execute(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`batch returned ${results.length} results for ${batch.length} items`);
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const r = results[i];
      if (r.ok) p.resolve(r.value);
      else p.reject(r.error);
    });
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    if (this.options.maxDelayMs > 0) clearTimeout(this.timer as NodeJS.Timeout);
    else clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = null;
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
