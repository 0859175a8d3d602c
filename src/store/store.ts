import type { Issue } from '../errors/issue.js';
import type {
  AuditEvent, Channel, DeliveryChannel, DeliverySummary, DocumentFunction, DocumentSummary,
  DocumentType, EnvelopeSummary, FinalStatus, Format, MessageStatus, MessageSummary, Page, Payload, Reference,
  ReferenceTimeline, Relation, StoredDelivery, StoredDocument, StoredMessage, Viewer,
} from './types.js';

/**
 * The gateway's source of truth. Two adapters implement it with the same SQL and the same
 * conformance suite: SQLite (embedded default) and PostgreSQL (`DATABASE_URL`). Every write is a
 * committed transaction when its promise resolves; every query takes the viewer and returns only
 * what that viewer may see (a partner asking for something it may not see gets `null`, as if it
 * did not exist).
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';

  /**
   * Stores an inbound message and its first audit event durably before resolving. Concurrent calls
   * are group-committed; a repeated Idempotency-Key answers `replay`, a repeated interchange control
   * reference (same partner and UNB sender) within the duplicate window is stored as `duplicate`.
   */
  receive(input: ReceiveInput): Promise<ReceiveResult>;
  /** Keeps the answer given for an Idempotency-Key, so a repeat gets it again (`replay.answer`). */
  recordAnswer(input: { partnerId: string; idempotencyKey: string; answer: unknown }): Promise<void>;

  getMessage(id: string, viewer: Viewer): Promise<StoredMessage | null>;
  getPayload(id: string, viewer: Viewer): Promise<Payload | null>;
  searchMessages(query: MessageQuery, viewer: Viewer): Promise<Page<MessageSummary>>;
  /** The message's audit events the viewer may see, oldest first; null when it may see none of the message. */
  timeline(messageId: string, viewer: Viewer): Promise<AuditEvent[] | null>;
  appendEvent(input: NewEvent): Promise<void>;

  /** `received` → `processing`, with the payload; null when the message is final (nothing left to do). */
  claimMessage(id: string): Promise<ClaimedMessage | null>;
  /**
   * The message with its payload while it still needs processing (`received` or `processing`), read
   * without writing anything; null when it is final or unknown. The ingest worker uses this instead
   * of `claimMessage` and passes `processingStartedAt` to `completeMessage`, so processing a message
   * costs one write transaction, not two.
   */
  openForProcessing(id: string): Promise<ClaimedMessage | null>;
  /**
   * Records everything processing produced in one transaction: final status, findings, documents
   * (with supersede / withdraw), references, deliveries and generated acknowledgements. Runs once:
   * a repeat (a job redone after a crash) changes nothing and returns what the first one stored.
   */
  completeMessage(id: string, result: CompleteInput): Promise<CompleteOutcome>;
  /** Stores an interchange the gateway produced outside `completeMessage` (e.g. a later APERAK). */
  createOutbound(input: NewOutbound): Promise<OutboundCreated>;
  /**
   * Links an inbound acknowledgement to the outbound interchange it acknowledges (same partner,
   * control reference). Returns the outbound message id, or null when none matches.
   */
  matchAcknowledgement(input: { ackMessageId: string; partnerId: string; controlRef: string }): Promise<string | null>;
  /** Marks awaited acknowledgements past their deadline as overdue (once each) and returns those message ids. */
  flagOverdueAcks(): Promise<string[]>;

  getDocument(id: string, viewer: Viewer): Promise<StoredDocument | null>;
  listDocuments(messageId: string, viewer: Viewer): Promise<DocumentSummary[]>;
  referenceTimeline(reference: Reference, viewer: Viewer, options?: { limit?: number }): Promise<ReferenceTimeline>;
  containerTimeline(containerNumber: string, viewer: Viewer): Promise<ReferenceTimeline>;
  billTimeline(billOfLadingNumber: string, viewer: Viewer): Promise<ReferenceTimeline>;

  getDelivery(id: string, viewer: Viewer): Promise<StoredDelivery | null>;
  getDeliveryPayload(id: string, viewer: Viewer): Promise<Payload | null>;
  listDeliveries(messageId: string, viewer: Viewer): Promise<DeliverySummary[]>;
  /** Stores the rendered payload of a delivery created without one. */
  renderDelivery(input: { id: string; payload: Uint8Array; contentType: string }): Promise<DeliverySummary | null>;
  /** The partner's rendered, unacknowledged deliveries (pending and leased), oldest first. */
  listMailbox(query: MailboxQuery): Promise<Page<DeliverySummary>>;
  /** Atomically leases up to `limit` available deliveries; no delivery is ever leased to two holders at once. */
  lease(input: LeaseInput): Promise<DeliverySummary[]>;
  /** Acknowledges a delivery; only its destination partner may. */
  ackDelivery(input: { id: string; partnerId: string }): Promise<AckDeliveryResult>;
  /** Records one push attempt; null when the delivery no longer wants sending (withdrawn, acknowledged, unknown). */
  recordAttempt(input: AttemptInput): Promise<DeliverySummary | null>;
  listDeadLetters(query: { cursor?: string; limit?: number }, viewer: Viewer): Promise<Page<DeliverySummary>>;
  /** A dead or failed delivery back to `pending` (the caller enqueues it again); null if not replayable. */
  replayDelivery(id: string, viewer: Viewer): Promise<DeliverySummary | null>;

  /** Next value of a durable counter shared by all processes (starts at 1, never repeats). */
  nextValue(name: string): Promise<number>;

  /** Recovery sweep: messages still `received` or `processing` whose status is older than `olderThanMs`. */
  listStaleMessages(query: { olderThanMs: number; cursor?: string; limit?: number }): Promise<Page<StaleMessage>>;
  /** Recovery sweep: deliveries `pending` or `failed` (retryable), optionally of some channels only. */
  listOpenDeliveries(query: { channels?: readonly DeliveryChannel[]; cursor?: string; limit?: number }): Promise<Page<DeliverySummary>>;
  /** Returns expired leases to `pending` (with an event each); returns how many. */
  releaseExpiredLeases(): Promise<number>;

  /**
   * The retention purge (core/retention.ts): removes the payloads of finished messages received
   * before `before`, and of their deliveries that are done, keeping every row, document, reference
   * and event; records a `payload-purged` event per message. `dryRun` counts without changing anything.
   */
  purgePayloads(input: PurgeInput): Promise<PurgeResult>;

  /** Resolves when the database answers a query (for /readyz); rejects otherwise. */
  ping(): Promise<void>;

  /** Finishes pending group commits, then closes the connections. */
  close(): Promise<void>;
}

