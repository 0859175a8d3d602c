/**
 * The partner's mailbox: list (and lease) what is waiting, fetch one entry in the partner's
 * format, acknowledge it. Listing leases the entries it returns for `mailbox.leaseSeconds`, so two
 * pollers of one partner never get the same entry and an entry whose poller died comes back.
 * Only the destination partner reaches its entries; anything else is 404.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { PartnerDirectory } from '../routing/partner-directory.js';
import type { Store } from '../store/store.js';
import { partnerViewer, type DocumentType } from '../store/types.js';
import type { MailboxTransport } from '../transports/mailbox/index.js';
import { authenticate, partnerOf } from './auth.js';
import { notFound, sendError } from './errors.js';
import { authErrors, documentTypes, errorBodySchema, idParams, mailboxEntrySchema } from './schemas.js';
import { mailboxEntry } from './views.js';

export interface MailboxRouteOptions {
  readonly store: Store;
  readonly directory: PartnerDirectory;
  readonly mailbox: MailboxTransport;
  readonly leaseSeconds: number;
  readonly maxWaitSeconds: number;
}

interface ListQuery {
  type?: DocumentType;
  limit?: number;
  wait?: number;
  peek?: boolean;
  cursor?: string;
}

export function mailboxRoutes(app: FastifyInstance, opts: MailboxRouteOptions): Promise<void> {
  app.addHook('preHandler', authenticate(opts.directory));
  // Acknowledgements and replays carry no body; whatever a client sends with them is ignored.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, _body, done) => { done(null, undefined); });
  const security = [{ bearer: [] }];

  app.get<{ Querystring: ListQuery }>('/v1/mailbox', {
    schema: {
      summary: 'List (and lease) the deliveries waiting for the partner',
      description: `Entries come oldest first and are leased to this poll for ${opts.leaseSeconds} s: fetch each with GET /v1/mailbox/{id} and acknowledge it with POST /v1/mailbox/{id}/ack. `
        + 'An entry not acknowledged before its lease expires is offered again. `wait` holds the request open (long polling) until something arrives. `peek=true` lists without leasing.',
      tags: ['mailbox'],
      security,
      querystring: {
        type: 'object',
        properties: {
          type: { type: 'string', enum: [...documentTypes], description: 'Only this canonical document type.' },
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
          wait: { type: 'integer', minimum: 0, maximum: opts.maxWaitSeconds, default: 0, description: 'Seconds to wait for an entry when none is waiting.' },
          peek: { type: 'boolean', default: false },
          cursor: { type: 'string', description: 'With peek: continue after this entry.' },
        },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: { entries: { type: 'array', items: mailboxEntrySchema }, next: { type: ['string', 'null'] } },
        },
        ...authErrors,
        403: { ...errorBodySchema, description: 'An admin key has no mailbox.' },
      },
    },
  }, async (request, reply) => {
    const partner = partnerOf(request);
    if (!partner) return sendError(reply, 'GW_ERR_FORBIDDEN', 'a mailbox belongs to a partner: use the partner\'s key');
    const q = request.query;
    if (q.peek === true) {
      const page = await opts.store.listMailbox({
        partnerId: partner.id, channels: ['mailbox'], limit: q.limit ?? 10,
        ...(q.type !== undefined ? { documentType: q.type } : {}), ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      });
      return { entries: page.items.map(mailboxEntry), next: page.next };
    }
    const closed = new AbortController();
    reply.raw.once('close', () => { closed.abort(); });
    const result = await opts.mailbox.poll({
      partnerId: partner.id,
      holder: `http:${randomUUID()}`,
      leaseMs: opts.leaseSeconds * 1000,
      limit: q.limit ?? 10,
      waitMs: (q.wait ?? 0) * 1000,
      signal: closed.signal,
      ...(q.type !== undefined ? { documentType: q.type } : {}),
    });
    return { entries: result.deliveries.map(mailboxEntry), next: null };
  });

  app.get<{ Params: { id: string } }>('/v1/mailbox/:id', {
    schema: {
      summary: 'Fetch one mailbox entry in the partner\'s format',
      description: 'The body is the document as rendered for the partner (JSON, EDIFACT or customs XML), with the delivery id in `Edigw-Delivery-Id`. Fetching leases the entry if nobody holds it.',
      tags: ['mailbox'],
      security,
      params: idParams,
      response: { ...authErrors, 404: { ...errorBodySchema, description: 'No such entry for this partner.' }, 410: { ...errorBodySchema, description: 'Withdrawn by a replace or cancel.' } },
    },
  }, async (request, reply) => {
    const partner = partnerOf(request);
    if (!partner) return sendError(reply, 'GW_ERR_FORBIDDEN', 'a mailbox belongs to a partner: use the partner\'s key');
    const viewer = partnerViewer(partner.id);
    const d = await opts.store.getDelivery(request.params.id, viewer);
    if (!d || d.destinationId !== partner.id || d.channel !== 'mailbox') return notFound(reply, `mailbox entry ${request.params.id}`);
    if (d.status === 'withdrawn') return sendError(reply, 'GW_ERR_NOT_FOUND', `mailbox entry ${d.id} was withdrawn: a later replace or cancel of the document made it obsolete`, 410);
    const payload = await opts.store.getDeliveryPayload(d.id, viewer);
    if (!payload) return notFound(reply, `mailbox entry ${d.id}`);
    if (d.status === 'pending') await opts.store.lease({ partnerId: partner.id, holder: `http:${randomUUID()}`, leaseMs: opts.leaseSeconds * 1000, id: d.id, channels: ['mailbox'] });
    reply.header('content-type', payload.contentType).header('edigw-delivery-id', d.id).header('edigw-message-id', d.messageId).header('edigw-format', d.format);
    if (d.documentType !== null) reply.header('edigw-document-type', d.documentType);
    if (d.test) reply.header('edigw-test', 'true');
    return reply.send(payload.bytes);
  });

  app.post<{ Params: { id: string } }>('/v1/mailbox/:id/ack', {
    schema: {
      summary: 'Acknowledge a mailbox entry (removes it from the mailbox)',
      tags: ['mailbox'],
      security,
      params: idParams,
      response: {
        200: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' } } },
        ...authErrors,
        404: { ...errorBodySchema, description: 'No such entry for this partner.' },
        409: { ...errorBodySchema, description: 'The entry was withdrawn, or cannot be acknowledged.' },
      },
    },
  }, async (request, reply) => {
    const partner = partnerOf(request);
    if (!partner) return sendError(reply, 'GW_ERR_FORBIDDEN', 'a mailbox belongs to a partner: use the partner\'s key');
    const id = request.params.id;
    const result = await opts.store.ackDelivery({ id, partnerId: partner.id });
    switch (result) {
      case 'acknowledged':
      case 'already-acknowledged':
        return { id, status: 'acknowledged' };
      case 'withdrawn':
        return sendError(reply, 'GW_ERR_NOT_FOUND', `mailbox entry ${id} was withdrawn by a later replace or cancel; there is nothing to acknowledge`, 409);
      case 'not-ackable':
        return sendError(reply, 'GW_ERR_BAD_REQUEST', `delivery ${id} is not a mailbox entry`, 409);
      case 'not-found':
        return notFound(reply, `mailbox entry ${id}`);
    }
  });
  return Promise.resolve();
}
