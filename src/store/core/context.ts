import type { IdGenerator } from '../ids.js';
import type { Viewer } from '../types.js';
import { InsertShape, insertRows, type Database, type Param, type Sql } from './db.js';
import { toJson } from './rows.js';

/** What every store operation needs: the database, the clock (injectable, so tests never sleep) and ids. */
export interface Ctx {
  readonly db: Database;
  readonly now: () => number;
  readonly newId: IdGenerator;
  readonly duplicateWindowMs: number;
}

export interface EventRow {
  readonly messageId: string;
  readonly deliveryId?: string | null;
  readonly type: string;
  readonly data?: Record<string, unknown>;
  /** When it happened, if not at the time given to `insertEvents` (epoch milliseconds). */
  readonly at?: number;
}

const INSERT_EVENTS = new InsertShape('INSERT INTO events (message_id, delivery_id, at, type, data)', 5);

/** Appends audit events (never updated or deleted: triggers refuse it) in the caller's transaction, in the order given. */
export async function insertEvents(tx: Sql, ctx: Ctx, at: number, events: readonly EventRow[]): Promise<void> {
  if (events.length === 0) return;
  const when = new Date(at);
  await insertRows(
    tx,
    ctx.db.dialect,
    INSERT_EVENTS,
    events.map((e) => [e.messageId, e.deliveryId ?? null, e.at === undefined ? when : new Date(e.at), e.type, toJson(e.data ?? {})]),
  );
}

/**
 * Visibility as SQL. A partner sees the messages whose counterparty it is; the documents of those
 * messages and the documents delivered to it; the deliveries routed to it and those made from its
 * own messages; and the events of its messages plus those of its deliveries. The returned fragment
 * is ANDed into a WHERE clause.
 */
export interface Clause {
  readonly sql: string;
  readonly params: Param[];
}

const ALL: Clause = { sql: '1 = 1', params: [] };

export function messageVisible(viewer: Viewer, m: string): Clause {
  if (viewer.role === 'admin') return ALL;
  return { sql: `${m}.partner_id = ?`, params: [viewer.partnerId] };
}

export function documentVisible(viewer: Viewer, d: string): Clause {
  if (viewer.role === 'admin') return ALL;
  return {
    sql: `(${d}.partner_id = ? OR EXISTS (SELECT 1 FROM deliveries vx WHERE vx.document_id = ${d}.id AND vx.destination_id = ?))`,
    params: [viewer.partnerId, viewer.partnerId],
  };
}

export function deliveryVisible(viewer: Viewer, x: string): Clause {
  if (viewer.role === 'admin') return ALL;
  return { sql: `(${x}.destination_id = ? OR ${x}.source_partner_id = ?)`, params: [viewer.partnerId, viewer.partnerId] };
}

export function eventVisible(viewer: Viewer, e: string): Clause {
  if (viewer.role === 'admin') return ALL;
  return {
    sql: `(EXISTS (SELECT 1 FROM messages vm WHERE vm.id = ${e}.message_id AND vm.partner_id = ?)`
      + ` OR EXISTS (SELECT 1 FROM deliveries vx WHERE vx.id = ${e}.delivery_id AND vx.destination_id = ?))`,
    params: [viewer.partnerId, viewer.partnerId],
  };
}

/** Clamps a page size: default 50, at most 500. */
export function pageLimit(limit: number | undefined, fallback = 50): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.max(1, Math.min(500, Math.floor(limit)));
}
