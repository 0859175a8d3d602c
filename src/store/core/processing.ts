import { createHash } from 'node:crypto';
import { idTime } from '../ids.js';
import type {
  ClaimedMessage, CompleteInput, CompleteOutcome, NewDelivery, NewDocument, NewOutbound, NewReference, OutboundCreated,
} from '../store.js';
import type { DeliverySummary, DocumentSummary, EnvelopeSummary, MessageStatus } from '../types.js';
import { insertEvents, type Ctx, type EventRow } from './context.js';
import { InsertShape, insertRows, placeholders, type Param, type Row, type Sql } from './db.js';
import { messageParams } from './receive.js';
import {
  DELIVERY_COLUMNS, DOCUMENT_COLUMNS, MESSAGE_COLUMNS, toDeliverySummary, toDocumentSummary, toFindings, toJson,
  toMessageSummary,
} from './rows.js';

/** Deliveries a replace or cancel still stops: everything not yet delivered or acknowledged. */
const OPEN_DELIVERY = `('pending', 'leased', 'failed', 'dead')`;

export async function claimMessage(ctx: Ctx, id: string): Promise<ClaimedMessage | null> {
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const row = await tx.get(
      `UPDATE messages SET status = 'processing', status_at = ? WHERE id = ? AND status IN ('received', 'processing')`
        + ` RETURNING ${MESSAGE_COLUMNS}, payload, findings`,
      [new Date(now), id],
    );
    if (row === undefined) return null;
    await insertEvents(tx, ctx, now, [{ messageId: id, type: 'processing' }]);
    const acks = await tx.all(`SELECT id FROM messages WHERE related_id = ? AND relation = 'acknowledges' ORDER BY id`, [id]);
    return {
      message: { ...toMessageSummary(row, now), findings: toFindings(row['findings']), acknowledgements: acks.map((a) => String(a['id'])), purgedAt: null },
      payload: row['payload'] as Buffer,
    };
  });
}

/**
 * The message and its payload, read without writing, while it still needs processing (`received`,
 * or `processing` by an earlier claim). The worker's one write is then `completeMessage` with
 * `processingStartedAt`, which records the `processing` event in the completion's transaction.
 */
const ACKNOWLEDGEMENTS_OF = `SELECT id FROM messages WHERE related_id = ? AND relation = 'acknowledges' ORDER BY id`;
const OPEN_FOR_PROCESSING = `SELECT ${MESSAGE_COLUMNS}, payload, findings,`
  + ` EXISTS (SELECT 1 FROM messages a WHERE a.related_id = messages.id AND a.relation = 'acknowledges') AS has_acks`
  + ` FROM messages WHERE id = ? AND status IN ('received', 'processing')`;

export async function openForProcessing(ctx: Ctx, id: string): Promise<ClaimedMessage | null> {
  const row = await ctx.db.read.get(OPEN_FOR_PROCESSING, [id]);
  if (row === undefined) return null;
  // Almost always none: the list is read only when the message says there is one.
  const hasAcks = row['has_acks'] === true || row['has_acks'] === 1;
  const acks = hasAcks ? await ctx.db.read.all(ACKNOWLEDGEMENTS_OF, [id]) : [];
  return {
    message: { ...toMessageSummary(row, ctx.now()), findings: toFindings(row['findings']), acknowledgements: acks.map((a) => String(a['id'])), purgedAt: null },
    payload: row['payload'] as Buffer,
  };
}

interface Work {
  readonly tx: Sql;
  readonly ctx: Ctx;
  readonly now: number;
  readonly messageId: string;
  readonly partnerId: string;
  readonly events: EventRow[];
  readonly withdrawn: string[];
  /** What this unit created, so a completion can answer without reading it back. */
  readonly documents: DocumentSummary[];
  readonly deliveries: DeliverySummary[];
  /** A document of this very message was superseded or withdrawn by a later one in it. */
  ownSuperseded: boolean;
}

