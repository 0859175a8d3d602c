import type { AckDeliveryResult, AttemptInput, LeaseInput, MailboxQuery } from '../store.js';
import type { DeliveryAttempt, DeliveryChannel, DeliverySummary, Page, Payload, StoredDelivery, Viewer } from '../types.js';
import { deliveryVisible, insertEvents, pageLimit, type Ctx } from './context.js';
import { placeholders, type Param, type Row } from './db.js';
import { DELIVERY_COLUMNS, iso, parseJson, prefixed, toDeliverySummary } from './rows.js';

/**
 * Deliveries: mailbox listing and leasing, acknowledgements, push attempts, dead letters. A lease
 * past its expiry counts as pending everywhere (the next lease takes it over); `releaseExpiredLeases`
 * also writes that back, so the audit trail shows it.
 */

/** Exactly the partial index predicate of `deliveries_open_by_destination`, so both databases use it. */
const OPEN = `status IN ('pending', 'leased')`;

export function toPage<T extends { id: string }>(rows: readonly T[], limit: number): Page<T> {
  if (rows.length <= limit) return { items: rows, next: null };
  const items = rows.slice(0, limit);
  return { items, next: items[items.length - 1].id };
}

function channelFilter(channels: readonly DeliveryChannel[] | undefined, where: string[], params: Param[]): void {
  if (channels === undefined || channels.length === 0) return;
  where.push(`channel IN (${placeholders(channels.length)})`);
  params.push(...channels);
}

export async function getDelivery(ctx: Ctx, id: string, viewer: Viewer): Promise<StoredDelivery | null> {
  const vis = deliveryVisible(viewer, 'x');
  const row = await ctx.db.read.get(`SELECT ${prefixed(DELIVERY_COLUMNS, 'x')} FROM deliveries x WHERE x.id = ? AND ${vis.sql}`, [id, ...vis.params]);
  if (row === undefined) return null;
  const attempts = await ctx.db.read.all(`SELECT at, data FROM events WHERE delivery_id = ? AND type = 'delivery-attempt' ORDER BY id`, [id]);
  const attemptLog = attempts.map((a): DeliveryAttempt => ({ ...(parseJson(a['data']) as Omit<DeliveryAttempt, 'at'>), at: iso(a['at']) }));
  return { ...toDeliverySummary(row, ctx.now()), attemptLog };
}

export async function getDeliveryPayload(ctx: Ctx, id: string, viewer: Viewer): Promise<Payload | null> {
  const vis = deliveryVisible(viewer, 'x');
  const row = await ctx.db.read.get(`SELECT x.payload, x.content_type FROM deliveries x WHERE x.id = ? AND x.payload IS NOT NULL AND ${vis.sql}`, [id, ...vis.params]);
  if (row === undefined) return null;
  return { bytes: row['payload'] as Buffer, contentType: typeof row['content_type'] === 'string' ? row['content_type'] : 'application/octet-stream' };
}

export async function listDeliveries(ctx: Ctx, messageId: string, viewer: Viewer): Promise<DeliverySummary[]> {
  const vis = deliveryVisible(viewer, 'x');
  const rows = await ctx.db.read.all(
    `SELECT ${prefixed(DELIVERY_COLUMNS, 'x')} FROM deliveries x WHERE x.message_id = ? AND ${vis.sql} ORDER BY x.id`,
    [messageId, ...vis.params],
  );
  const now = ctx.now();
  return rows.map((r) => toDeliverySummary(r, now));
}

export async function renderDelivery(ctx: Ctx, input: { id: string; payload: Uint8Array; contentType: string }): Promise<DeliverySummary | null> {
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const payload = Buffer.from(input.payload.buffer, input.payload.byteOffset, input.payload.byteLength);
    const row = await tx.get(
      `UPDATE deliveries SET payload = ?, size = ?, content_type = ? WHERE id = ? AND status NOT IN ('acknowledged', 'withdrawn')`
        + ` RETURNING ${DELIVERY_COLUMNS}, message_id`,
      [payload, payload.byteLength, input.contentType, input.id],
    );
    if (row === undefined) return null;
    await insertEvents(tx, ctx, now, [{ messageId: String(row['message_id']), deliveryId: input.id, type: 'delivery-rendered', data: { size: payload.byteLength, contentType: input.contentType } }]);
    return toDeliverySummary(row, now);
  });
}

