/**
 * The retention purge: payload bytes older than the retention period are removed, the record of
 * them is not. A purged message keeps its row (envelope, status, size, SHA-256, findings), its
 * canonical documents, references, deliveries and every audit event, so tracking, timelines,
 * searches and the duplicate check work as before; only `/raw` has nothing left to return, and says
 * so (410). The purge is an event of its own in the message's audit trail.
 *
 * What is purged: messages received before the cut-off that are finished (no status still to
 * change) and have no delivery still to go (pending, leased, or failed and waiting for a retry),
 * together with the rendered payloads of their deliveries that are done (delivered, acknowledged,
 * withdrawn). A dead letter keeps its payload until it is replayed and delivered or acknowledged,
 * since an operator may still look at it.
 */
import { idFloor } from '../ids.js';
import type { PurgeInput, PurgeResult } from '../store.js';
import { insertEvents, type Ctx, type EventRow } from './context.js';
import { placeholders, type Param, type Row, type Sql } from './db.js';

/** Messages whose status no longer changes. */
const FINISHED = `('processed', 'rejected', 'unrouted', 'failed', 'duplicate', 'generated')`;
/** Deliveries still to go: their message stays whole until they are done. */
const OPEN = `('pending', 'leased', 'failed')`;
/** Deliveries whose payload nobody needs any more. */
const DONE = `('delivered', 'acknowledged', 'withdrawn')`;

/** Messages per page and per write transaction: the writer is held briefly, whatever the backlog. */
const BATCH = 500;

export async function purgePayloads(ctx: Ctx, input: PurgeInput): Promise<PurgeResult> {
  const before = input.before.getTime();
  // Ids sort by time (ids.ts): `id < idFloor(before)` makes the scan a primary-key range.
  const bound = idFloor(before);
  let messages = 0;
  let deliveries = 0;
  let bytes = 0;
  // Pages by id, chosen on the read connection: the scan passes over every message already purged
  // (their rows stay), and on SQLite a write transaction holds the one writer, so the write below
  // takes only the chosen ids and checks again that each may go (a delivery may have opened, another
  // purge may have been first). Each page picks up after the last message the previous one looked
  // at, so messages that must stay (open deliveries) are passed over, not found again and again.
  let after = '';
  for (;;) {
    const rows = await ctx.db.read.all(
      `SELECT m.id, m.size FROM messages m WHERE m.id > ? AND m.id < ? AND m.received_at < ? AND m.purged_at IS NULL`
        + ` AND m.status IN ${FINISHED}`
        + ` AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status IN ${OPEN})`
        + ` ORDER BY m.id LIMIT ?`,
      [after, bound, new Date(before), BATCH],
    );
    if (rows.length === 0) break;
    const page = input.dryRun === true ? { purged: rows, deliveries: await countDone(ctx.db.read, rows) } : await ctx.db.write(async (tx) => {
      const now = ctx.now();
      const taken = await tx.all(
        `UPDATE messages SET payload = ?, purged_at = ? WHERE id IN (${placeholders(rows.length)}) AND purged_at IS NULL`
          + ` AND status IN ${FINISHED}`
          + ` AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = messages.id AND d.status IN ${OPEN})`
          + ` RETURNING id, size`,
        [Buffer.alloc(0), new Date(now), ...rows.map((r) => String(r['id']))],
      );
      if (taken.length === 0) return { purged: taken, deliveries: 0 };
      const ids: Param[] = taken.map((r) => String(r['id']));
      const purged = await tx.all(
        `UPDATE deliveries SET payload = NULL WHERE message_id IN (${placeholders(ids.length)}) AND status IN ${DONE} AND payload IS NOT NULL RETURNING id, message_id`,
        ids,
      );
      const perMessage = new Map<string, string[]>();
      for (const d of purged) {
        const list = perMessage.get(String(d['message_id']));
        if (list) list.push(String(d['id']));
        else perMessage.set(String(d['message_id']), [String(d['id'])]);
      }
      const events: EventRow[] = taken.map((r) => ({
        messageId: String(r['id']),
        type: 'payload-purged',
        data: { before: input.before.toISOString(), size: Number(r['size']), deliveries: perMessage.get(String(r['id'])) ?? [] },
      }));
      await insertEvents(tx, ctx, now, events);
      return { purged: taken, deliveries: purged.length };
    });
    for (const r of page.purged) bytes += Number(r['size']);
    messages += page.purged.length;
    deliveries += page.deliveries;
    if (rows.length < BATCH) break;
    after = String(rows[rows.length - 1]['id']);
  }
  return { messages, deliveries, bytes, dryRun: input.dryRun === true };
}

/** For a dry run: how many of the messages' delivery payloads a purge would remove. */
async function countDone(tx: Sql, rows: readonly Row[]): Promise<number> {
  const ids = rows.map((r) => String(r['id']));
  const row = await tx.get(
    `SELECT count(*) AS n FROM deliveries WHERE message_id IN (${placeholders(ids.length)}) AND status IN ${DONE} AND payload IS NOT NULL`,
    ids,
  );
  return Number(row?.['n'] ?? 0);
}
