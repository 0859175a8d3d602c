import { GatewayError } from '../../errors/gateway-error.js';
import { idFloor } from '../ids.js';
import type { MessageQuery, NewEvent, StaleMessage } from '../store.js';
import type {
  AuditEvent, DocumentSummary, MessageStatus, MessageSummary, Page, Payload, Reference, ReferenceTimeline, StoredDocument,
  StoredMessage, Viewer,
} from '../types.js';
import { documentVisible, deliveryVisible, eventVisible, insertEvents, messageVisible, pageLimit, type Ctx } from './context.js';
import { toPage } from './deliveries.js';
import { placeholders, type Param } from './db.js';
import { normalizeReference } from './processing.js';
import {
  DELIVERY_COLUMNS, DOCUMENT_COLUMNS, EVENT_COLUMNS, MESSAGE_COLUMNS, iso, prefixed, toDeliverySummary, toDocumentSummary,
  toEvent, toFindings, toJson, toMessageSummary, toStoredDocument,
} from './rows.js';

export async function getMessage(ctx: Ctx, id: string, viewer: Viewer): Promise<StoredMessage | null> {
  const vis = messageVisible(viewer, 'm');
  const row = await ctx.db.read.get(`SELECT ${prefixed(MESSAGE_COLUMNS, 'm')}, m.findings, m.purged_at FROM messages m WHERE m.id = ? AND ${vis.sql}`, [id, ...vis.params]);
  if (row === undefined) return null;
  const acks = await ctx.db.read.all(`SELECT id FROM messages WHERE related_id = ? AND relation = 'acknowledges' ORDER BY id`, [id]);
  return {
    ...toMessageSummary(row, ctx.now()),
    findings: toFindings(row['findings']),
    acknowledgements: acks.map((a) => String(a['id'])),
    purgedAt: row['purged_at'] === null || row['purged_at'] === undefined ? null : iso(row['purged_at']),
  };
}

export async function getPayload(ctx: Ctx, id: string, viewer: Viewer): Promise<Payload | null> {
  const vis = messageVisible(viewer, 'm');
  const row = await ctx.db.read.get(`SELECT m.payload, m.content_type, m.purged_at FROM messages m WHERE m.id = ? AND ${vis.sql}`, [id, ...vis.params]);
  if (row === undefined) return null;
  const payload = { bytes: row['payload'] as Buffer, contentType: String(row['content_type']) };
  return row['purged_at'] === null || row['purged_at'] === undefined ? payload : { ...payload, purgedAt: iso(row['purged_at']) };
}

export async function searchMessages(ctx: Ctx, query: MessageQuery, viewer: Viewer): Promise<Page<MessageSummary>> {
  const limit = pageLimit(query.limit);
  const vis = messageVisible(viewer, 'm');
  const where = [vis.sql];
  const params: Param[] = [...vis.params];
  const add = (sql: string, ...values: Param[]): void => {
    where.push(sql);
    params.push(...values);
  };
  if (query.partnerId !== undefined) add('m.partner_id = ?', query.partnerId);
  if (query.direction !== undefined) add('m.direction = ?', query.direction);
  if (query.status !== undefined) {
    const statuses: readonly MessageStatus[] = typeof query.status === 'string' ? [query.status] : query.status;
    if (statuses.length > 0) add(`m.status IN (${placeholders(statuses.length)})`, ...statuses);
  }
  if (query.messageType !== undefined) {
    add('EXISTS (SELECT 1 FROM message_types t WHERE t.message_id = m.id AND t.message_type = ?)', query.messageType.trim().toUpperCase());
  }
  if (query.documentType !== undefined) add('EXISTS (SELECT 1 FROM documents d WHERE d.message_id = m.id AND d.type = ?)', query.documentType);
  const refs: Reference[] = [];
  if (query.reference !== undefined) refs.push(normalizeReference({ kind: query.reference.kind ?? '', value: query.reference.value }));
  if (query.containerNumber !== undefined) refs.push(normalizeReference({ kind: 'container', value: query.containerNumber }));
  // References are rare among all messages: let the reference index drive, not a scan of messages.
  for (const r of refs) {
    if (r.kind === '') add('m.id IN (SELECT r.message_id FROM refs r WHERE r.value = ?)', r.value);
    else add('m.id IN (SELECT r.message_id FROM refs r WHERE r.kind = ? AND r.value = ?)', r.kind, r.value);
  }
  // Ids begin with their creation time, so a time range is a primary-key range.
  if (query.from !== undefined) add('m.id >= ?', idFloor(timeOf(query.from)));
  if (query.to !== undefined) add('m.id < ?', idFloor(timeOf(query.to)));
  if (query.cursor !== undefined) add('m.id < ?', query.cursor);
  const rows = await ctx.db.read.all(
    `SELECT ${prefixed(MESSAGE_COLUMNS, 'm')} FROM messages m WHERE ${where.join(' AND ')} ORDER BY m.id DESC LIMIT ?`,
    [...params, limit + 1],
  );
  const now = ctx.now();
  return toPage(rows.map((r) => toMessageSummary(r, now)), limit);
}

