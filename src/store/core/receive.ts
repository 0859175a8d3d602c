import { createHash } from 'node:crypto';
import { makeIssue } from '../../errors/gateway-error.js';
import type { Settled } from '../batcher.js';
import { idTime } from '../ids.js';
import type { ReceiveInput, ReceiveResult } from '../store.js';
import type { EnvelopeSummary, MessageSummary } from '../types.js';
import { insertEvents, type Ctx, type EventRow } from './context.js';
import { InsertShape, insertRows, type Param, type Row, type Sql } from './db.js';
import { MESSAGE_COLUMN_LIST, MESSAGE_COLUMNS, parseJson, toJson, toMessageSummary } from './rows.js';

/**
 * One group-committed batch of `receive` calls, in one transaction. Idempotency keys and
 * interchange control references are claimed with INSERT … ON CONFLICT against primary keys, so
 * two processes racing on the same key cannot both win: the loser's statement waits for the
 * winner's transaction and then sees its row. Within the batch the first item with a key leads and
 * later ones follow it (a statement may not touch the same key twice).
 */

interface Item {
  readonly input: ReceiveInput;
  readonly id: string;
  readonly at: number;
  readonly sha256: string;
  readonly envelope: EnvelopeSummary;
  replay?: { messageId: string; answer: unknown; sha256: string };
  duplicateOf?: string;
}

const INSERT_MESSAGES = new InsertShape(`INSERT INTO messages (${MESSAGE_COLUMNS}, payload, findings)`, MESSAGE_COLUMN_LIST.length + 2);
const INSERT_MESSAGE_TYPES = new InsertShape('INSERT INTO message_types (message_id, message_type)', 2, ' ON CONFLICT DO NOTHING');
const INSERT_IDEMPOTENCY_KEYS = new InsertShape(
  'INSERT INTO idempotency_keys (partner_id, idem_key, message_id, sha256, created_at)', 5, ' ON CONFLICT DO NOTHING RETURNING partner_id, idem_key',
);
// A reference older than the window may be reused: the upsert then moves it to the new message.
const INSERT_INTERCHANGE_REFS = new InsertShape(
  'INSERT INTO interchange_refs (partner_id, sender_id, sender_qualifier, control_ref, message_id, received_at)',
  6,
  ' ON CONFLICT (partner_id, sender_id, sender_qualifier, control_ref) DO UPDATE'
    + ' SET message_id = excluded.message_id, received_at = excluded.received_at'
    + ' WHERE interchange_refs.received_at < ? RETURNING message_id',
);

export async function receiveBatch(tx: Sql, ctx: Ctx, inputs: readonly ReceiveInput[]): Promise<Settled<ReceiveResult>[]> {
  const now = ctx.now();
  const items: Item[] = inputs.map((input) => {
    const id = ctx.newId(now);
    return { input, id, at: idTime(id), sha256: createHash('sha256').update(input.payload).digest('hex'), envelope: input.envelope ?? {} };
  });

  await claimIdempotencyKeys(tx, ctx, items);
  const fresh = items.filter((i) => i.replay === undefined);
  await claimControlRefs(tx, ctx, fresh, now);

  const rows: Row[] = fresh.map(messageRow);
  await insertRows(tx, ctx.db.dialect, INSERT_MESSAGES, fresh.map((item, i) => {
    const params = messageParams(rows[i]);
    params.push(Buffer.from(item.input.payload.buffer, item.input.payload.byteOffset, item.input.payload.byteLength), item.duplicateOf === undefined ? '[]' : toJson(findingsOf(item)));
    return params;
  }));
  const typeRows = fresh.flatMap((i) => (i.envelope.messageTypes ?? []).map((t): Param[] => [i.id, t]));
  await insertRows(tx, ctx.db.dialect, INSERT_MESSAGE_TYPES, typeRows);

  const events: EventRow[] = [];
  for (const item of fresh) {
    events.push({
      messageId: item.id,
      type: 'received',
      data: { channel: item.input.channel, size: item.input.payload.byteLength, sha256: item.sha256, ...item.input.eventData },
    });
    if (item.duplicateOf !== undefined) events.push({ messageId: item.id, type: 'duplicate', data: { originalId: item.duplicateOf } });
  }
  await insertEvents(tx, ctx, now, events);

  const summaries = new Map<string, MessageSummary>(fresh.map((item, i) => [item.id, toMessageSummary(rows[i], now)]));
  return items.map((item): Settled<ReceiveResult> => {
    if (item.replay !== undefined) {
      return { ok: true, value: { outcome: 'replay', messageId: item.replay.messageId, answer: item.replay.answer, samePayload: item.replay.sha256 === item.sha256 } };
    }
    const message = summaries.get(item.id)!;
    if (item.duplicateOf !== undefined) return { ok: true, value: { outcome: 'duplicate', message, originalId: item.duplicateOf } };
    return { ok: true, value: { outcome: 'accepted', message } };
  });
}