const INSERT_REFS = new InsertShape('INSERT INTO refs (message_id, document_id, kind, value)', 4);
const INSERT_DELIVERIES = new InsertShape(
  'INSERT INTO deliveries (id, message_id, document_id, document_type, source_partner_id, destination_id, format, channel,'
    + ' content_type, payload, size, status, status_at, created_at, test_indicator)',
  15,
  ` RETURNING ${DELIVERY_COLUMNS}`,
);
const INSERT_OUTBOUND = `INSERT INTO messages (${MESSAGE_COLUMNS}, payload, findings) VALUES (${placeholders(27)})`;
const INSERT_DOCUMENT = `INSERT INTO documents (id, message_id, partner_id, created_at, type, function, business_key, body, state, supersedes_id, superseded_by_id)`
  + ` VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, NULL) RETURNING ${DOCUMENT_COLUMNS}`;
/** Outbound messages related to this one before the completion adds its own (acknowledgements made elsewhere). */
const PRIOR_OUTBOUND = `(SELECT count(*) FROM messages o WHERE o.related_id = messages.id AND o.direction = 'outbound') AS prior_outbound`;
const COMPLETE = `UPDATE messages SET status = ?, status_at = ?, findings = ? WHERE id = ? AND status IN ('received', 'processing')`
  + ` RETURNING partner_id, ${PRIOR_OUTBOUND}`;
const COMPLETE_WITH_ENVELOPE = `UPDATE messages SET status = ?, status_at = ?, findings = ?, sender_id = ?, sender_qualifier = ?, recipient_id = ?,`
  + ` recipient_qualifier = ?, control_ref = ?, message_types = ?, test_indicator = ?, ack_requested = ?`
  + ` WHERE id = ? AND status IN ('received', 'processing')`
  + ` RETURNING partner_id, ${PRIOR_OUTBOUND}, (SELECT count(*) FROM message_types t WHERE t.message_id = messages.id) AS type_rows`;

export async function completeMessage(ctx: Ctx, id: string, input: CompleteInput): Promise<CompleteOutcome> {
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    // The status guard makes this run once: a concurrent or repeated completion updates nothing.
    // One UPDATE of the message row (its payload makes every rewrite cost several pages).
    const e = input.envelope;
    const row = e === undefined
      ? await tx.get(COMPLETE, [input.status, new Date(now), toJson(input.findings ?? []), id])
      : await completeWithEnvelope(tx, id, now, input, e);
    if (row === undefined) return existingOutcome(tx, ctx, id);
    const work = newWork(tx, ctx, now, id, String(row['partner_id']));
    await insertReferences(work, null, input.references ?? []);
    const outbound: string[] = [];
    for (const doc of input.documents ?? []) await insertDocument(work, doc);
    await insertDeliveries(work, id, null, null, work.partnerId, input.deliveries ?? []);
    for (const o of input.outbound ?? []) outbound.push((await insertOutbound(work, { relatedId: id, relation: 'acknowledges', ...o })).message.id);
    const first: EventRow[] = [];
    if (input.processingStartedAt !== undefined) {
      // The worker read the message without claiming it: its start is recorded here, at the time it
      // began (and, as ever, as the completion's first event).
      first.push({ messageId: id, type: 'processing', at: Math.min(now, new Date(input.processingStartedAt).getTime()) });
    }
    first.push({
      messageId: id,
      type: 'completed',
      data: {
        status: input.status,
        findings: input.findings?.length ?? 0,
        errors: input.findings?.filter((f) => f.severity === 'error').length ?? 0,
        documents: input.documents?.length ?? 0,
        ...input.eventData,
      },
    });
    await insertEvents(tx, ctx, now, work.events.length === 0 ? first : [...first, ...work.events]);
    const answered = Number(row['prior_outbound']) === 0 && !work.ownSuperseded
      ? createdOutcome(work, input.status, outbound)
      : await existingOutcome(tx, ctx, id);
    return { ...answered, completed: true, withdrawn: work.withdrawn, outbound };
  });
}

function newWork(tx: Sql, ctx: Ctx, now: number, messageId: string, partnerId: string): Work {
  return { tx, ctx, now, messageId, partnerId, events: [], withdrawn: [], documents: [], deliveries: [], ownSuperseded: false };
}