export interface ReceiveInput {
  readonly partnerId: string;
  readonly channel: Channel;
  readonly format: Format;
  readonly contentType: string;
  readonly payload: Uint8Array;
  readonly envelope?: EnvelopeSummary;
  readonly idempotencyKey?: string;
  /** Extra facts for the `received` event (remote address, file name); never payload or secrets. */
  readonly eventData?: Record<string, unknown>;
}

export type ReceiveResult =
  | { readonly outcome: 'accepted'; readonly message: MessageSummary }
  | { readonly outcome: 'duplicate'; readonly message: MessageSummary; readonly originalId: string }
  | {
      readonly outcome: 'replay';
      readonly messageId: string;
      /** What `recordAnswer` kept for the key; null if the first request has not been answered yet. */
      readonly answer: unknown;
      /** False when the repeat carries another payload than the first request (a misused key). */
      readonly samePayload: boolean;
    };

export interface MessageQuery {
  readonly partnerId?: string;
  readonly direction?: 'inbound' | 'outbound';
  readonly status?: MessageStatus | readonly MessageStatus[];
  /** UNH message type, e.g. CODECO. */
  readonly messageType?: string;
  readonly documentType?: DocumentType;
  readonly reference?: { readonly kind?: string; readonly value: string };
  readonly containerNumber?: string;
  /** Received at or after (ISO 8601 or Date). */
  readonly from?: string | Date;
  /** Received before (ISO 8601 or Date). */
  readonly to?: string | Date;
  readonly cursor?: string;
  /** Default 50, at most 500. */
  readonly limit?: number;
}

export interface NewEvent {
  readonly messageId: string;
  readonly deliveryId?: string;
  readonly type: string;
  readonly data?: Record<string, unknown>;
}

export interface ClaimedMessage {
  readonly message: StoredMessage;
  readonly payload: Buffer;
}

export interface NewReference {
  readonly kind: string;
  readonly value: string;
}

