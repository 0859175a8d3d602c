/**
 * The two queues and their producers. Jobs carry ids only (payloads stay in the store) and use the
 * message or delivery id as job id, so adding the same work twice (the API and the recovery sweep,
 * two sweeping workers) is one job. Finished jobs are removed at once: the store keeps the history,
 * and a removed job id can be added again when work must be redone (replay, sweep after a crash).
 */
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';

export const QueueName = { ingest: 'ingest', deliver: 'deliver' } as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export interface IngestJobData {
  readonly messageId: string;
}

export interface DeliverJobData {
  readonly deliveryId: string;
}

/** Internal errors (store briefly unavailable) retry a few times before the message is marked failed. */
export const INGEST_ATTEMPTS = 5;

export function ingestJobOptions(id: string): JobsOptions {
  return { jobId: id, attempts: INGEST_ATTEMPTS, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 }, removeOnComplete: true, removeOnFail: true };
}

export function deliverJobOptions(id: string, settings: { attempts: number; backoffMs: number }): JobsOptions {
  return { jobId: id, attempts: settings.attempts, backoff: { type: 'exponential', delay: settings.backoffMs, jitter: 0.5 }, removeOnComplete: true, removeOnFail: true };
}

export interface GatewayQueues {
  readonly ingest: Queue<IngestJobData>;
  readonly deliver: Queue<DeliverJobData>;
}

export function createQueues(connection: Redis, prefix: string): GatewayQueues {
  return {
    ingest: new Queue<IngestJobData>(QueueName.ingest, { connection, prefix }),
    deliver: new Queue<DeliverJobData>(QueueName.deliver, { connection, prefix }),
  };
}

export async function closeQueues(queues: GatewayQueues): Promise<void> {
  await Promise.allSettled([queues.ingest.close(), queues.deliver.close()]);
}

/**
 * Collects the ids added during one turn of the event loop and adds them with one `addBulk` (one
 * round trip instead of one per request). A failed add is logged once per outage and left to the
 * recovery sweep: the work is in the store already.
 */
export class JobBatcher {
  private pending: string[] = [];
  private scheduled = false;
  private failing = false;
  private readonly inFlight = new Set<Promise<void>>();

  private readonly add: (ids: readonly string[]) => Promise<unknown>;
  private readonly logger: Logger;
  private readonly what: string;
  private readonly onFailure: ((count: number) => void) | undefined;

  constructor(add: (ids: readonly string[]) => Promise<unknown>, logger: Logger, what: string, onFailure?: (count: number) => void) {
    this.add = add;
    this.logger = logger;
    this.what = what;
    this.onFailure = onFailure;
  }

  push(id: string): void {
    this.pending.push(id);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => { this.flush(); });
  }

  private flush(): void {
    this.scheduled = false;
    const ids = this.pending;
    this.pending = [];
    if (ids.length === 0) return;
    const p = this.add(ids).then(
      () => {
        if (this.failing) this.logger.info({ queue: this.what }, 'queueing works again');
        this.failing = false;
      },
      (err: unknown) => {
        this.onFailure?.(ids.length);
        if (!this.failing) this.logger.warn({ queue: this.what, count: ids.length, err: (err as Error).message }, 'could not queue work (Redis unreachable?); it is stored and the recovery sweep queues it later');
        this.failing = true;
      },
    );
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Waits for adds in progress (shutdown). */
  async drain(): Promise<void> {
    if (this.pending.length > 0) this.flush();
    await Promise.allSettled([...this.inFlight]);
  }
}

export function ingestBatcher(queues: GatewayQueues, logger: Logger, onFailure?: (n: number) => void): JobBatcher {
  return new JobBatcher(
    (ids) => queues.ingest.addBulk(ids.map((messageId) => ({ name: QueueName.ingest, data: { messageId }, opts: ingestJobOptions(messageId) }))),
    logger,
    QueueName.ingest,
    onFailure,
  );
}

export function deliverBatcher(queues: GatewayQueues, settings: { attempts: number; backoffMs: number }, logger: Logger, onFailure?: (n: number) => void): JobBatcher {
  return new JobBatcher(
    (ids) => queues.deliver.addBulk(ids.map((deliveryId) => ({ name: QueueName.deliver, data: { deliveryId }, opts: deliverJobOptions(deliveryId, settings) }))),
    logger,
    QueueName.deliver,
    onFailure,
  );
}