/**
 * What `existingOutcome` would read back after this completion, from what it wrote: its documents
 * and every delivery it made, in id order. Only where that is all there is: not when it changed one
 * of its own documents, nor when an outbound message related to this one existed before it (made
 * elsewhere, with deliveries of its own); the completion reads back then.
 */
function createdOutcome(work: Work, status: MessageStatus, outbound: readonly string[]): CompleteOutcome {
  return {
    completed: false,
    status,
    documents: [...work.documents].sort(byId),
    deliveries: [...work.deliveries].sort(byId),
    withdrawn: [],
    outbound: [...outbound].sort(),
  };
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const OUTBOUND_OF = `SELECT id FROM messages WHERE related_id = ? AND direction = 'outbound' ORDER BY id`;

export async function createOutbound(ctx: Ctx, input: NewOutbound): Promise<OutboundCreated> {
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const work = newWork(tx, ctx, now, input.relatedId ?? '', input.partnerId);
    const created = await insertOutbound(work, input);
    await insertEvents(tx, ctx, now, work.events);
    return created;
  });
}

async function existingOutcome(tx: Sql, ctx: Ctx, id: string): Promise<CompleteOutcome> {
  const now = ctx.now();
  const msg = await tx.get('SELECT status FROM messages WHERE id = ?', [id]);
  if (msg === undefined) throw new Error(`no message ${id}`);
  const docs = await tx.all(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE message_id = ? ORDER BY id`, [id]);
  const outbound = await tx.all(OUTBOUND_OF, [id]);
  const outIds = outbound.map((o) => String(o['id']));
  const deliveries = await tx.all(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE message_id IN (${placeholders(outIds.length + 1)}) ORDER BY id`,
    [id, ...outIds],
  );
  return {
    completed: false,
    status: String(msg['status']) as MessageStatus,
    documents: docs.map(toDocumentSummary),
    deliveries: deliveries.map((d) => toDeliverySummary(d, now)),
    withdrawn: [],
    outbound: outIds,
  };
}

/**
 * The final status and the envelope as the parser read it, in one UPDATE, which also counts the
 * message's type rows (they mirror the column): none, the usual case since `receive` knows only the
 * envelope header, means the new types are simply inserted; otherwise they are replaced.
 */
async function completeWithEnvelope(tx: Sql, id: string, now: number, input: CompleteInput, e: EnvelopeSummary): Promise<Row | undefined> {
  const types = e.messageTypes !== undefined && e.messageTypes.length > 0 ? JSON.stringify(e.messageTypes) : null;
  const row = await tx.get(
    COMPLETE_WITH_ENVELOPE,
    [
      input.status, new Date(now), toJson(input.findings ?? []),
      e.senderId ?? null, e.senderQualifier ?? null, e.recipientId ?? null, e.recipientQualifier ?? null, e.controlRef ?? null,
      types, e.testIndicator === true, e.ackRequested === true, id,
    ],
  );
  if (row === undefined) return undefined;
  if (Number(row['type_rows']) > 0) await tx.run('DELETE FROM message_types WHERE message_id = ?', [id]);
  await insertMessageTypes(tx, id, e.messageTypes ?? []);
  return row;
}

async function insertMessageTypes(tx: Sql, id: string, types: readonly string[]): Promise<void> {
  for (const t of new Set(types)) await tx.run('INSERT INTO message_types (message_id, message_type) VALUES (?, ?)', [id, t]);
}

/** References are stored trimmed and upper-cased: container and B/L numbers are matched case-insensitively. */
export function normalizeReference(ref: NewReference): NewReference {
  return { kind: ref.kind.trim().toLowerCase(), value: ref.value.trim().toUpperCase() };
}

async function insertReferences(work: Work, documentId: string | null, refs: readonly NewReference[]): Promise<void> {
  const seen = new Set<string>();
  const rows: Param[][] = [];
  for (const r of refs.map(normalizeReference)) {
    const key = `${r.kind}\u0000${r.value}`;
    if (r.value === '' || seen.has(key)) continue;
    seen.add(key);
    rows.push([work.messageId, documentId, r.kind, r.value]);
  }
  await insertRows(work.tx, work.ctx.db.dialect, INSERT_REFS, rows);
}

