import type { Issue } from '../errors/issue.js';

/**
 * The store's vocabulary. Every value set is an `as const` object so callers can name members
 * (`MessageStatus.received`) and the database holds plain strings (stable: never rename a value).
 */

/** How a message reached the gateway (inbound) or that the gateway produced it (`generated`). */
export const Channel = {
  http: 'http',
  sftp: 'sftp',
  folder: 'folder',
  remoteSftp: 'remote-sftp',
  generated: 'generated',
} as const;
export type Channel = (typeof Channel)[keyof typeof Channel];

export const Direction = { inbound: 'inbound', outbound: 'outbound' } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

/** `unknown` keeps input the edge could not classify: bad input is stored and rejected, never dropped. */
export const Format = { edifact: 'edifact', xml: 'xml', json: 'json', unknown: 'unknown' } as const;
export type Format = (typeof Format)[keyof typeof Format];

/**
 * A message's life. Inbound: `received` (durably stored, nothing else done) → `processing` (a
 * worker claimed it) → one final state. `duplicate` messages are stored for the audit trail but
 * never processed. Outbound messages (acknowledgements and other interchanges the gateway
 * produced) are `generated`; their deliveries carry the sending state.
 */
export const MessageStatus = {
  received: 'received',
  processing: 'processing',
  processed: 'processed',
  rejected: 'rejected',
  unrouted: 'unrouted',
  duplicate: 'duplicate',
  failed: 'failed',
  generated: 'generated',
} as const;
export type MessageStatus = (typeof MessageStatus)[keyof typeof MessageStatus];

/** The states `completeMessage` may set. */
export type FinalStatus = typeof MessageStatus.processed | typeof MessageStatus.rejected | typeof MessageStatus.unrouted | typeof MessageStatus.failed;

/** How `related` points from one message to another. */
export const Relation = {
  /** An acknowledgement (CONTRL, APERAK, customs receipt) points to the interchange it acknowledges. */
  acknowledges: 'acknowledges',
  /** A repeated interchange points to the first one with the same control reference. */
  duplicateOf: 'duplicate-of',
  /** An outbound interchange points to the inbound message it was produced from. */
  derivedFrom: 'derived-from',
} as const;
export type Relation = (typeof Relation)[keyof typeof Relation];

/** Whether an acknowledgement is awaited for an outbound interchange. */
export const AckState = { awaited: 'awaited', received: 'received', overdue: 'overdue' } as const;
export type AckState = (typeof AckState)[keyof typeof AckState];

export const DocumentType = {
  manifest: 'Manifest',
  billOfLading: 'BillOfLading',
  deliveryOrder: 'DeliveryOrder',
  equipmentInterchangeReceipt: 'EquipmentInterchangeReceipt',
  containerList: 'ContainerList',
  tallyReport: 'TallyReport',
  customsNotice: 'CustomsNotice',
  acknowledgement: 'Acknowledgement',
} as const;
export type DocumentType = (typeof DocumentType)[keyof typeof DocumentType];

/** BGM 1225 / XML FunctionCode, reduced to what the hub acts on. */
export const DocumentFunction = { original: 'original', replace: 'replace', cancel: 'cancel' } as const;
export type DocumentFunction = (typeof DocumentFunction)[keyof typeof DocumentFunction];

export const DocumentState = { active: 'active', superseded: 'superseded', withdrawn: 'withdrawn' } as const;
export type DocumentState = (typeof DocumentState)[keyof typeof DocumentState];

/** Reference kinds the gateway indexes; the set is open (any lower-case kebab string is accepted). */
export const ReferenceKind = {
  billOfLading: 'bill-of-lading',
  booking: 'booking',
  container: 'container',
  vesselCall: 'vessel-call',
  release: 'release',
  customsDeclaration: 'customs-declaration',
} as const;

/**
 * A delivery's life: `pending` (waiting to be sent, or in a mailbox) → `leased` (a mailbox poller
 * holds it until the lease expires) → `acknowledged` (the destination confirmed it); push channels
 * go `pending` → `delivered`, or `failed` (an attempt failed, the queue will retry) → `dead` (no
 * retries left; replayable). `withdrawn`: a replace or cancel made it obsolete before it was acknowledged.
 */
export const DeliveryStatus = {
  pending: 'pending',
  leased: 'leased',
  delivered: 'delivered',
  acknowledged: 'acknowledged',
  failed: 'failed',
  dead: 'dead',
  withdrawn: 'withdrawn',
} as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

/** `mailbox` and `sftp` (the built-in server's outbox) are pulled by the partner; the others are pushed. */
export const DeliveryChannel = {
  webhook: 'webhook',
  mailbox: 'mailbox',
  sftp: 'sftp',
  remoteSftp: 'remote-sftp',
  folder: 'folder',
} as const;
export type DeliveryChannel = (typeof DeliveryChannel)[keyof typeof DeliveryChannel];