async function claimIdempotencyKeys(tx: Sql, ctx: Ctx, items: Item[]): Promise<void> {
  const leaders = new Map<string, Item>();
  const followers: [Item, Item][] = [];
  for (const item of items) {
    if (item.input.idempotencyKey === undefined) continue;
    const key = `${item.input.partnerId}\u0000${item.input.idempotencyKey}`;
    const leader = leaders.get(key);
    if (leader === undefined) leaders.set(key, item);
    else followers.push([item, leader]);
  }
  if (leaders.size === 0) return;
  const ordered = [...leaders.values()].sort((a, b) => compareKeys(a.input.partnerId, a.input.idempotencyKey!, b.input.partnerId, b.input.idempotencyKey!));
  const won = await insertRows(
    tx,
    ctx.db.dialect,
    INSERT_IDEMPOTENCY_KEYS,
    ordered.map((i) => [i.input.partnerId, i.input.idempotencyKey, i.id, i.sha256, new Date(i.at)]),
  );
  const wonKeys = new Set(won.map((r) => `${String(r['partner_id'])}\u0000${String(r['idem_key'])}`));
  for (const [key, item] of leaders) {
    if (wonKeys.has(key)) continue;
    const row = await tx.get('SELECT message_id, sha256, answer FROM idempotency_keys WHERE partner_id = ? AND idem_key = ?', [item.input.partnerId, item.input.idempotencyKey]);
    if (row === undefined) throw new Error('idempotency key vanished during receive');
    const answer = parseJson(row['answer']);
    item.replay = { messageId: String(row['message_id']), answer, sha256: String(row['sha256']) };
  }
  for (const [item, leader] of followers) {
    item.replay = leader.replay ?? { messageId: leader.id, answer: null, sha256: leader.sha256 };
  }
}

async function claimControlRefs(tx: Sql, ctx: Ctx, items: Item[], now: number): Promise<void> {
  const leaders = new Map<string, Item>();
  const followers: [Item, Item][] = [];
  for (const item of items) {
    const { senderId, controlRef } = item.envelope;
    if (senderId === undefined || controlRef === undefined) continue;
    const key = [item.input.partnerId, senderId, item.envelope.senderQualifier ?? '', controlRef].join('\u0000');
    const leader = leaders.get(key);
    if (leader === undefined) leaders.set(key, item);
    else followers.push([item, leader]);
  }
  if (leaders.size === 0) return;
  const refKey = (i: Item): [string, string, string, string] => [i.input.partnerId, i.envelope.senderId!, i.envelope.senderQualifier ?? '', i.envelope.controlRef!];
  const ordered = [...leaders.values()].sort((a, b) => compareKeys(...refKey(a), ...refKey(b)));
  const won = await insertRows(
    tx,
    ctx.db.dialect,
    INSERT_INTERCHANGE_REFS,
    ordered.map((i) => [...refKey(i), i.id, new Date(i.at)]),
    [new Date(now - ctx.duplicateWindowMs)],
  );
  const wonIds = new Set(won.map((r) => String(r['message_id'])));
  for (const item of leaders.values()) {
    if (wonIds.has(item.id)) continue;
    const row = await tx.get(
      'SELECT message_id FROM interchange_refs WHERE partner_id = ? AND sender_id = ? AND sender_qualifier = ? AND control_ref = ?',
      refKey(item),
    );
    if (row === undefined) throw new Error('interchange reference vanished during receive');
    item.duplicateOf = String(row['message_id']);
  }
  for (const [item, leader] of followers) item.duplicateOf = leader.duplicateOf ?? leader.id;
}

/** The message row as the database will hold it, so the summary returned needs no extra read. */
function messageRow(item: Item): Row {
  const e = item.envelope;
  const at = new Date(item.at);
  return {
    id: item.id,
    received_at: at,
    partner_id: item.input.partnerId,
    channel: item.input.channel,
    direction: 'inbound',
    format: item.input.format,
    content_type: item.input.contentType,
    size: item.input.payload.byteLength,
    sha256: item.sha256,
    sender_id: e.senderId ?? null,
    sender_qualifier: e.senderQualifier ?? null,
    recipient_id: e.recipientId ?? null,
    recipient_qualifier: e.recipientQualifier ?? null,
    control_ref: e.controlRef ?? null,
    message_types: e.messageTypes !== undefined && e.messageTypes.length > 0 ? JSON.stringify(e.messageTypes) : null,
    test_indicator: e.testIndicator === true,
    ack_requested: e.ackRequested === true,
    status: item.duplicateOf === undefined ? 'received' : 'duplicate',
    status_at: at,
    related_id: item.duplicateOf ?? null,
    relation: item.duplicateOf === undefined ? null : 'duplicate-of',
    ack_state: null,
    ack_due_at: null,
    ack_received_at: null,
    idempotency_key: item.input.idempotencyKey ?? null,
  };
}

/** The parameters of `row` in MESSAGE_COLUMNS order. */
export function messageParams(row: Row): Param[] {
  return MESSAGE_COLUMN_LIST.map((c) => row[c] as Param);
}

function findingsOf(item: Item): unknown[] {
  if (item.duplicateOf === undefined) return [];
  const e = item.envelope;
  return [makeIssue(
    'GW_ERR_DUPLICATE_INTERCHANGE',
    `Interchange control reference ${e.controlRef ?? ''} from sender ${e.senderId ?? ''} was already received as message ${item.duplicateOf}.`,
    item.input.format === 'edifact' ? { interchangeRef: e.controlRef ?? '', segment: 1, tag: 'UNB', element: 5 } : { interchangeRef: e.controlRef ?? '' },
  )];
}

/** Locks keys in one global order, so two concurrent batches cannot deadlock on each other's keys. */
function compareKeys(...parts: string[]): number {
  const half = parts.length / 2;
  for (let i = 0; i < half; i++) {
    const a = parts[i];
    const b = parts[i + half];
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}
