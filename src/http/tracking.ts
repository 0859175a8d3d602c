/**
 * Where every message and container stands: a message with its timeline, findings, documents and
 * deliveries (with attempts); its raw payload, documents and acknowledgements; search; and the
 * timelines of one container or bill of lading across partners. Every answer holds only what the
 * key may see (the store filters by viewer); anything else is 404.
 */
import type { FastifyInstance } from 'fastify';
import type { PartnerDirectory } from '../routing/partner-directory.js';
import type { MessageQuery, Store } from '../store/store.js';
import { isId } from '../store/ids.js';
import type { DocumentType, MessageStatus } from '../store/types.js';
import { authenticate, viewerOf } from './auth.js';
import { notFound, sendError } from './errors.js';
import { authErrors, documentTypes, errorBodySchema, idParams, messageStatuses, numberParams, openObject } from './schemas.js';
import { acknowledgementViews, messageDetail } from './views.js';

export interface TrackingRouteOptions {
  readonly store: Store;
  readonly directory: PartnerDirectory;
}

interface SearchQuery {
  type?: string;
  documentType?: DocumentType;
  sender?: string;
  status?: string;
  direction?: 'inbound' | 'outbound';
  reference?: string;
  container?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

const notFoundResponse = { 404: { ...errorBodySchema, description: 'Not found, or not visible to this key.' } } as const;

export function trackingRoutes(app: FastifyInstance, opts: TrackingRouteOptions): Promise<void> {
  const { store } = opts;
  app.addHook('preHandler', authenticate(opts.directory));
  const security = [{ bearer: [] }];
  const tags = ['tracking'];

  app.get<{ Querystring: SearchQuery }>('/v1/messages', {
    schema: {
      summary: 'Search messages',
      description: 'By UNH message type, canonical document type, sender, status, reference (`kind:value` or a value of any kind), container number and time range; newest first, with cursor pagination (`next`).',
      tags,
      security,
      querystring: {
        type: 'object',
        properties: {
          type: { type: 'string', description: 'UNH message type, e.g. CODECO.' },
          documentType: { type: 'string', enum: [...documentTypes] },
          sender: { type: 'string', description: 'Partner id of the sender (admin keys; a partner sees its own messages).' },
          status: { type: 'string', description: `Comma-separated: ${messageStatuses.join(', ')}.` },
          direction: { type: 'string', enum: ['inbound', 'outbound'] },
          reference: { type: 'string', description: 'A reference value, or kind:value (bill-of-lading, booking, container, vessel-call, release, customs-declaration).' },
          container: { type: 'string', description: 'ISO 6346 container number.' },
          from: { type: 'string', format: 'date-time', description: 'Received at or after.' },
          to: { type: 'string', format: 'date-time', description: 'Received before.' },
          cursor: { type: 'string' },
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
        },
        additionalProperties: false,
      },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: openObject }, next: { type: ['string', 'null'] } } }, ...authErrors },
    },
  }, async (request, reply) => {
    const q = request.query;
    const statuses = q.status?.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = statuses?.find((s) => !(messageStatuses as readonly string[]).includes(s));
    if (bad !== undefined) return sendError(reply, 'GW_ERR_BAD_REQUEST', `status "${bad}" is not one of ${messageStatuses.join(', ')}`);
    const query: MessageQuery = {
      ...(q.type !== undefined ? { messageType: q.type.toUpperCase() } : {}),
      ...(q.documentType !== undefined ? { documentType: q.documentType } : {}),
      ...(q.sender !== undefined ? { partnerId: q.sender } : {}),
      ...(statuses !== undefined && statuses.length > 0 ? { status: statuses as MessageStatus[] } : {}),
      ...(q.direction !== undefined ? { direction: q.direction } : {}),
      ...(q.reference !== undefined ? { reference: parseReference(q.reference) } : {}),
      ...(q.container !== undefined ? { containerNumber: q.container } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      ...(q.limit !== undefined ? { limit: q.limit } : {}),
    };
    return store.searchMessages(query, viewerOf(request));
  });

  app.get<{ Params: { id: string } }>('/v1/messages/:id', {
    schema: {
      summary: 'A message: status, timeline of every step, findings, documents, deliveries with their attempts, acknowledgements',
      tags, security, params: idParams,
      response: { 200: openObject, ...authErrors, ...notFoundResponse },
    },
  }, async (request, reply) => {
    const viewer = viewerOf(request);
    const message = isId(request.params.id) ? await store.getMessage(request.params.id, viewer) : null;
    if (!message) return notFound(reply, `message ${request.params.id}`);
    return messageDetail(store, message, viewer);
  });

  app.get<{ Params: { id: string } }>('/v1/messages/:id/raw', {
    schema: {
      summary: 'The message exactly as received (or as the gateway sent it)',
      description: 'After the retention period (retention.payloadDays) the bytes are gone: 410 GW_ERR_PAYLOAD_PURGED, while the message itself stays on record.',
      tags, security, params: idParams,
      response: { ...authErrors, ...notFoundResponse, 410: { ...errorBodySchema, description: 'The payload was removed by the retention purge.' } },
    },
  }, async (request, reply) => {
    const payload = isId(request.params.id) ? await store.getPayload(request.params.id, viewerOf(request)) : null;
    if (!payload) return notFound(reply, `message ${request.params.id}`);
    if (payload.purgedAt !== undefined) {
      return sendError(reply, 'GW_ERR_PAYLOAD_PURGED', `the payload of message ${request.params.id} was removed by the retention purge at ${payload.purgedAt}; GET /v1/messages/${request.params.id} still shows its record`);
    }
    return reply.header('content-type', payload.contentType).send(payload.bytes);
  });

  app.get<{ Params: { id: string } }>('/v1/messages/:id/document', {
    schema: {
      summary: 'The canonical documents made from the message (those the key may see)',
      description: 'A partner that received one document of a message (a forwarder\'s own release from a COREOR for several) sees that document only.',
      tags, security, params: idParams,
      response: { 200: { type: 'object', properties: { documents: { type: 'array', items: openObject } } }, ...authErrors, ...notFoundResponse },
    },
  }, async (request, reply) => {
    const viewer = viewerOf(request);
    const summaries = isId(request.params.id) ? await store.listDocuments(request.params.id, viewer) : [];
    if (summaries.length === 0) {
      const message = isId(request.params.id) ? await store.getMessage(request.params.id, viewer) : null;
      if (!message) return notFound(reply, `message ${request.params.id}`);
    }
    const documents = await Promise.all(summaries.map((s) => store.getDocument(s.id, viewer)));
    return { documents: documents.filter((d) => d !== null) };
  });

  app.get<{ Params: { id: string } }>('/v1/messages/:id/ack', {
    schema: {
      summary: 'The acknowledgements of the message (CONTRL, APERAK the gateway sent; or the partner\'s CONTRL of an interchange the gateway sent)',
      tags, security, params: idParams,
      response: { 200: { type: 'object', properties: { status: { type: 'string' }, ack: { type: ['object', 'null'], additionalProperties: true }, acknowledgements: { type: 'array', items: openObject } } }, ...authErrors, ...notFoundResponse },
    },
  }, async (request, reply) => {
    const viewer = viewerOf(request);
    const message = isId(request.params.id) ? await store.getMessage(request.params.id, viewer) : null;
    if (!message) return notFound(reply, `message ${request.params.id}`);
    return { status: message.status, ack: message.ack, acknowledgements: await acknowledgementViews(store, message.acknowledgements, viewer) };
  });

  app.get<{ Params: { id: string } }>('/v1/deliveries/:id', {
    schema: { summary: 'A delivery with its attempts', tags, security, params: idParams, response: { 200: openObject, ...authErrors, ...notFoundResponse } },
  }, async (request, reply) => {
    const d = isId(request.params.id) ? await store.getDelivery(request.params.id, viewerOf(request)) : null;
    if (!d) return notFound(reply, `delivery ${request.params.id}`);
    return d;
  });

  const timelineSchema = (what: string): Record<string, unknown> => ({
    summary: `Every message, document, delivery and event about one ${what}, across partners (what the key may see)`,
    tags, security, params: numberParams,
    response: { 200: openObject, ...authErrors },
  });

  app.get<{ Params: { number: string } }>('/v1/containers/:number/timeline', { schema: timelineSchema('container') }, async (request) =>
    store.containerTimeline(request.params.number, viewerOf(request)));

  app.get<{ Params: { number: string } }>('/v1/bills/:number/timeline', { schema: timelineSchema('bill of lading') }, async (request) =>
    store.billTimeline(request.params.number, viewerOf(request)));
  return Promise.resolve();
}

/** `kind:value` when the part before the colon is a reference kind, else a value of any kind. */
export function parseReference(text: string): { kind?: string; value: string } {
  const m = /^([a-z][a-z-]*):(.+)$/.exec(text);
  return m ? { kind: m[1], value: m[2] } : { value: text };
}
