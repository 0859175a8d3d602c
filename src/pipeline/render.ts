/**
 * Renders a canonical document in a destination's format. JSON is the document itself; EDIFACT
 * and customs XML take their content from the mapping codecs and their envelope from here: the
 * hub's identity, the partner's syntax settings, a fresh control reference from the durable
 * counters, UNB 0031 when the partner is asked for CONTRL, UNB 0035 for test traffic. Failures are
 * GatewayErrors with the finding, permanent by nature (rendering again gives the same result).
 */
import type { CanonicalDocument } from '../catalogue/documents/index.js';
import { formatToString, type DeliveryFormat, type Partner } from '../config/types.js';
import { GatewayError, isGatewayError, makeIssue } from '../errors/gateway-error.js';
import type { Issue } from '../errors/issue.js';
import type { EnvelopeSummary, Format } from '../store/types.js';
import { edifactContentType, nextControlRef } from './acknowledge.js';
import type { EdifactEnvelope } from './codecs.js';
import type { PipelineDeps } from './types.js';

export interface Rendered {
  readonly payload: Buffer;
  readonly contentType: string;
  /** Warnings of the mapping that wrote it (values the format cannot carry); never errors. */
  readonly issues: readonly Issue[];
  /**
   * For EDIFACT and customs XML sent to a partner that acknowledges (asked for CONTRL, a deadline, or
   * customs, which answers with receipts): the interchange as sent, kept so the acknowledgement can be
   * matched to it by control reference, and flagged when it does not come in time.
   */
  readonly outbound?: { readonly format: Format; readonly envelope: EnvelopeSummary; readonly awaitAckUntil?: Date };
}

export interface RenderTarget {
  readonly partner: Partner;
  readonly format: DeliveryFormat;
  readonly test: boolean;
  /** The gateway message the document came from. */
  readonly messageId: string;
}

/** Each document's JSON, written once: the mailbox payload and the stored document body are the same text. */
const jsonCache = new WeakMap<CanonicalDocument, string>();

export function documentJson(doc: CanonicalDocument): string {
  let text = jsonCache.get(doc);
  if (text === undefined) {
    text = JSON.stringify(doc);
    jsonCache.set(doc, text);
  }
  return text;
}

export async function renderDocument(deps: Pick<PipelineDeps, 'codecs' | 'store' | 'directory' | 'now'>, doc: CanonicalDocument, target: RenderTarget): Promise<Rendered> {
  const { format } = target;
  switch (format.kind) {
    case 'json': {
      const text = target.test ? JSON.stringify({ ...doc, test: true }) : documentJson(doc);
      return { payload: Buffer.from(text, 'utf8'), contentType: 'application/json; charset=utf-8', issues: [] };
    }
    case 'edifact':
      return renderEdifact(deps, doc, { message: format.message, directory: format.directory }, target);
    case 'customs-xml':
      return renderCustomsXml(deps, doc, format.message, target);
  }
}

function unavailable(format: DeliveryFormat, partner: Partner): GatewayError {
  const text = `the gateway has no mapping that writes ${formatToString(format)} yet, so this delivery to ${partner.id} cannot be rendered; replay it once the mapping exists, or give the partner another format`;
  return new GatewayError('GW_ERR_RENDER_UNAVAILABLE', text, { unrecoverable: true });
}

/** Whether what the gateway sends this partner may be acknowledged, so it is kept for matching. */
function acknowledges(partner: Partner): boolean {
  return partner.acks.requestContrl || partner.acks.deadlineMinutes !== undefined || partner.role === 'customs';
}

function ackDeadline(deps: Pick<PipelineDeps, 'now'>, partner: Partner): Date | undefined {
  const minutes = partner.acks.deadlineMinutes;
  if (minutes === undefined) return undefined;
  const now = deps.now?.() ?? new Date();
  return new Date(now.getTime() + minutes * 60_000);
}

