/**
 * The ingest queue's worker: a thin call into the pipeline (processMessage), then hands the
 * deliveries it made to the deliver queue or the mailbox listeners. Internal failures retry with
 * backoff; after the last attempt the message is recorded as `failed` with the reason, never
 * left hanging. Bad input is not a failure: it completes as `rejected`.
 */
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { makeIssue } from '../errors/gateway-error.js';
import { processMessage, type ProcessResult } from '../pipeline/process.js';
import type { PipelineDeps } from '../pipeline/types.js';
import type { DeliverySummary } from '../store/types.js';
import type { GatewayEvents } from './events.js';
import { INGEST_ATTEMPTS, QueueName, type IngestJobData } from './queues.js';

export interface IngestWorkerDeps {
  readonly pipeline: PipelineDeps;
  readonly events: GatewayEvents;
  /** New deliveries: deliver jobs for pushes and unrendered ones, a signal for mailbox entries. */
  readonly dispatch: (deliveries: readonly DeliverySummary[]) => void;
  /** Deliveries a replace or cancel withdrew: their pending jobs can go. */
  readonly withdraw: (ids: readonly string[]) => void;
  readonly onProcessed?: (status: string, seconds: number) => void;
  /** Where processMessage runs: default in this thread; the pipeline threads' `process` when the gateway has them. */
  readonly process?: (messageId: string) => Promise<ProcessResult | null>;
}

export interface WorkerSettings {
  readonly connection: Redis;
  readonly prefix: string;
  readonly concurrency: number;
  /** How long a job stays locked to a worker that stopped renewing it (crashed) before it runs again. */
  readonly lockDurationMs?: number;
}

/** Runs one ingest job; exported so tests can run the processor without a worker (Medplum's findAndExecJob). */
export async function execIngestJob(deps: IngestWorkerDeps, job: Pick<Job<IngestJobData>, 'data' | 'attemptsMade' | 'opts'>): Promise<string | null> {
  const { messageId } = job.data;
  const started = process.hrtime.bigint();
  const startedAt = deps.pipeline.now?.() ?? new Date();
  try {
    const result = deps.process !== undefined ? await deps.process(messageId) : await processMessage(deps.pipeline, messageId);
    if (result) {
      deps.dispatch(result.deliveries);
      if (result.withdrawn.length > 0) deps.withdraw(result.withdrawn);
      deps.onProcessed?.(result.status, Number(process.hrtime.bigint() - started) / 1e9);
    }
    deps.events.messageDone(messageId);
    return result?.status ?? null;
  } catch (err) {
    const attempts = job.opts.attempts ?? INGEST_ATTEMPTS;
    if (job.attemptsMade + 1 < attempts) throw err;
    const text = err instanceof Error ? err.message : String(err);
    deps.pipeline.logger.error({ messageId, err }, 'processing failed after every attempt; the message is kept as failed');
    await deps.pipeline.store.completeMessage(messageId, {
      status: 'failed',
      processingStartedAt: startedAt,
      findings: [makeIssue('GW_ERR_PROCESSING_FAILED', `processing failed ${attempts} times: ${text}`)],
    });
    deps.events.messageDone(messageId);
    return 'failed';
  }
}

export function initIngestWorker(deps: IngestWorkerDeps, settings: WorkerSettings): Worker<IngestJobData> {
  const worker = new Worker<IngestJobData>(QueueName.ingest, (job) => execIngestJob(deps, job), {
    connection: settings.connection,
    prefix: settings.prefix,
    concurrency: settings.concurrency,
    ...(settings.lockDurationMs !== undefined ? { lockDuration: settings.lockDurationMs, stalledInterval: settings.lockDurationMs } : {}),
    removeOnComplete: { count: 0 },
    removeOnFail: { count: 0 },
  });
  worker.on('error', (err) => { deps.pipeline.logger.warn({ queue: QueueName.ingest, err: err.message }, 'ingest worker error'); });
  return worker;
}

/** Waits for jobs in progress to finish; `force` returns them to the queue instead (they run again elsewhere). */
export async function closeIngestWorker(worker: Worker<IngestJobData>, force = false): Promise<void> {
  await worker.close(force);
}
