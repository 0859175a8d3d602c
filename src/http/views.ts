/**
 * How stored things are shown through the API: a message with its timeline, documents, deliveries
 * and acknowledgements; a mailbox entry; an acknowledgement's text. Everything goes through the
 * store's viewer checks, so a view never holds what the caller may not see.
 */
import type { AcknowledgementView } from '../pipeline/ingest.js';
import type { Store } from '../store/store.js';
import type { DeliverySummary, Payload, StoredMessage, Viewer } from '../store/types.js';

/** Decodes a text payload with the charset its content type names (EDIFACT acks: the syntax level's). */
export function payloadText(p: Payload): string {
  const charset = /charset=([\w-]+)/i.exec(p.contentType)?.[1]?.toLowerCase();
  if (charset === 'iso-8859-1' || charset === 'latin1' || charset === 'us-ascii') return p.bytes.toString('latin1');
  return p.bytes.toString('utf8');
}

export async function acknowledgementViews(store: Store, ids: readonly string[], viewer: Viewer): Promise<(AcknowledgementView & { readonly purgedAt?: string })[]> {
  const out: (AcknowledgementView & { readonly purgedAt?: string })[] = [];
  for (const id of ids) {
    const [msg, payload] = await Promise.all([store.getMessage(id, viewer), store.getPayload(id, viewer)]);
    if (!msg || !payload) continue;
    const type = msg.envelope.messageTypes?.[0] ?? msg.format;
    out.push(payload.purgedAt === undefined ? { id, type, contentType: payload.contentType, text: payloadText(payload) } : { id, type, contentType: payload.contentType, text: '', purgedAt: payload.purgedAt });
  }
  return out;
}

export async function messageDetail(store: Store, message: StoredMessage, viewer: Viewer): Promise<Record<string, unknown>> {
  const [timeline, documents, deliveries, acknowledgements] = await Promise.all([
    store.timeline(message.id, viewer),
    store.listDocuments(message.id, viewer),
    store.listDeliveries(message.id, viewer),
    acknowledgementViews(store, message.acknowledgements, viewer),
  ]);
  const withAttempts = await Promise.all(deliveries.map(async (d) => {
    const full = await store.getDelivery(d.id, viewer);
    return full ?? { ...d, attemptLog: [] };
  }));
  return {
    ...message,
    timeline: timeline ?? [],
    documents,
    deliveries: withAttempts,
    acknowledgements,
  };
}

export function mailboxEntry(d: DeliverySummary): Record<string, unknown> {
  return {
    id: d.id,
    messageId: d.messageId,
    documentId: d.documentId,
    documentType: d.documentType,
    format: d.format,
    contentType: d.contentType,
    size: d.size,
    status: d.status,
    createdAt: d.createdAt,
    leaseExpiresAt: d.leaseExpiresAt,
    test: d.test,
    href: `/v1/mailbox/${d.id}`,
  };
}