function timeOf(value: string | Date): number {
  const ms = new Date(value).getTime();
  if (Number.isNaN(ms)) throw new GatewayError('GW_ERR_STORE_INVALID_INPUT', `not a date: ${String(value)}`, { statusCode: 400 });
  return ms;
}

export async function timeline(ctx: Ctx, messageId: string, viewer: Viewer): Promise<AuditEvent[] | null> {
  const vis = eventVisible(viewer, 'e');
  const rows = await ctx.db.read.all(
    `SELECT ${prefixed(EVENT_COLUMNS, 'e')} FROM events e WHERE e.message_id = ? AND ${vis.sql} ORDER BY e.at, e.id`,
    [messageId, ...vis.params],
  );
  if (rows.length > 0) return rows.map(toEvent);
  const mvis = messageVisible(viewer, 'm');
  const exists = await ctx.db.read.get(`SELECT 1 AS one FROM messages m WHERE m.id = ? AND ${mvis.sql}`, [messageId, ...mvis.params]);
  return exists === undefined ? null : [];
}

export async function appendEvent(ctx: Ctx, input: NewEvent): Promise<void> {
  await ctx.db.write(async (tx) => insertEvents(tx, ctx, ctx.now(), [input]));
}

export async function getDocument(ctx: Ctx, id: string, viewer: Viewer): Promise<StoredDocument | null> {
  const vis = documentVisible(viewer, 'd');
  const row = await ctx.db.read.get(`SELECT ${prefixed(DOCUMENT_COLUMNS, 'd')}, d.body FROM documents d WHERE d.id = ? AND ${vis.sql}`, [id, ...vis.params]);
  return row === undefined ? null : toStoredDocument(row);
}

export async function listDocuments(ctx: Ctx, messageId: string, viewer: Viewer): Promise<DocumentSummary[]> {
  const vis = documentVisible(viewer, 'd');
  const rows = await ctx.db.read.all(
    `SELECT ${prefixed(DOCUMENT_COLUMNS, 'd')} FROM documents d WHERE d.message_id = ? AND ${vis.sql} ORDER BY d.id`,
    [messageId, ...vis.params],
  );
  return rows.map(toDocumentSummary);
}

/**
 * Everything about one reference (a container, a B/L) that the viewer may see: the messages it
 * sent that mention it, the documents that carry it and are visible to it, the deliveries of those,
 * and the events of all these, oldest first.
 */