async function insertDocument(work: Work, doc: NewDocument): Promise<DocumentSummary> {
  const { tx, ctx, now } = work;
  const id = ctx.newId(now);
  const key = doc.businessKey?.trim() ?? null;
  let supersedes: string | null = null;
  if (doc.function !== 'original' && key !== null && key !== '') {
    // Two replaces of one document committing at once must not both find the original active.
    if (ctx.db.dialect.keyLock !== null) await tx.get(ctx.db.dialect.keyLock, [[`document`, work.partnerId, doc.type, key].join('\u001f')]);
    const prev = await tx.get(
      `SELECT id, message_id FROM documents WHERE partner_id = ? AND type = ? AND business_key = ? AND state = 'active'`
        + ` ORDER BY id DESC LIMIT 1${ctx.db.dialect.forUpdate}`,
      [work.partnerId, doc.type, key],
    );
    if (prev !== undefined) {
      supersedes = String(prev['id']);
      if (prev['message_id'] === work.messageId) work.ownSuperseded = true;
      const state = doc.function === 'cancel' ? 'withdrawn' : 'superseded';
      await tx.run('UPDATE documents SET state = ?, superseded_by_id = ? WHERE id = ?', [state, id, supersedes]);
      work.events.push({
        messageId: String(prev['message_id']),
        type: doc.function === 'cancel' ? 'document-withdrawn' : 'document-superseded',
        data: { documentId: supersedes, by: id, byMessageId: work.messageId },
      });
      const stopped = await tx.all(
        `UPDATE deliveries SET status = 'withdrawn', status_at = ?, lease_holder = NULL, lease_expires_at = NULL`
          + ` WHERE document_id = ? AND status IN ${OPEN_DELIVERY} RETURNING id, message_id`,
        [new Date(now), supersedes],
      );
      for (const s of stopped) {
        work.withdrawn.push(String(s['id']));
        work.events.push({ messageId: String(s['message_id']), deliveryId: String(s['id']), type: 'delivery-withdrawn', data: { by: id } });
      }
    }
  }
  const row = await tx.get(
    INSERT_DOCUMENT,
    [id, work.messageId, work.partnerId, new Date(now), doc.type, doc.function, key, doc.bodyJson ?? toJson(doc.body), supersedes],
  );
  work.events.push({ messageId: work.messageId, type: 'document-created', data: { documentId: id, type: doc.type, function: doc.function, businessKey: key, supersedes } });
  await insertReferences(work, id, doc.references ?? []);
  await insertDeliveries(work, work.messageId, id, doc.type, work.partnerId, doc.deliveries ?? []);
  const summary = toDocumentSummary(row!);
  work.documents.push(summary);
  return summary;
}

async function insertDeliveries(
  work: Work,
  messageId: string,
  documentId: string | null,
  documentType: string | null,
  sourcePartnerId: string,
  deliveries: readonly NewDelivery[],
): Promise<DeliverySummary[]> {
  if (deliveries.length === 0) return [];
  const { tx, ctx, now } = work;
  const at = new Date(now);
  const rows = deliveries.map((d): Param[] => {
    const payload = d.payload === undefined ? null : Buffer.from(d.payload.buffer, d.payload.byteOffset, d.payload.byteLength);
    return [
      ctx.newId(now), messageId, documentId, documentType, sourcePartnerId, d.destinationId, d.format, d.channel,
      d.contentType ?? null, payload, payload === null ? null : payload.byteLength, 'pending', at, at, d.test === true,
    ];
  });
  const inserted = await insertRows(tx, ctx.db.dialect, INSERT_DELIVERIES, rows);
  const out = inserted.map((r) => toDeliverySummary(r, now));
  for (const d of out) {
    work.deliveries.push(d);
    work.events.push({ messageId, deliveryId: d.id, type: 'delivery-created', data: { destinationId: d.destinationId, channel: d.channel, format: d.format, documentId } });
  }
  return out;
}

