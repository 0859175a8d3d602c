/**
 * The composition root: opens the store, connects Redis, builds the queues, workers, transports and
 * HTTP app for a role, listens, and closes everything in order. `all` runs API and workers in one
 * process (`npm start`); `api` and `worker` run the halves for scale-out (a worker serves only
 * /healthz, /readyz and /metrics on its PORT).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Dispatcher } from 'undici';
import { buildApp } from './app.js';
import { assertSafeBinding } from './config/safety.js';
import type { GatewayConfig } from './config/types.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { NO_CODECS, type DocumentCodecs } from './pipeline/codecs.js';
import { mappingCodecs } from './pipeline/mapping-codecs.js';
import type { DeliverDeps } from './pipeline/deliver.js';
import type { IngestDeps } from './pipeline/ingest.js';
import { PipelineThreads } from './pipeline/threads.js';
import type { PipelineDeps } from './pipeline/types.js';
import { EdifactValidation } from './pipeline/validate.js';
import { assertRedisReachable, createRedis, redisHealthy } from './queue/connection.js';
import { initDeliverWorker } from './queue/deliver-worker.js';
import { makeDispatch, makeWithdraw } from './queue/dispatch.js';
import { GatewayEvents } from './queue/events.js';
import { initIngestWorker } from './queue/ingest-worker.js';
import { closeQueues, createQueues, deliverBatcher, deliverJobOptions, ingestBatcher, ingestJobOptions, QueueName } from './queue/queues.js';
import { RetentionScheduler } from './queue/retention.js';
import { SweepScheduler } from './queue/sweep.js';
import { PartnerDirectory } from './routing/partner-directory.js';
import { Router } from './routing/router.js';
import { openPostgresStore, openSqliteStore } from './store/open.js';
import type { Store } from './store/store.js';
import type { DeliveryChannel } from './store/types.js';
import { MailboxTransport } from './transports/mailbox/index.js';
import type { Transport } from './transports/types.js';
import { WebhookTransport } from './transports/webhook/index.js';

export type Role = 'all' | 'api' | 'worker';

/** What an extension started with the gateway gets: the doors of issue 6 (SFTP server, drop folders, remote SFTP). */
export interface GatewayContext {
  readonly role: Role;
  readonly config: GatewayConfig;
  readonly directory: PartnerDirectory;
  readonly store: Store;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** For `ingest()` (src/pipeline/ingest.ts): the same door the HTTP POST uses. */
  readonly ingest: IngestDeps;
  /** `waitForMessage` (a message finished) and the mailbox signal (`notify`, `wait`). */
  readonly events: GatewayEvents;
}

/**
 * Something that starts and stops with the gateway. `start` runs after the store and Redis are up
 * and before the workers; transports it returns serve their channels in the deliver worker.
 */
export interface GatewayExtension {
  readonly name: string;
  start(ctx: GatewayContext): Promise<{ readonly transports?: readonly Transport[] } | undefined>;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly role?: Role;
  readonly logger?: Logger;
  /** Mapping codecs; default: the mapping engine with the project's mappings/. */
  readonly codecs?: DocumentCodecs;
  /** Extra transports by channel (the SFTP outbox, remote SFTP, folders), started and stopped with the gateway. */
  readonly transports?: readonly Transport[];
  /** Started after the store and Redis, stopped after the HTTP server (see GatewayExtension). */
  readonly extensions?: readonly GatewayExtension[];
  /** undici dispatcher for webhooks (proxies, tests). */
  readonly webhookDispatcher?: Dispatcher;
  /** How long a job stays locked to a worker that stopped renewing it; default BullMQ's 30 s. */
  readonly lockDurationMs?: number;
  readonly sweepIntervalMs?: number;
  /** Before the first retention purge (when the configuration sets `retention.payloadDays`); default a minute. */
  readonly retentionDelayMs?: number;
  /** How long shutdown waits for jobs in progress before handing them back to the queue (default 30 s). */
  readonly shutdownGraceMs?: number;
  /**
   * Worker threads for the ingest worker's CPU work (parse, validate, map, render), beside the event
   * loop; 0: in this thread. Default: the configuration's `workers.pipelineThreads` (or
   * `EDIGW_PIPELINE_THREADS`), else 1 on a machine with more than one core. Used only with the gateway's own mapping codecs (not with `codecs`).
   */
  readonly pipelineThreads?: number;
  /** Schema for PostgreSQL (tests); default: the connection's search_path. */
  readonly postgresSchema?: string;
}