async function renderEdifact(
  deps: Pick<PipelineDeps, 'codecs' | 'store' | 'directory' | 'now'>,
  doc: CanonicalDocument,
  target: { message: string; directory: string },
  t: RenderTarget,
): Promise<Rendered> {
  const { partner } = t;
  const recipient = partner.edifactIds[0];
  if (recipient === undefined) {
    throw new GatewayError('GW_ERR_RENDER_FAILED', `partner ${partner.id} has no EDIFACT identification (edifactIds) to address ${formatToString(t.format)} to`);
  }
  const hub = deps.directory.hub.edifactId;
  const s = partner.edifact;
  // A control reference is taken only when a mapping can write the message.
  if (!deps.codecs.writesEdifact(doc.documentType, target)) throw unavailable(t.format, partner);
  const controlRef = await nextControlRef(deps.store, partner.id);
  const envelope: EdifactEnvelope = {
    syntaxId: s.syntaxIdentifier,
    syntaxVersion: s.syntaxVersion,
    ...(s.charset !== undefined ? { charset: s.charset } : {}),
    una: s.una,
    sender: hub.qualifier === undefined ? { id: hub.id } : { id: hub.id, qualifier: hub.qualifier },
    recipient: recipient.qualifier === undefined ? { id: recipient.id } : { id: recipient.id, qualifier: recipient.qualifier },
    controlRef,
    preparedAt: deps.now?.() ?? new Date(),
    timeZone: partner.timeZone,
    ackRequested: partner.acks.requestContrl,
    test: t.test,
  };
  const written = deps.codecs.toEdifact(doc, target, envelope, { partner, messageId: t.messageId });
  if (!written) throw unavailable(t.format, partner);
  const errors = written.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 || written.payload === undefined) {
    throw new GatewayError('GW_ERR_RENDER_FAILED', `cannot write ${formatToString(t.format)} for ${partner.id}: ${errors.map((e) => e.text).join('; ') || 'the mapping wrote nothing'}`, { issues: written.issues });
  }
  const awaitAckUntil = partner.acks.requestContrl ? ackDeadline(deps, partner) : undefined;
  return {
    payload: written.payload,
    contentType: edifactContentType(s.syntaxIdentifier),
    issues: written.issues,
    ...(acknowledges(partner) ? {
      outbound: {
        format: 'edifact' as const,
        envelope: { senderId: hub.id, senderQualifier: hub.qualifier, recipientId: recipient.id, recipientQualifier: recipient.qualifier, controlRef, messageTypes: [target.message], testIndicator: t.test, ackRequested: partner.acks.requestContrl },
        ...(awaitAckUntil !== undefined ? { awaitAckUntil } : {}),
      },
    } : {}),
  };
}

async function renderCustomsXml(deps: Pick<PipelineDeps, 'codecs' | 'store' | 'directory' | 'now'>, doc: CanonicalDocument, messageType: string, t: RenderTarget): Promise<Rendered> {
  const { partner } = t;
  if (!deps.codecs.writesCustomsXml(doc.documentType, messageType)) throw unavailable(t.format, partner);
  const receiverId = partner.customsIds[0];
  if (receiverId === undefined) throw new GatewayError('GW_ERR_RENDER_FAILED', `partner ${partner.id} has no customs id (customsIds) to address ${messageType} to`);
  // Customs MessageIDs are one sequence for the hub, prefixed with its customs id so they stay unique across hubs.
  const seq = await deps.store.nextValue('customs-message-id');
  const hubId = deps.directory.hub.customsId;
  const messageId = `${hubId}${String(seq).padStart(10, '0')}`;
  const sendTime = deps.now?.() ?? new Date();
  const out = deps.codecs.toCustomsXml(doc, messageType, { messageId, senderId: hubId, receiverId, sendTime }, { partner, messageId: t.messageId });
  if (!out) throw unavailable(t.format, partner);
  const errors = out.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 || out.xml === undefined) throw new GatewayError('GW_ERR_RENDER_FAILED', `cannot write ${messageType} for ${partner.id}: ${errors.map((e) => e.text).join('; ')}`, { issues: out.issues });
  const awaitAckUntil = ackDeadline(deps, partner);
  return {
    payload: out.xml,
    contentType: 'application/xml; charset=utf-8',
    issues: out.issues,
    ...(acknowledges(partner) ? {
      outbound: {
        format: 'xml' as const,
        envelope: { senderId: hubId, recipientId: receiverId, controlRef: messageId, messageTypes: [messageType] },
        ...(awaitAckUntil !== undefined ? { awaitAckUntil } : {}),
      },
    } : {}),
  };
}

/** The finding recorded on a delivery that could not be rendered. */
export function renderIssue(err: unknown): ReturnType<typeof makeIssue> {
  if (isGatewayError(err) && (err.code === 'GW_ERR_RENDER_UNAVAILABLE' || err.code === 'GW_ERR_RENDER_FAILED')) return makeIssue(err.code, err.message);
  return makeIssue('GW_ERR_RENDER_FAILED', err instanceof Error ? err.message : String(err));
}