async function insertOutbound(work: Work, input: NewOutbound): Promise<OutboundCreated> {
  const { tx, ctx, now } = work;
  const id = ctx.newId(now);
  const e = input.envelope ?? {};
  const at = new Date(idTime(id));
  const dueAt = input.awaitAckUntil === undefined ? null : new Date(input.awaitAckUntil);
  const payload = Buffer.from(input.payload.buffer, input.payload.byteOffset, input.payload.byteLength);
  const relation = input.relatedId === undefined ? null : (input.relation ?? 'derived-from');
  const row = {
    id, received_at: at, partner_id: input.partnerId, channel: 'generated', direction: 'outbound', format: input.format,
    content_type: input.contentType, size: payload.byteLength, sha256: createHash('sha256').update(payload).digest('hex'),
    sender_id: e.senderId ?? null, sender_qualifier: e.senderQualifier ?? null, recipient_id: e.recipientId ?? null,
    recipient_qualifier: e.recipientQualifier ?? null, control_ref: e.controlRef ?? null,
    message_types: e.messageTypes !== undefined && e.messageTypes.length > 0 ? JSON.stringify(e.messageTypes) : null,
    test_indicator: e.testIndicator === true, ack_requested: e.ackRequested === true, status: 'generated', status_at: at,
    related_id: input.relatedId ?? null, relation, ack_state: dueAt === null ? null : 'awaited', ack_due_at: dueAt,
    ack_received_at: null, idempotency_key: null,
  };
  await tx.run(INSERT_OUTBOUND, [...messageParams(row), payload, '[]']);
  await insertMessageTypes(tx, id, e.messageTypes ?? []);
  work.events.push({ messageId: id, type: 'generated', data: { relatedId: input.relatedId ?? null, relation, size: payload.byteLength } });
  if (input.relatedId !== undefined && relation === 'acknowledges') {
    work.events.push({ messageId: input.relatedId, type: 'acknowledgement-generated', data: { ackMessageId: id, messageTypes: e.messageTypes ?? [] } });
  }
  const deliveries = await insertDeliveries(work, id, null, null, input.partnerId, input.deliveries ?? []);
  return { message: toMessageSummary(row, now), deliveries };
}

export async function matchAcknowledgement(ctx: Ctx, input: { ackMessageId: string; partnerId: string; controlRef: string }): Promise<string | null> {
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const out = await tx.get(
      `SELECT id, ack_state FROM messages WHERE direction = 'outbound' AND partner_id = ? AND control_ref = ? ORDER BY id DESC LIMIT 1${ctx.db.dialect.forUpdate}`,
      [input.partnerId, input.controlRef],
    );
    if (out === undefined) return null;
    const outId = String(out['id']);
    const linked = await tx.run(`UPDATE messages SET related_id = ?, relation = 'acknowledges' WHERE id = ? AND direction = 'inbound'`, [outId, input.ackMessageId]);
    if (linked === 0) return null;
    const state = out['ack_state'];
    if (state === 'awaited' || state === 'overdue') {
      await tx.run(`UPDATE messages SET ack_state = 'received', ack_received_at = ? WHERE id = ?`, [new Date(now), outId]);
    }
    const events: EventRow[] = [
      { messageId: outId, type: 'acknowledgement-received', data: { ackMessageId: input.ackMessageId, late: state === 'overdue' } },
      { messageId: input.ackMessageId, type: 'acknowledgement-matched', data: { messageId: outId } },
    ];
    await insertEvents(tx, ctx, now, events);
    return outId;
  });
}

export async function flagOverdueAcks(ctx: Ctx): Promise<string[]> {
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const rows = await tx.all(
      `UPDATE messages SET ack_state = 'overdue' WHERE ack_state = 'awaited' AND ack_due_at < ? RETURNING id, ack_due_at`,
      [new Date(now)],
    );
    const ids = rows.map((r) => String(r['id'])).sort();
    await insertEvents(tx, ctx, now, ids.map((id) => ({ messageId: id, type: 'acknowledgement-overdue' })));
    return ids;
  });
}
