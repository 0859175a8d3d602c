import type { Issue } from '../../errors/issue.js';
import type {
  AckState, AuditEvent, Channel, DeliveryChannel, DeliveryStatus, DeliverySummary, Direction, DocumentFunction,
  DocumentState, DocumentSummary, DocumentType, EnvelopeSummary, Format, MessageStatus, MessageSummary, Relation,
  StoredDocument,
} from '../types.js';
import type { Row } from './db.js';

/**
 * Row ↔ domain mapping, shared by both dialects. SQLite hands back times as epoch milliseconds and
 * booleans as 0/1; PostgreSQL as Date and boolean; JSON comes back as text from both (the
 * PostgreSQL adapter turns off pg's JSON parsing so a JSON string value is not parsed twice).
 */

export const MESSAGE_COLUMN_LIST: readonly string[] = [
  'id', 'received_at', 'partner_id', 'channel', 'direction', 'format', 'content_type', 'size', 'sha256',
  'sender_id', 'sender_qualifier', 'recipient_id', 'recipient_qualifier', 'control_ref', 'message_types',
  'test_indicator', 'ack_requested', 'status', 'status_at', 'related_id', 'relation', 'ack_state', 'ack_due_at',
  'ack_received_at', 'idempotency_key',
];

export const MESSAGE_COLUMNS = MESSAGE_COLUMN_LIST.join(', ');

export const DOCUMENT_COLUMNS = 'id, message_id, created_at, type, function, business_key, state, supersedes_id, superseded_by_id';

export const DELIVERY_COLUMNS = [
  'id', 'message_id', 'document_id', 'document_type', 'destination_id', 'format', 'channel', 'content_type', 'size',
  'status', 'status_at', 'created_at', 'attempts', 'last_error', 'lease_holder', 'lease_expires_at', 'test_indicator',
].join(', ');

export const EVENT_COLUMNS = 'id, message_id, delivery_id, at, type, data';

export function prefixed(columns: string, alias: string): string {
  return columns.split(', ').map((c) => `${alias}.${c}`).join(', ');
}

export function ms(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  throw new TypeError(`not a time: ${String(value)}`);
}

export function iso(value: unknown): string {
  return new Date(ms(value)).toISOString();
}

function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value);
}

function str(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`expected a string column, got ${typeof value}`);
  return value;
}

function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : str(value);
}

function bool(value: unknown): boolean {
  return value === true || value === 1;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function parseJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return JSON.parse(str(value));
}

/** JSON text for a JSON column; `undefined` (not representable) is stored as null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function toEnvelope(row: Row): EnvelopeSummary {
  const envelope: { -readonly [K in keyof EnvelopeSummary]: EnvelopeSummary[K] } = {};
  const set = (key: 'senderId' | 'senderQualifier' | 'recipientId' | 'recipientQualifier' | 'controlRef', column: string): void => {
    const v = strOrNull(row[column]);
    if (v !== null) envelope[key] = v;
  };
  set('senderId', 'sender_id');
  set('senderQualifier', 'sender_qualifier');
  set('recipientId', 'recipient_id');
  set('recipientQualifier', 'recipient_qualifier');
  set('controlRef', 'control_ref');
  const types = parseJson(row['message_types']);
  if (Array.isArray(types) && types.length > 0) envelope.messageTypes = types as string[];
  envelope.testIndicator = bool(row['test_indicator']);
  envelope.ackRequested = bool(row['ack_requested']);
  return envelope;
}

export function toMessageSummary(row: Row, now: number): MessageSummary {
  const relatedId = strOrNull(row['related_id']);
  const ackState = strOrNull(row['ack_state']) as AckState | null;
  let ack: MessageSummary['ack'] = null;
  if (ackState !== null) {
    const due = ms(row['ack_due_at']);
    const received = row['ack_received_at'] === null || row['ack_received_at'] === undefined ? null : ms(row['ack_received_at']);
    ack = {
      state: ackState,
      dueAt: iso(due),
      receivedAt: received === null ? null : iso(received),
      overdue: ackState === 'overdue' || (received === null ? now > due : received > due),
    };
  }
  return {
    id: str(row['id']),
    receivedAt: iso(row['received_at']),
    partnerId: str(row['partner_id']),
    channel: str(row['channel']) as Channel,
    direction: str(row['direction']) as Direction,
    format: str(row['format']) as Format,
    contentType: str(row['content_type']),
    size: num(row['size']),
    sha256: str(row['sha256']),
    envelope: toEnvelope(row),
    status: str(row['status']) as MessageStatus,
    statusAt: iso(row['status_at']),
    related: relatedId === null ? null : { id: relatedId, relation: str(row['relation']) as Relation },
    ack,
    idempotencyKey: strOrNull(row['idempotency_key']),
  };
}

export function toFindings(value: unknown): Issue[] {
  const parsed = parseJson(value);
  return Array.isArray(parsed) ? (parsed as Issue[]) : [];
}

export function toDocumentSummary(row: Row): DocumentSummary {
  return {
    id: str(row['id']),
    messageId: str(row['message_id']),
    createdAt: iso(row['created_at']),
    type: str(row['type']) as DocumentType,
    function: str(row['function']) as DocumentFunction,
    businessKey: strOrNull(row['business_key']),
    state: str(row['state']) as DocumentState,
    supersedesId: strOrNull(row['supersedes_id']),
    supersededById: strOrNull(row['superseded_by_id']),
  };
}

export function toStoredDocument(row: Row): StoredDocument {
  return { ...toDocumentSummary(row), body: parseJson(row['body']) };
}

export function toDeliverySummary(row: Row, now: number): DeliverySummary {
  let status = str(row['status']) as DeliveryStatus;
  const leaseExpires = row['lease_expires_at'] === null || row['lease_expires_at'] === undefined ? null : ms(row['lease_expires_at']);
  const expired = status === 'leased' && leaseExpires !== null && leaseExpires <= now;
  if (expired) status = 'pending';
  const size = row['size'] === null || row['size'] === undefined ? null : num(row['size']);
  return {
    id: str(row['id']),
    messageId: str(row['message_id']),
    documentId: strOrNull(row['document_id']),
    documentType: strOrNull(row['document_type']) as DocumentType | null,
    destinationId: str(row['destination_id']),
    format: str(row['format']),
    channel: str(row['channel']) as DeliveryChannel,
    contentType: strOrNull(row['content_type']),
    rendered: size !== null,
    size,
    status,
    statusAt: iso(row['status_at']),
    createdAt: iso(row['created_at']),
    attempts: num(row['attempts']),
    lastError: strOrNull(row['last_error']),
    leaseHolder: status === 'leased' ? strOrNull(row['lease_holder']) : null,
    leaseExpiresAt: status === 'leased' ? isoOrNull(row['lease_expires_at']) : null,
    test: bool(row['test_indicator']),
  };
}

export function toEvent(row: Row): AuditEvent {
  const data = parseJson(row['data']);
  return {
    id: num(row['id']),
    messageId: str(row['message_id']),
    deliveryId: strOrNull(row['delivery_id']),
    at: iso(row['at']),
    type: str(row['type']),
    data: data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {},
  };
}
