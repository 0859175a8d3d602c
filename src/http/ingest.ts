/**
 * POST /v1/messages. The body is taken as raw bytes whatever its type (stored exactly as received);
 * the format comes from the content type or is sniffed; only the envelope header is read here. The
 * answer (202 {id, status}) is sent after the durable write. `Prefer: wait` (or `?wait=true`)
 * answers once the pipeline finished instead, with findings and the CONTRL.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { GatewayEvents } from '../queue/events.js';
import { ingest, type IngestBody, type IngestDeps } from '../pipeline/ingest.js';
import type { Store } from '../store/store.js';
import { partnerViewer } from '../store/types.js';
import { authenticate, partnerOf } from './auth.js';
import { sendError } from './errors.js';
import { authErrors, errorBodySchema, ingestAnswerSchema } from './schemas.js';
import { acknowledgementViews } from './views.js';
import type { PartnerDirectory } from '../routing/partner-directory.js';

export interface IngestRouteOptions {
  readonly ingest: IngestDeps;
  readonly store: Store;
  readonly directory: PartnerDirectory;
  readonly events: GatewayEvents;
  readonly bodyLimit: number;
}

const DEFAULT_WAIT_S = 30;
const MAX_WAIT_S = 120;
const FINAL = new Set(['processed', 'rejected', 'unrouted', 'failed', 'duplicate']);

/** Seconds to wait: `Prefer: wait` (RFC 7240; `wait=N` seconds) or `?wait=true|N`; 0 = answer at once. */
export function waitSeconds(prefer: string | string[] | undefined, query: string | undefined): number {
  if (query !== undefined && query !== '' && query !== 'false' && query !== '0') {
    const n = Number(query);
    return Math.min(MAX_WAIT_S, Number.isFinite(n) && n > 0 ? n : DEFAULT_WAIT_S);
  }
  const text = Array.isArray(prefer) ? prefer.join(',') : prefer;
  if (text === undefined) return 0;
  for (const part of text.split(',')) {
    const m = /^\s*wait(?:\s*=\s*"?(\d+)"?)?\s*(?:;.*)?$/i.exec(part);
    if (m) return Math.min(MAX_WAIT_S, m[1] !== undefined ? Number(m[1]) : DEFAULT_WAIT_S);
  }
  return 0;
}

export function ingestRoutes(app: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  // Raw bytes for every content type, in this plugin only: the stored payload is exactly what came.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: opts.bodyLimit }, (_req, body, done) => { done(null, body); });

  app.post<{ Querystring: { wait?: string }; Headers: { 'idempotency-key'?: string; prefer?: string } }>('/v1/messages', {
    bodyLimit: opts.bodyLimit,
    preHandler: authenticate(opts.directory),
    schema: {
      summary: 'Send a message (UN/EDIFACT, customs XML or canonical JSON)',
      description: 'The body is the interchange or document, sent with its content type (application/EDIFACT, application/xml, application/json) or sniffed. '
        + 'It is stored durably before the answer. 202: accepted; with `Prefer: wait` (or `?wait=true`) the answer comes after validation with findings and CONTRL. '
        + '409: the interchange control reference was already received (the body holds the original id and a CONTRL with code 26). '
        + 'A repeated `Idempotency-Key` gets the first answer again.',
      tags: ['ingest'],
      security: [{ bearer: [] }],
      querystring: { type: 'object', properties: { wait: { type: 'string', description: 'true, or the most seconds to wait for processing (at most 120).' } } },
      headers: {
        type: 'object',
        properties: {
          'idempotency-key': { type: 'string', minLength: 1, maxLength: 255, description: 'Repeat the request safely: the same key gets the same answer.' },
          prefer: { type: 'string', description: '`wait` or `wait=<seconds>`: answer after processing.' },
        },
      },
      response: {
        200: { ...ingestAnswerSchema, description: 'Processed (with `Prefer: wait`).' },
        202: { ...ingestAnswerSchema, description: 'Stored; processing follows.' },
        ...authErrors,
        403: { ...errorBodySchema, description: 'The envelope names another sender than the key\'s partner, or an admin key was used.' },
        409: { ...ingestAnswerSchema, description: 'Duplicate interchange control reference.' },
        413: { ...errorBodySchema, description: 'Body larger than the limit.' },
        422: { ...ingestAnswerSchema, description: 'Rejected (with `Prefer: wait`), or an Idempotency-Key reused for another body.' },
      },
    },
  }, async (request, reply) => {
    const partner = partnerOf(request);
    if (!partner) return sendError(reply, 'GW_ERR_FORBIDDEN', 'messages are sent with a partner key: an admin key speaks for no partner');
    const payload = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const answer = await ingest(opts.ingest, {
      partner,
      channel: 'http',
      ...(request.headers['content-type'] !== undefined ? { contentType: request.headers['content-type'] } : {}),
      payload,
      ...(request.headers['idempotency-key'] !== undefined ? { idempotencyKey: request.headers['idempotency-key'] } : {}),
      eventData: { remoteAddress: request.ip },
    });
    if (answer.kind === 'refused') {
      request.log.info({ partner: partner.id, code: answer.body.error?.code, statusCode: answer.statusCode }, 'message refused');
      return reply.code(answer.statusCode).send(answer.body);
    }
    reply.header('location', `/v1/messages/${answer.messageId}`);
    if (answer.kind === 'accepted') request.log.info({ messageId: answer.messageId, partner: partner.id, size: payload.length, format: answer.format }, 'message accepted');
    const wait = answer.kind === 'accepted' ? waitSeconds(request.headers.prefer, request.query.wait) : 0;
    if (wait === 0) return reply.code(answer.statusCode).send(answer.body);
    return waitForOutcome(opts, reply, answer.messageId, partner.id, wait, request.headers['idempotency-key']);
  });
  return Promise.resolve();
}

async function waitForOutcome(opts: IngestRouteOptions, reply: FastifyReply, id: string, partnerId: string, seconds: number, idempotencyKey: string | undefined): Promise<FastifyReply> {
  const viewer = partnerViewer(partnerId);
  const deadline = Date.now() + seconds * 1000;
  const closed = new AbortController();
  reply.raw.once('close', () => { closed.abort(); });
  for (;;) {
    const message = await opts.store.getMessage(id, viewer);
    if (message && FINAL.has(message.status)) {
      const [documents, deliveries, acknowledgements] = await Promise.all([
        opts.store.listDocuments(id, viewer),
        opts.store.listDeliveries(id, viewer),
        acknowledgementViews(opts.store, message.acknowledgements, viewer),
      ]);
      const body: IngestBody & Record<string, unknown> = { id, status: message.status, findings: message.findings, documents, deliveries, acknowledgements };
      const statusCode = message.status === 'rejected' ? 422 : 200;
      // A repeat of this request gets this answer, not the 202 kept when the message was stored.
      if (idempotencyKey !== undefined) await opts.store.recordAnswer({ partnerId, idempotencyKey, answer: { statusCode, body } });
      return reply.code(statusCode).header('preference-applied', 'wait').send(body);
    }
    const left = deadline - Date.now();
    if (left <= 0 || closed.signal.aborted) return reply.code(202).send({ id, status: message?.status ?? 'received' });
    // The worker's "done" signal wakes us; the short re-check covers a signal lost on the way.
    await opts.events.waitForMessage(id, Math.min(left, 1000), closed.signal);
  }
}
