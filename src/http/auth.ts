/**
 * Bearer authentication: every route except health, metrics and docs needs a partner or admin API
 * key. Keys are looked up by their SHA-256 (PartnerDirectory.authenticate). An unknown key and no
 * key get the same 401; nothing in the answer says which partners exist.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Partner } from '../config/types.js';
import { makeIssue } from '../errors/gateway-error.js';
import type { PartnerDirectory, Principal } from '../routing/partner-directory.js';
import { adminViewer, partnerViewer, type Viewer } from '../store/types.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function bearerKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return m?.[1];
}

/** A preHandler that authenticates the request or answers 401. */
export function authenticate(directory: PartnerDirectory) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const principal = directory.authenticate(bearerKey(request.headers.authorization));
    if (!principal) {
      const issue = makeIssue('GW_ERR_UNAUTHORIZED', 'send a partner or admin API key as "Authorization: Bearer <key>"');
      await reply.code(401).header('www-authenticate', 'Bearer realm="edigw"').send({ error: { code: issue.code, text: issue.text }, findings: [issue] });
      return;
    }
    request.principal = principal;
  };
}

export function viewerOf(request: FastifyRequest): Viewer {
  const p = request.principal;
  if (!p) throw new Error('viewerOf called on an unauthenticated request');
  return p.kind === 'admin' ? adminViewer : partnerViewer(p.partner.id);
}

/** The authenticated partner, or undefined for an admin key. */
export function partnerOf(request: FastifyRequest): Partner | undefined {
  const p = request.principal;
  return p?.kind === 'partner' ? p.partner : undefined;
}

export function principalName(request: FastifyRequest): string {
  const p = request.principal;
  if (!p) return 'anonymous';
  return p.kind === 'admin' ? `admin:${p.keyId}` : `${p.partner.id}:${p.keyId}`;
}
