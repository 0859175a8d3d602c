/**
 * Prometheus metrics (prom-client), one registry per gateway instance rather than prom-client's
 * global default, so several gateways in one process (tests) never share counters. Each process
 * exposes its own counters at /metrics; queue depths come from Redis and are the same everywhere.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface QueueDepthSource {
  /** Job counts per queue and state (wait, active, delayed, failed, …). */
  depths(): Promise<Record<string, Record<string, number>>>;
}

export interface Metrics {
  readonly registry: Registry;
  readonly received: Counter<'format' | 'channel' | 'outcome'>;
  readonly refused: Counter<'code'>;
  readonly processed: Counter<'status'>;
  readonly rejected: Counter;
  readonly deliveryAttempts: Counter<'channel' | 'outcome'>;
  readonly delivered: Counter<'channel'>;
  readonly deliveryFailures: Counter<'channel'>;
  readonly deadLetters: Counter<'channel'>;
  readonly overdueAcks: Counter;
  readonly enqueueFailures: Counter<'queue'>;
  readonly stageSeconds: Histogram<'stage'>;
  readonly endToEndSeconds: Histogram<'status'>;
  /** Connects the queue depth gauge to its source (the process that owns the queues). */
  setQueueSource(source: QueueDepthSource): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'edigw_' });
  let queueSource: QueueDepthSource | undefined;
  const stageBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
  const metrics: Metrics = {
    registry,
    received: new Counter({ name: 'edigw_messages_received_total', help: 'Messages accepted and stored, by format, channel and outcome (accepted, duplicate, replay).', labelNames: ['format', 'channel', 'outcome'], registers: [registry] }),
    refused: new Counter({ name: 'edigw_messages_refused_total', help: 'Requests refused at the edge without storing anything, by finding code.', labelNames: ['code'], registers: [registry] }),
    processed: new Counter({ name: 'edigw_messages_processed_total', help: 'Messages the pipeline finished, by final status.', labelNames: ['status'], registers: [registry] }),
    rejected: new Counter({ name: 'edigw_messages_rejected_total', help: 'Messages the pipeline rejected (syntax or validation errors).', registers: [registry] }),
    deliveryAttempts: new Counter({ name: 'edigw_delivery_attempts_total', help: 'Push delivery attempts by channel and outcome (delivered, failed, dead).', labelNames: ['channel', 'outcome'], registers: [registry] }),
    delivered: new Counter({ name: 'edigw_deliveries_delivered_total', help: 'Deliveries the destination took (push channels).', labelNames: ['channel'], registers: [registry] }),
    deliveryFailures: new Counter({ name: 'edigw_delivery_failures_total', help: 'Delivery attempts that failed and will be retried.', labelNames: ['channel'], registers: [registry] }),
    deadLetters: new Counter({ name: 'edigw_dead_letters_total', help: 'Deliveries that became dead letters.', labelNames: ['channel'], registers: [registry] }),
    overdueAcks: new Counter({ name: 'edigw_acknowledgements_overdue_total', help: 'Outbound interchanges whose acknowledgement did not come within the partner deadline.', registers: [registry] }),
    enqueueFailures: new Counter({ name: 'edigw_enqueue_failures_total', help: 'Jobs that could not be queued (Redis unreachable); the recovery sweep queues them later.', labelNames: ['queue'], registers: [registry] }),
    stageSeconds: new Histogram({ name: 'edigw_stage_duration_seconds', help: 'Time spent in each pipeline stage.', labelNames: ['stage'], buckets: stageBuckets, registers: [registry] }),
    endToEndSeconds: new Histogram({ name: 'edigw_processing_seconds', help: 'Time from claiming a message to its final status.', labelNames: ['status'], buckets: stageBuckets, registers: [registry] }),
    setQueueSource(source) {
      queueSource = source;
    },
  };
  new Gauge({
    name: 'edigw_queue_jobs',
    help: 'Jobs in each queue by state (read from Redis when scraped).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      if (!queueSource) return;
      try {
        const depths = await queueSource.depths();
        for (const [queue, states] of Object.entries(depths)) {
          for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
        }
      } catch {
        // Redis down: the gauge is left empty rather than failing the whole scrape.
      }
    },
  });
  return metrics;
}
