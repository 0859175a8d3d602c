/**
 * The deliver queue's worker: one attempt per job through the pipeline's deliver stage. BullMQ
 * owns the retries (attempts and exponential backoff with jitter from the configuration); the
 * stage records every attempt in the store and makes the last failure a dead letter.
 */
import { Worker, type Job } from 'bullmq';
import { deliverOne, type DeliverDeps } from '../pipeline/deliver.js';
import type { MailboxSignal } from '../transports/mailbox/signal.js';
import { QueueName, type DeliverJobData } from './queues.js';
import type { WorkerSettings } from './ingest-worker.js';

export interface DeliverWorkerDeps {
  readonly deliver: DeliverDeps;
  readonly signal: MailboxSignal;
}

export async function execDeliverJob(deps: DeliverWorkerDeps, job: Pick<Job<DeliverJobData>, 'data' | 'attemptsMade' | 'opts'>): Promise<string> {
  const attempts = job.opts.attempts ?? 1;
  const number = job.attemptsMade + 1;
  const result = await deliverOne(deps.deliver, job.data.deliveryId, { number, last: number >= attempts });
  // A delivery rendered just now for a mailbox: wake the partner's long polls.
  if (result.outcome === 'held' && result.delivery) deps.signal.notify(result.delivery.destinationId);
  return result.outcome;
}

export function initDeliverWorker(deps: DeliverWorkerDeps, settings: WorkerSettings): Worker<DeliverJobData> {
  const worker = new Worker<DeliverJobData>(QueueName.deliver, (job) => execDeliverJob(deps, job), {
    connection: settings.connection,
    prefix: settings.prefix,
    concurrency: settings.concurrency,
    ...(settings.lockDurationMs !== undefined ? { lockDuration: settings.lockDurationMs, stalledInterval: settings.lockDurationMs } : {}),
    removeOnComplete: { count: 0 },
    removeOnFail: { count: 0 },
  });
  worker.on('error', (err) => { deps.deliver.logger.warn({ queue: QueueName.deliver, err: err.message }, 'deliver worker error'); });
  return worker;
}

export async function closeDeliverWorker(worker: Worker<DeliverJobData>, force = false): Promise<void> {
  await worker.close(force);
}