export async function referenceTimeline(ctx: Ctx, reference: Reference, viewer: Viewer, limit = 500): Promise<ReferenceTimeline> {
  const ref = normalizeReference(reference);
  const read = ctx.db.read;
  const now = ctx.now();
  const inMessages = 'SELECT r.message_id FROM refs r WHERE r.kind = ? AND r.value = ?';
  const inDocuments = 'SELECT r.document_id FROM refs r WHERE r.kind = ? AND r.value = ? AND r.document_id IS NOT NULL';
  const inWholeMessages = 'SELECT r.message_id FROM refs r WHERE r.kind = ? AND r.value = ? AND r.document_id IS NULL';
  const kv: Param[] = [ref.kind, ref.value];

  const mvis = messageVisible(viewer, 'm');
  const messages = await read.all(
    `SELECT ${prefixed(MESSAGE_COLUMNS, 'm')} FROM messages m WHERE m.id IN (${inMessages}) AND ${mvis.sql} ORDER BY m.id LIMIT ?`,
    [...kv, ...mvis.params, limit],
  );
  const dvis = documentVisible(viewer, 'd');
  const documents = await read.all(
    `SELECT ${prefixed(DOCUMENT_COLUMNS, 'd')} FROM documents d WHERE d.id IN (${inDocuments}) AND ${dvis.sql} ORDER BY d.id LIMIT ?`,
    [...kv, ...dvis.params, limit],
  );
  // Deliveries of the documents that carry the reference, and of whole messages that do.
  const about = `SELECT ad.id FROM deliveries ad WHERE ad.document_id IN (${inDocuments})`
    + ` UNION SELECT aw.id FROM deliveries aw WHERE aw.message_id IN (${inWholeMessages})`;
  const xvis = deliveryVisible(viewer, 'x');
  const deliveries = await read.all(
    `SELECT ${prefixed(DELIVERY_COLUMNS, 'x')} FROM deliveries x WHERE x.id IN (${about}) AND ${xvis.sql} ORDER BY x.id LIMIT ?`,
    [...kv, ...kv, ...xvis.params, limit],
  );
  // Events of the messages themselves, and of the deliveries about the reference only: a COREOR's
  // delivery to another forwarder, about another container, is not part of this timeline.
  const evis = eventVisible(viewer, 'e');
  const events = await read.all(
    `SELECT ${prefixed(EVENT_COLUMNS, 'e')} FROM events e`
      + ` WHERE ((e.delivery_id IS NULL AND e.message_id IN (${inMessages}))`
      + ` OR e.delivery_id IN (${about}))`
      + ` AND ${evis.sql} ORDER BY e.at, e.id LIMIT ?`,
    [...kv, ...kv, ...kv, ...evis.params, limit * 20],
  );
  return {
    reference: ref,
    messages: messages.map((r) => toMessageSummary(r, now)),
    documents: documents.map(toDocumentSummary),
    deliveries: deliveries.map((r) => toDeliverySummary(r, now)),
    events: events.map(toEvent),
  };
}

export async function listStaleMessages(ctx: Ctx, query: { olderThanMs: number; cursor?: string; limit?: number }): Promise<Page<StaleMessage>> {
  const limit = pageLimit(query.limit, 500);
  const params: Param[] = [new Date(ctx.now() - query.olderThanMs)];
  let cursor = '';
  if (query.cursor !== undefined) {
    cursor = ' AND id > ?';
    params.push(query.cursor);
  }
  const rows = await ctx.db.read.all(
    `SELECT id, status, status_at FROM messages WHERE status IN ('received', 'processing') AND status_at < ?${cursor} ORDER BY id LIMIT ?`,
    [...params, limit + 1],
  );
  return toPage(rows.map((r) => ({ id: String(r['id']), status: String(r['status']) as MessageStatus, statusAt: iso(r['status_at']) })), limit);
}

export async function nextValue(ctx: Ctx, name: string): Promise<number> {
  return ctx.db.write(async (tx) => {
    const row = await tx.get(
      'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value',
      [name],
    );
    return Number(row!['value']);
  });
}

export async function recordAnswer(ctx: Ctx, input: { partnerId: string; idempotencyKey: string; answer: unknown }): Promise<void> {
  await ctx.db.write(async (tx) => {
    await tx.run('UPDATE idempotency_keys SET answer = ? WHERE partner_id = ? AND idem_key = ?', [toJson(input.answer), input.partnerId, input.idempotencyKey]);
  });
}