export async function listMailbox(ctx: Ctx, query: MailboxQuery): Promise<Page<DeliverySummary>> {
  const limit = pageLimit(query.limit);
  const where = ['destination_id = ?', OPEN, 'size IS NOT NULL'];
  const params: Param[] = [query.partnerId];
  if (query.documentType !== undefined) {
    where.push('document_type = ?');
    params.push(query.documentType);
  }
  channelFilter(query.channels, where, params);
  if (query.cursor !== undefined) {
    where.push('id > ?');
    params.push(query.cursor);
  }
  const rows = await ctx.db.read.all(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`, [...params, limit + 1]);
  const now = ctx.now();
  return toPage(rows.map((r) => toDeliverySummary(r, now)), limit);
}

export async function lease(ctx: Ctx, input: LeaseInput): Promise<DeliverySummary[]> {
  if (!(input.leaseMs > 0)) throw new RangeError('leaseMs must be positive');
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const where = ['destination_id = ?', OPEN, '(status = ? OR lease_expires_at <= ?)', 'size IS NOT NULL'];
    const params: Param[] = [input.partnerId, 'pending', new Date(now)];
    if (input.id !== undefined) {
      where.push('id = ?');
      params.push(input.id);
    }
    if (input.documentType !== undefined) {
      where.push('document_type = ?');
      params.push(input.documentType);
    }
    channelFilter(input.channels, where, params);
    const limit = pageLimit(input.limit, 10);
    // PostgreSQL: SKIP LOCKED lets a concurrent poller take the next rows instead of waiting for
    // these; SQLite: the write transaction already runs alone.
    const picked = await tx.all(`SELECT id FROM deliveries WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?${ctx.db.dialect.skipLocked}`, [...params, limit]);
    if (picked.length === 0) return [];
    const ids = picked.map((p) => String(p['id']));
    const until = new Date(now + input.leaseMs);
    const rows = await tx.all(
      `UPDATE deliveries SET status = 'leased', status_at = ?, lease_holder = ?, lease_expires_at = ? WHERE id IN (${placeholders(ids.length)})`
        + ` AND (status = 'pending' OR (status = 'leased' AND lease_expires_at <= ?)) RETURNING ${DELIVERY_COLUMNS}`,
      [new Date(now), input.holder, until, ...ids, new Date(now)],
    );
    rows.sort((a, b) => (String(a['id']) < String(b['id']) ? -1 : 1));
    await insertEvents(tx, ctx, now, rows.map((r) => ({
      messageId: String(r['message_id']),
      deliveryId: String(r['id']),
      type: 'delivery-leased',
      data: { holder: input.holder, until: until.toISOString() },
    })));
    return rows.map((r) => toDeliverySummary(r, now));
  });
}

export async function ackDelivery(ctx: Ctx, input: { id: string; partnerId: string }): Promise<AckDeliveryResult> {
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const row = await tx.get(
      `UPDATE deliveries SET status = 'acknowledged', status_at = ?, lease_holder = NULL, lease_expires_at = NULL`
        + ` WHERE id = ? AND destination_id = ? AND status IN ('pending', 'leased', 'delivered') RETURNING message_id`,
      [new Date(now), input.id, input.partnerId],
    );
    if (row !== undefined) {
      await insertEvents(tx, ctx, now, [{ messageId: String(row['message_id']), deliveryId: input.id, type: 'delivery-acknowledged', data: { by: input.partnerId } }]);
      return 'acknowledged';
    }
    const current = await tx.get('SELECT status FROM deliveries WHERE id = ? AND destination_id = ?', [input.id, input.partnerId]);
    if (current === undefined) return 'not-found';
    if (current['status'] === 'acknowledged') return 'already-acknowledged';
    if (current['status'] === 'withdrawn') return 'withdrawn';
    return 'not-ackable';
  });
}

export async function recordAttempt(ctx: Ctx, input: AttemptInput): Promise<DeliverySummary | null> {
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const row = await tx.get(
      `UPDATE deliveries SET attempts = attempts + 1, status = ?, status_at = ?, last_error = ?`
        + ` WHERE id = ? AND status IN ('pending', 'leased', 'failed') RETURNING ${DELIVERY_COLUMNS}`,
      [input.outcome, new Date(now), input.outcome === 'delivered' ? null : (input.error ?? null), input.id],
    );
    if (row === undefined) return null;
    const data: Record<string, unknown> = { attempt: Number(row['attempts']), outcome: input.outcome };
    if (input.error !== undefined) data['error'] = input.error;
    if (input.statusCode !== undefined) data['statusCode'] = input.statusCode;
    if (input.durationMs !== undefined) data['durationMs'] = input.durationMs;
    await insertEvents(tx, ctx, now, [{ messageId: String(row['message_id']), deliveryId: input.id, type: 'delivery-attempt', data }]);
    return toDeliverySummary(row, now);
  });
}

export async function listDeadLetters(ctx: Ctx, query: { cursor?: string; limit?: number }, viewer: Viewer): Promise<Page<DeliverySummary>> {
  const limit = pageLimit(query.limit);
  const vis = deliveryVisible(viewer, 'x');
  const params: Param[] = [...vis.params];
  let cursor = '';
  if (query.cursor !== undefined) {
    cursor = ' AND x.id < ?';
    params.push(query.cursor);
  }
  const rows = await ctx.db.read.all(
    `SELECT ${prefixed(DELIVERY_COLUMNS, 'x')} FROM deliveries x WHERE x.status = 'dead' AND ${vis.sql}${cursor} ORDER BY x.id DESC LIMIT ?`,
    [...params, limit + 1],
  );
  const now = ctx.now();
  return toPage(rows.map((r) => toDeliverySummary(r, now)), limit);
}

export async function replayDelivery(ctx: Ctx, id: string, viewer: Viewer): Promise<DeliverySummary | null> {
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const vis = deliveryVisible(viewer, 'deliveries');
    const row = await tx.get(
      `UPDATE deliveries SET status = 'pending', status_at = ?, last_error = NULL WHERE id = ? AND status IN ('dead', 'failed') AND ${vis.sql}`
        + ` RETURNING ${DELIVERY_COLUMNS}`,
      [new Date(now), id, ...vis.params],
    );
    if (row === undefined) return null;
    await insertEvents(tx, ctx, now, [{ messageId: String(row['message_id']), deliveryId: id, type: 'delivery-replayed', data: { by: viewer.role === 'admin' ? 'admin' : viewer.partnerId } }]);
    return toDeliverySummary(row, now);
  });
}

export async function listOpenDeliveries(
  ctx: Ctx,
  query: { channels?: readonly DeliveryChannel[]; cursor?: string; limit?: number },
): Promise<Page<DeliverySummary>> {
  const limit = pageLimit(query.limit, 500);
  const where = [`status IN ('pending', 'failed')`];
  const params: Param[] = [];
  channelFilter(query.channels, where, params);
  if (query.cursor !== undefined) {
    where.push('id > ?');
    params.push(query.cursor);
  }
  const rows = await ctx.db.read.all(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`, [...params, limit + 1]);
  const now = ctx.now();
  return toPage(rows.map((r: Row) => toDeliverySummary(r, now)), limit);
}

export async function releaseExpiredLeases(ctx: Ctx): Promise<number> {
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const rows = await tx.all(
      `UPDATE deliveries SET status = 'pending', status_at = ?, lease_holder = NULL, lease_expires_at = NULL`
        + ` WHERE ${OPEN} AND status = 'leased' AND lease_expires_at <= ? RETURNING id, message_id`,
      [new Date(now), new Date(now)],
    );
    await insertEvents(tx, ctx, now, rows.map((r) => ({ messageId: String(r['message_id']), deliveryId: String(r['id']), type: 'delivery-lease-expired' })));
    return rows.length;
  });
}