export interface RunningGateway {
  readonly role: Role;
  /** http://host:port the process listens on. */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly metrics: Metrics;
  /**
   * Resolves once the pipeline threads have compiled every document schema and mapping plan (they
   * do it after start-up, between messages); at once when no threads run here.
   */
  warmedUp(): Promise<void>;
  close(): Promise<void>;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

async function openConfiguredStore(config: GatewayConfig, options: GatewayOptions, logger: Logger): Promise<Store> {
  const duplicateWindowMs = config.ingest.duplicateWindowDays * 24 * 60 * 60 * 1000;
  if (config.store.kind === 'postgres') {
    return openPostgresStore({ connectionString: config.store.url, duplicateWindowMs, logger, ...(options.postgresSchema !== undefined ? { schema: options.postgresSchema } : {}) });
  }
  return openSqliteStore({ file: config.store.path, duplicateWindowMs });
}

/** The option, else the configuration (`workers.pipelineThreads`, EDIGW_PIPELINE_THREADS), else one thread when there is a core to spare. */
export function pipelineThreadCount(option: number | undefined, configured: number | null): number {
  const n = option ?? configured ?? (availableParallelism() > 1 ? 1 : 0);
  return Math.max(0, Math.min(64, Math.floor(n)));
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config } = options;
  const role = options.role ?? 'all';
  const logger = options.logger ?? createLogger({ level: config.log.level });
  assertSafeBinding(config, config.server.host);
  await assertRedisReachable(config.redis.url);

  const metrics = createMetrics();
  const directory = PartnerDirectory.fromConfig(config);
  const router = Router.fromConfig(config, directory);
  // Loaded once at start-up: an unknown profile in the configuration stops the gateway here.
  const validation = role === 'api' ? undefined : new EdifactValidation(config.partners);
  const codecs = options.codecs ?? (role === 'api' ? NO_CODECS : mappingCodecs());
  const store = await openConfiguredStore(config, options, logger);
  const prefix = config.redis.prefix;
  const connections: Redis[] = [];
  const connect = (kind: 'producer' | 'worker' | 'publisher' | 'subscriber'): Redis => {
    const c = createRedis(config.redis.url, kind, logger);
    connections.push(c);
    return c;
  };
  const producer = connect('producer');
  const queues = createQueues(producer, prefix);
  metrics.setQueueSource({
    depths: async () => ({
      [QueueName.ingest]: await queues.ingest.getJobCounts('wait', 'active', 'delayed', 'prioritized'),
      [QueueName.deliver]: await queues.deliver.getJobCounts('wait', 'active', 'delayed', 'prioritized'),
    }),
  });
  const events = new GatewayEvents({ publisher: connect('publisher'), ...(role !== 'worker' ? { subscriber: connect('subscriber') } : {}), prefix, logger });
  await events.start();
  const mailbox = new MailboxTransport(store, events);
  const ingestJobs = ingestBatcher(queues, logger, (n) => { metrics.enqueueFailures.inc({ queue: QueueName.ingest }, n); });
  const deliverJobs = deliverBatcher(queues, config.delivery, logger, (n) => { metrics.enqueueFailures.inc({ queue: QueueName.deliver }, n); });
  const dispatch = makeDispatch(deliverJobs, events);

