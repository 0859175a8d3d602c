/**
 * One shape for every refusal: `{ error: { code, text }, findings: [Issue] }`, with the GW_ERR_*
 * code's HTTP status. Fastify's own errors (body too large, schema validation) are translated to
 * gateway codes; anything unexpected is a 500 whose details go to the log, not to the caller.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ErrorCode } from '../errors/codes.js';
import { errorSpec } from '../errors/codes.js';
import { isGatewayError, makeIssue } from '../errors/gateway-error.js';

export function sendError(reply: FastifyReply, code: ErrorCode, text: string, statusCode?: number): FastifyReply {
  const issue = makeIssue(code, text);
  return reply.code(statusCode ?? errorSpec(code).http ?? 500).send({ error: { code, text }, findings: [issue] });
}

export function notFound(reply: FastifyReply, what: string): FastifyReply {
  return sendError(reply, 'GW_ERR_NOT_FOUND', `${what} does not exist, or is not visible to this key`);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (isGatewayError(err)) {
      return reply.code(err.statusCode).send({ error: { code: err.code, text: err.message }, findings: err.issues });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, 'GW_ERR_BODY_TOO_LARGE', `the body is larger than the limit of ${request.routeOptions.bodyLimit ?? 0} bytes (EDIGW_BODY_LIMIT)`);
    }
    if (err.validation !== undefined) {
      return sendError(reply, 'GW_ERR_BAD_REQUEST', `${err.validationContext ?? 'request'} ${err.message.replace(/^(querystring|params|headers|body)\/?/, '')}`.trim());
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(reply, 'GW_ERR_BAD_REQUEST', err.message, err.statusCode);
    }
    request.log.error({ err }, 'request failed');
    return sendError(reply, 'GW_ERR_INTERNAL', 'the gateway could not complete the request; the operators have the details in its log');
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 'GW_ERR_NOT_FOUND', `no endpoint ${request.method} ${request.url.split('?', 1)[0]}`));
}
