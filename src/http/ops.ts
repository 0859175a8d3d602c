/**
 * Operations endpoints, open without a key: /healthz (the process answers), /readyz (Redis and the
 * store answer: take traffic), /metrics (Prometheus text format).
 */
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from '../store/store.js';
import { adminViewer } from '../store/types.js';

export interface OpsRouteOptions {
  readonly store: Store;
  readonly metrics: Metrics;
  /** True when Redis answers; undefined when this process uses no Redis. */
  readonly redisHealthy?: () => Promise<boolean>;
  readonly role: string;
}

const checkSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    role: { type: 'string' },
    checks: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

/** A store read that touches the database without depending on any data. */
async function storeHealthy(store: Store): Promise<boolean> {
  try {
    await store.getMessage('00000000000000000000000000', adminViewer);
    return true;
  } catch {
    return false;
  }
}

export function opsRoutes(app: FastifyInstance, opts: OpsRouteOptions): Promise<void> {
  app.get('/healthz', { schema: { summary: 'The process is alive', tags: ['operations'], response: { 200: checkSchema } } }, () => ({ status: 'ok', role: opts.role, checks: {} }));

  app.get('/readyz', {
    schema: { summary: 'Redis and the store answer: the gateway can take messages', tags: ['operations'], response: { 200: checkSchema, 503: checkSchema } },
  }, async (_request, reply) => {
    const [store, redis] = await Promise.all([storeHealthy(opts.store), opts.redisHealthy?.() ?? Promise.resolve(true)]);
    const checks = { store: store ? 'ok' : 'unavailable', redis: redis ? 'ok' : 'unavailable' };
    const ok = store && redis;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', role: opts.role, checks });
  });

  app.get('/metrics', { schema: { summary: 'Prometheus metrics', tags: ['operations'] } }, async (_request, reply) => {
    const text = await opts.metrics.registry.metrics();
    return reply.header('content-type', opts.metrics.registry.contentType).send(text);
  });
  return Promise.resolve();
}