export interface NewDelivery {
  readonly destinationId: string;
  /** The destination's format, e.g. `edifact:D95B`, `mt1101`, `json`. */
  readonly format: string;
  readonly channel: DeliveryChannel;
  /** Rendered now, or later with `renderDelivery`; mailboxes list only rendered deliveries. */
  readonly payload?: Uint8Array;
  readonly contentType?: string;
  readonly test?: boolean;
}

export interface NewDocument {
  readonly type: DocumentType;
  readonly function: DocumentFunction;
  /** What a replace or cancel is matched on (B/L number, release number); same type and sender. */
  readonly businessKey?: string;
  readonly body: unknown;
  /** `body` as JSON text when the caller has it already (it rendered the same JSON for a delivery); else the store writes it. */
  readonly bodyJson?: string;
  readonly references?: readonly NewReference[];
  readonly deliveries?: readonly NewDelivery[];
}

export interface NewOutbound {
  /** The addressee. */
  readonly partnerId: string;
  readonly format: Format;
  readonly contentType: string;
  readonly payload: Uint8Array;
  readonly envelope?: EnvelopeSummary;
  /** The message this one acknowledges or was derived from. */
  readonly relatedId?: string;
  readonly relation?: Relation;
  /** Await the partner's acknowledgement until then (ISO 8601 or Date). */
  readonly awaitAckUntil?: string | Date;
  readonly deliveries?: readonly NewDelivery[];
}

export interface OutboundCreated {
  readonly message: MessageSummary;
  readonly deliveries: readonly DeliverySummary[];
}

export interface CompleteInput {
  readonly status: FinalStatus;
  readonly findings?: readonly Issue[];
  /** The envelope as the parser read it; replaces the edge's summary. */
  readonly envelope?: EnvelopeSummary;
  /** References found in the message as a whole (also kept for rejected messages). */
  readonly references?: readonly NewReference[];
  readonly documents?: readonly NewDocument[];
  /** Deliveries of the message itself rather than of a document (pass-through routing). */
  readonly deliveries?: readonly NewDelivery[];
  /** Acknowledgements generated for this message (CONTRL, APERAK, customs receipt). */
  readonly outbound?: readonly NewOutbound[];
  readonly eventData?: Record<string, unknown>;
  /**
   * When processing began, for a message read with `openForProcessing` (not claimed): the
   * `processing` event is written with that time in the completion's transaction.
   */
  readonly processingStartedAt?: string | Date | number;
}

export interface CompleteOutcome {
  /** False when the message was already final: nothing was written, the rest shows what exists. */
  readonly completed: boolean;
  readonly status: MessageStatus;
  readonly documents: readonly DocumentSummary[];
  /** Every delivery of the message, its documents and its generated acknowledgements. */
  readonly deliveries: readonly DeliverySummary[];
  /** Deliveries of superseded or cancelled documents withdrawn by this completion. */
  readonly withdrawn: readonly string[];
  readonly outbound: readonly string[];
}

export interface MailboxQuery {
  readonly partnerId: string;
  readonly documentType?: DocumentType;
  readonly channels?: readonly DeliveryChannel[];
  readonly cursor?: string;
  readonly limit?: number;
}

export interface LeaseInput {
  readonly partnerId: string;
  /** Who holds the lease (poller or SFTP session id); recorded in the event. */
  readonly holder: string;
  readonly leaseMs: number;
  readonly limit?: number;
  readonly documentType?: DocumentType;
  readonly channels?: readonly DeliveryChannel[];
  /** Lease this one delivery only (if available). */
  readonly id?: string;
}

export type AckDeliveryResult = 'acknowledged' | 'already-acknowledged' | 'withdrawn' | 'not-found' | 'not-ackable';

export interface AttemptInput {
  readonly id: string;
  /** `failed`: the queue will retry; `dead`: no retries left. */
  readonly outcome: 'delivered' | 'failed' | 'dead';
  readonly error?: string;
  readonly statusCode?: number;
  readonly durationMs?: number;
}

export interface StaleMessage {
  readonly id: string;
  readonly status: MessageStatus;
  readonly statusAt: string;
}

export interface PurgeInput {
  /** Payloads of messages received before this moment go. */
  readonly before: Date;
  readonly dryRun?: boolean;
}

export interface PurgeResult {
  /** Messages whose payload was removed (or, in a dry run, would be). */
  readonly messages: number;
  /** Delivery payloads removed with them. */
  readonly deliveries: number;
  /** The messages' payload bytes removed. */
  readonly bytes: number;
  readonly dryRun: boolean;
}
