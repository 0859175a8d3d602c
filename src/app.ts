/**
 * `buildApp(deps)`: the Fastify application with every HTTP area registered as its own plugin,
 * not listening (tests use `inject()` or listen on a free port; src/server.ts listens). Every
 * dependency is passed in: no module-level singletons.
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { GatewayConfig } from './config/types.js';
import { adminRoutes } from './http/admin.js';
import { registerDocs } from './http/docs.js';
import { installErrorHandling } from './http/errors.js';
import { ingestRoutes } from './http/ingest.js';
import { mailboxRoutes } from './http/mailbox.js';
import { opsRoutes } from './http/ops.js';
import { trackingRoutes } from './http/tracking.js';
import type { Logger } from './observability/logger.js';
import type { Metrics } from './observability/metrics.js';
import type { IngestDeps } from './pipeline/ingest.js';
import type { GatewayEvents } from './queue/events.js';
import type { PartnerDirectory } from './routing/partner-directory.js';
import type { Store } from './store/store.js';
import type { DeliverySummary } from './store/types.js';
import type { MailboxTransport } from './transports/mailbox/index.js';

export interface AppDeps {
  readonly config: GatewayConfig;
  readonly directory: PartnerDirectory;
  readonly store: Store;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly events: GatewayEvents;
  readonly mailbox: MailboxTransport;
  /** The door every inbound message takes (store, queue, metrics), shared with the file doors. */
  readonly ingest: IngestDeps;
  /** Hands deliveries to the deliver queue or the mailbox listeners; never throws. */
  readonly dispatch: (deliveries: readonly DeliverySummary[]) => void;
  readonly redisHealthy?: () => Promise<boolean>;
  /** `api`: the whole API; `ops`: health, readiness and metrics only (a worker process). Default `api`. */
  readonly surface?: 'api' | 'ops';
  /** Shown by /healthz: all, api or worker. */
  readonly role?: string;
  readonly version?: string;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    // One line per accepted message comes from the ingest route with its message id; request
    // lines come at debug level below, so info-level logs stay one line per message.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }) as unknown as FastifyInstance;
  installErrorHandling(app);
  app.addHook('onResponse', (request, reply, done) => {
    request.log.debug({ method: request.method, url: request.url.split('?', 1)[0], statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });

  const surface = deps.surface ?? 'api';
  if (surface === 'api') await registerDocs(app, { version: deps.version ?? '0.0.0', hubName: deps.config.hub.name });
  await app.register(opsRoutes, { store: deps.store, metrics: deps.metrics, role: deps.role ?? 'all', ...(deps.redisHealthy ? { redisHealthy: deps.redisHealthy } : {}) });
  if (surface === 'ops') return app;

  await app.register(ingestRoutes, {
    ingest: deps.ingest,
    store: deps.store,
    directory: deps.directory,
    events: deps.events,
    bodyLimit: deps.config.ingest.bodyLimitBytes,
  });
  await app.register(mailboxRoutes, {
    store: deps.store,
    directory: deps.directory,
    mailbox: deps.mailbox,
    leaseSeconds: deps.config.mailbox.leaseSeconds,
    maxWaitSeconds: deps.config.mailbox.maxWaitSeconds,
  });
  await app.register(trackingRoutes, { store: deps.store, directory: deps.directory });
  await app.register(adminRoutes, { store: deps.store, directory: deps.directory, dispatch: deps.dispatch });
  return app;
}