/** Event types the store writes itself; the pipeline may append others (any string). */
export const EventType = {
  received: 'received',
  duplicate: 'duplicate',
  processing: 'processing',
  completed: 'completed',
  generated: 'generated',
  acknowledgementGenerated: 'acknowledgement-generated',
  acknowledgementMatched: 'acknowledgement-matched',
  acknowledgementReceived: 'acknowledgement-received',
  acknowledgementOverdue: 'acknowledgement-overdue',
  documentCreated: 'document-created',
  documentSuperseded: 'document-superseded',
  documentWithdrawn: 'document-withdrawn',
  deliveryCreated: 'delivery-created',
  deliveryRendered: 'delivery-rendered',
  deliveryLeased: 'delivery-leased',
  deliveryLeaseExpired: 'delivery-lease-expired',
  deliveryAttempt: 'delivery-attempt',
  deliveryAcknowledged: 'delivery-acknowledged',
  deliveryReplayed: 'delivery-replayed',
  deliveryWithdrawn: 'delivery-withdrawn',
  payloadPurged: 'payload-purged',
} as const;

/**
 * Who is asking. Partner queries return only what that partner may see: messages it sent (or that
 * the gateway addressed to it), documents from its messages or delivered to it, and deliveries
 * routed to it or made from its messages. Admins see everything.
 */
export type Viewer = { readonly role: 'admin' } | { readonly role: 'partner'; readonly partnerId: string };

export const adminViewer: Viewer = { role: 'admin' };
export function partnerViewer(partnerId: string): Viewer {
  return { role: 'partner', partnerId };
}

/** What the edge (or the parser, later) knows of the interchange envelope; every field may be absent in bad input. */
export interface EnvelopeSummary {
  readonly senderId?: string;
  readonly senderQualifier?: string;
  readonly recipientId?: string;
  readonly recipientQualifier?: string;
  /** UNB 0020 (or the XML head's message id). */
  readonly controlRef?: string;
  /** UNH 0065 (or the XML message type), in order of appearance, without repeats. */
  readonly messageTypes?: readonly string[];
  /** UNB 0035 = 1. */
  readonly testIndicator?: boolean;
  /** UNB 0031 = 1. */
  readonly ackRequested?: boolean;
}

export interface AckTracking {
  readonly state: AckState;
  readonly dueAt: string;
  readonly receivedAt: string | null;
  /** True while awaited past the deadline, and kept once flagged (an acknowledgement that came late). */
  readonly overdue: boolean;
}

/** A message without its payload and findings, as lists return it. Times are ISO 8601 UTC strings. */
export interface MessageSummary {
  readonly id: string;
  readonly receivedAt: string;
  /** The counterparty: the sender of an inbound message, the addressee of an outbound one. */
  readonly partnerId: string;
  readonly channel: Channel;
  readonly direction: Direction;
  readonly format: Format;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly envelope: EnvelopeSummary;
  readonly status: MessageStatus;
  readonly statusAt: string;
  readonly related: { readonly id: string; readonly relation: Relation } | null;
  readonly ack: AckTracking | null;
  readonly idempotencyKey: string | null;
}

export interface StoredMessage extends MessageSummary {
  readonly findings: readonly Issue[];
  /** Messages that acknowledge this one (the CONTRL/APERAK the gateway produced, or a partner's CONTRL). */
  readonly acknowledgements: readonly string[];
  /** When the retention purge removed the payload (the record stays); null while it is kept. */
  readonly purgedAt: string | null;
}

export interface Payload {
  readonly bytes: Buffer;
  readonly contentType: string;
  /** Set when the retention purge removed the bytes (`bytes` is then empty). */
  readonly purgedAt?: string;
}

export interface DocumentSummary {
  readonly id: string;
  readonly messageId: string;
  readonly createdAt: string;
  readonly type: DocumentType;
  readonly function: DocumentFunction;
  readonly businessKey: string | null;
  readonly state: DocumentState;
  /** The earlier document this replace or cancel acted on. */
  readonly supersedesId: string | null;
  /** The later replace or cancel that made this one obsolete. */
  readonly supersededById: string | null;
}

export interface StoredDocument extends DocumentSummary {
  readonly body: unknown;
}

export interface DeliverySummary {
  /** Stable for the delivery's whole life: the mailbox entry id and the header receivers deduplicate on. */
  readonly id: string;
  readonly messageId: string;
  readonly documentId: string | null;
  readonly documentType: DocumentType | null;
  readonly destinationId: string;
  readonly format: string;
  readonly channel: DeliveryChannel;
  readonly contentType: string | null;
  /** False until the payload has been rendered. */
  readonly rendered: boolean;
  readonly size: number | null;
  /** Effective status: a lease past its expiry reads as `pending`. */
  readonly status: DeliveryStatus;
  readonly statusAt: string;
  readonly createdAt: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly leaseHolder: string | null;
  readonly leaseExpiresAt: string | null;
  readonly test: boolean;
}

export interface DeliveryAttempt {
  readonly at: string;
  readonly attempt: number;
  readonly outcome: 'delivered' | 'failed' | 'dead';
  readonly error?: string;
  readonly statusCode?: number;
  readonly durationMs?: number;
}

export interface StoredDelivery extends DeliverySummary {
  readonly attemptLog: readonly DeliveryAttempt[];
}

export interface AuditEvent {
  readonly id: number;
  readonly messageId: string;
  readonly deliveryId: string | null;
  readonly at: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Reference {
  readonly kind: string;
  readonly value: string;
}

/** One page of a list; pass `next` back as `cursor` for the following page (null: no more). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

export interface ReferenceTimeline {
  readonly reference: Reference;
  readonly messages: readonly MessageSummary[];
  readonly documents: readonly DocumentSummary[];
  readonly deliveries: readonly DeliverySummary[];
  /** Every visible event about those messages and deliveries, oldest first. */
  readonly events: readonly AuditEvent[];
}