  const ingestDeps: IngestDeps = {
    store, directory, logger, enqueue: (id) => { ingestJobs.push(id); }, dispatch,
    onAnswer: (answer, channel) => {
      if (answer.kind === 'refused') metrics.refused.inc({ code: answer.body.error?.code ?? 'unknown' });
      else metrics.received.inc({ format: answer.kind === 'replay' ? 'unknown' : answer.format, channel, outcome: answer.kind });
    },
  };
  const transports = new Map<DeliveryChannel, Transport>([['mailbox', mailbox]]);
  // Transports the gateway starts and stops itself; an extension starts and stops its own.
  const owned: Transport[] = [mailbox];
  const extensions: GatewayExtension[] = [];
  for (const ext of options.extensions ?? []) {
    const started = await ext.start({ role, config, directory, store, logger, metrics, ingest: ingestDeps, events });
    extensions.push(ext);
    for (const t of started?.transports ?? []) transports.set(t.channel, t);
  }
  const workers: Worker[] = [];
  let sweeper: SweepScheduler | undefined;
  let retention: RetentionScheduler | undefined;
  let threads: PipelineThreads | undefined;
  if (role !== 'api') {
    owned.push(new WebhookTransport(options.webhookDispatcher ? { dispatcher: options.webhookDispatcher } : {}), ...(options.transports ?? []));
    for (const t of owned) {
      await t.start();
      transports.set(t.channel, t);
    }
    const pipeline: PipelineDeps = {
      config, directory, router, store, logger, codecs, validation,
      observe: (stage, seconds) => { metrics.stageSeconds.observe({ stage }, seconds); },
    };
    const deliverDeps: DeliverDeps = {
      ...pipeline,
      transports,
      onAttempt: (outcome, channel) => {
        metrics.deliveryAttempts.inc({ channel, outcome });
        if (outcome === 'delivered') metrics.delivered.inc({ channel });
        else if (outcome === 'failed') metrics.deliveryFailures.inc({ channel });
        else metrics.deadLetters.inc({ channel });
      },
    };
    const settings = { prefix, concurrency: config.workers.concurrency, ...(options.lockDurationMs !== undefined ? { lockDurationMs: options.lockDurationMs } : {}) };
    const threadCount = options.codecs === undefined ? pipelineThreadCount(options.pipelineThreads, config.workers.pipelineThreads) : 0;
    if (threadCount > 0) {
      threads = await PipelineThreads.start({ size: threadCount, config, store, logger, logLevel: logger.level, observe: pipeline.observe });
    }
    const pool = threads;
    workers.push(initIngestWorker({
      pipeline, events, dispatch, withdraw: makeWithdraw(queues),
      ...(pool !== undefined ? { process: (id: string) => pool.process(id) } : {}),
      onProcessed: (status, seconds) => {
        metrics.processed.inc({ status });
        if (status === 'rejected') metrics.rejected.inc();
        metrics.endToEndSeconds.observe({ status }, seconds);
      },
    }, { ...settings, connection: connect('worker') }));
    workers.push(initDeliverWorker({ deliver: deliverDeps, signal: events }, { ...settings, connection: connect('worker') }));
    sweeper = new SweepScheduler({
      store, logger,
      addIngest: (ids) => queues.ingest.addBulk(ids.map((messageId) => ({ name: QueueName.ingest, data: { messageId }, opts: ingestJobOptions(messageId) }))),
      addDeliver: (ids) => queues.deliver.addBulk(ids.map((deliveryId) => ({ name: QueueName.deliver, data: { deliveryId }, opts: deliverJobOptions(deliveryId, config.delivery) }))),
      onOverdue: (ids) => { metrics.overdueAcks.inc(ids.length); },
    }, { intervalMs: options.sweepIntervalMs ?? 60_000, staleMs: 30_000 });
    // Redis keeps nothing on disk: after it comes back (perhaps empty), rebuild the queues from the store.
    let seenReady = producer.status === 'ready';
    producer.on('ready', () => {
      if (seenReady) sweeper?.trigger(true);
      seenReady = true;
    });
    sweeper.start();
    if (config.retention.payloadDays !== null) {
      retention = new RetentionScheduler(store, logger, { payloadDays: config.retention.payloadDays, ...(options.retentionDelayMs !== undefined ? { firstDelayMs: options.retentionDelayMs } : {}) });
      retention.start();
    }
  }

  const app = await buildApp({
    config, directory, store, logger, metrics, events, mailbox,
    ingest: ingestDeps,
    dispatch,
    redisHealthy: () => redisHealthy(producer),
    surface: role === 'worker' ? 'ops' : 'api',
    role,
    version: packageVersion(),
  });
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  logger.info({ url: address, role, store: store.dialect, prefix }, 'edigw listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      logger.info({ role }, 'shutting down: finishing requests and jobs in progress');
      events.stop();
      await app.close();
      for (const ext of extensions.reverse()) await ext.stop();
      await sweeper?.stop();
      await retention?.stop();
      const grace = options.shutdownGraceMs ?? 30_000;
      await Promise.all(workers.map(async (w) => {
        const timer = setTimeout(() => void w.close(true), grace);
        try {
          await w.close();
        } finally {
          clearTimeout(timer);
        }
      }));
      await threads?.close();
      await ingestJobs.drain();
      await deliverJobs.drain();
      for (const t of owned) await t.stop();
      await closeQueues(queues);
      await Promise.allSettled(connections.map((c) => c.quit().catch(() => { c.disconnect(); })));
      await store.close();
      logger.info({ role }, 'stopped');
    })();
    return closing;
  };
  const warmedUp = async (): Promise<void> => {
    await threads?.warmedUp();
  };
  return { role, url: address, app, store, metrics, warmedUp, close };
}
