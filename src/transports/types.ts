/**
 * One interface for every way a delivery leaves the gateway (webhook, mailbox, SFTP outbox, remote
 * SFTP, drop folder) and every way files are collected from a partner's side. The deliver worker
 * only calls `send`; it owns retries (BullMQ attempts and backoff), so a transport never retries on
 * its own and reports each failure once, as transient (try again later) or not.
 *
 * Every transport passes the conformance suite in test/transports/conformance.ts.
 */
import type { ChannelConfig, Partner } from '../config/types.js';
import type { ErrorCode } from '../errors/codes.js';
import type { DeliveryChannel, DeliverySummary, DocumentType } from '../store/types.js';

/** A rendered delivery, ready to leave. `id` is stable for its whole life: receivers deduplicate on it. */
export interface OutgoingDelivery {
  readonly id: string;
  readonly messageId: string;
  readonly documentId: string | null;
  readonly documentType: DocumentType | null;
  readonly destination: Partner;
  /** Name of the destination's channel, and its configuration. */
  readonly channelName: string;
  readonly channel: ChannelConfig;
  /** `json`, `CODECO:D95B`, `MT1101`, `CONTRL`. */
  readonly format: string;
  readonly contentType: string;
  readonly payload: Buffer;
  readonly test: boolean;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

export type SendResult =
  /** The destination has it (webhook 2xx, file renamed into place). */
  | { readonly outcome: 'delivered'; readonly statusCode?: number; readonly detail?: string }
  /** Kept for the partner to collect (mailbox, SFTP outbox): acknowledged later by the partner. */
  | { readonly outcome: 'held' };

export interface PollRequest {
  readonly partnerId: string;
  /** Who takes the lease (poll id, SFTP session), recorded in the audit trail. */
  readonly holder: string;
  readonly leaseMs: number;
  readonly limit?: number;
  readonly documentType?: DocumentType;
  /** Long polling: wait up to this long for something to arrive when nothing is waiting. */
  readonly waitMs?: number;
  readonly signal?: AbortSignal;
}

export interface PollResult {
  /** Deliveries waiting for the partner, now leased to the poller (pull channels). */
  readonly deliveries: readonly DeliverySummary[];
  /** Messages collected from the partner's side and ingested (remote SFTP, folders). */
  readonly ingested: readonly string[];
}

export interface Transport {
  /** The store channel this transport serves. */
  readonly channel: DeliveryChannel;
  /** Opens connections, servers or timers; safe to call once before any send. */
  start(): Promise<void>;
  /** Stops taking work and waits for what is in flight; safe to call twice. */
  stop(): Promise<void>;
  /** One attempt. Resolves when the destination has the delivery; rejects with a TransportError. */
  send(delivery: OutgoingDelivery): Promise<SendResult>;
  /** Collects what waits on the far side of the channel (absent: the channel only pushes). */
  poll?(request: PollRequest): Promise<PollResult>;
}

/**
 * A failed attempt. `transient` failures (network, timeouts, HTTP 408, 429, 5xx) are retried by the
 * queue with backoff; the others (HTTP 4xx, a destination that can never take this delivery) make
 * it a dead letter at once.
 */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly code: ErrorCode;
  readonly transient: boolean;
  readonly statusCode: number | undefined;

  constructor(message: string, options: { transient: boolean; statusCode?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.transient = options.transient;
    this.code = options.transient ? 'GW_ERR_DELIVERY_TRANSIENT' : 'GW_ERR_DELIVERY_REFUSED';
    this.statusCode = options.statusCode;
  }
}

/** Matches by name too: errors may cross process boundaries serialized (BullMQ's advice). */
export function isTransportError(err: unknown): err is TransportError {
  return err instanceof TransportError || (typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'TransportError');
}

/** Transports by the channel they serve; the deliver stage picks one per delivery. */
export type TransportSet = ReadonlyMap<DeliveryChannel, Transport>;
