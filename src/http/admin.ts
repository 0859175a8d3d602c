/**
 * Dead letters: deliveries whose every attempt failed. Listed (an admin sees all, a partner those
 * routed to it or made from its messages) and replayed: back to `pending` and queued again.
 */
import type { FastifyInstance } from 'fastify';
import type { PartnerDirectory } from '../routing/partner-directory.js';
import type { Store } from '../store/store.js';
import type { DeliverySummary } from '../store/types.js';
import { isId } from '../store/ids.js';
import { authenticate, principalName, viewerOf } from './auth.js';
import { notFound } from './errors.js';
import { authErrors, errorBodySchema, idParams, openObject } from './schemas.js';

export interface AdminRouteOptions {
  readonly store: Store;
  readonly directory: PartnerDirectory;
  readonly dispatch: (deliveries: readonly DeliverySummary[]) => void;
}

export function adminRoutes(app: FastifyInstance, opts: AdminRouteOptions): Promise<void> {
  app.addHook('preHandler', authenticate(opts.directory));
  // Acknowledgements and replays carry no body; whatever a client sends with them is ignored.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, _body, done) => { done(null, undefined); });
  const security = [{ bearer: [] }];

  app.get<{ Querystring: { cursor?: string; limit?: number } }>('/v1/dead-letters', {
    schema: {
      summary: 'List dead letters (deliveries whose every attempt failed)',
      tags: ['deliveries'],
      security,
      querystring: { type: 'object', properties: { cursor: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } }, additionalProperties: false },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: openObject }, next: { type: ['string', 'null'] } } }, ...authErrors },
    },
  }, async (request) => opts.store.listDeadLetters({
    ...(request.query.cursor !== undefined ? { cursor: request.query.cursor } : {}),
    ...(request.query.limit !== undefined ? { limit: request.query.limit } : {}),
  }, viewerOf(request)));

  app.post<{ Params: { id: string } }>('/v1/dead-letters/:id/replay', {
    schema: {
      summary: 'Replay a dead letter: it is rendered again if needed and sent with a fresh set of attempts',
      tags: ['deliveries'],
      security,
      params: idParams,
      response: { 202: openObject, ...authErrors, 404: { ...errorBodySchema, description: 'No such dead letter visible to this key.' } },
    },
  }, async (request, reply) => {
    const replayed = isId(request.params.id) ? await opts.store.replayDelivery(request.params.id, viewerOf(request)) : null;
    if (!replayed) return notFound(reply, `dead letter ${request.params.id}`);
    request.log.info({ deliveryId: replayed.id, messageId: replayed.messageId, by: principalName(request) }, 'dead letter replayed');
    opts.dispatch([replayed]);
    return reply.code(202).send(replayed);
  });
  return Promise.resolve();
}
