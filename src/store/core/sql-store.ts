import { GatewayError } from '../../errors/gateway-error.js';
import { Batcher } from '../batcher.js';
import { createIdGenerator } from '../ids.js';
import type {
  AckDeliveryResult, AttemptInput, ClaimedMessage, CompleteInput, CompleteOutcome, LeaseInput, MailboxQuery, MessageQuery,
  NewEvent, NewOutbound, OutboundCreated, PurgeInput, PurgeResult, ReceiveInput, ReceiveResult, StaleMessage, Store,
} from '../store.js';
import {
  Channel, Format, type AuditEvent, type FinalStatus, type DeliveryChannel, type DeliverySummary, type DocumentSummary, type EnvelopeSummary,
  type MessageSummary, type Page, type Payload, type Reference, type ReferenceTimeline, type StoredDelivery,
  type StoredDocument, type StoredMessage, type Viewer,
} from '../types.js';
import type { Ctx } from './context.js';
import type { Database } from './db.js';
import * as del from './deliveries.js';
import * as proc from './processing.js';
import * as q from './queries.js';
import { receiveBatch } from './receive.js';
import { purgePayloads } from './retention.js';

export interface CoreOptions {
  readonly clock?: () => number;
  /** How long an interchange control reference counts as taken; default 90 days. */
  readonly duplicateWindowMs?: number;
  readonly groupCommit?: { readonly maxBatch?: number; readonly maxDelayMs?: number; readonly maxInFlight?: number };
}

export const DEFAULT_DUPLICATE_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

const CHANNELS = new Set<string>(Object.values(Channel));
const FORMATS = new Set<string>(Object.values(Format));
const FINAL = new Set<string>(['processed', 'rejected', 'unrouted', 'failed'] satisfies FinalStatus[]);

/** The Store over a `Database`: the same code, and so the same behaviour, for both dialects. */
export class SqlStore implements Store {
  readonly dialect: 'sqlite' | 'postgres';
  private readonly ctx: Ctx;
  private readonly receiver: Batcher<ReceiveInput, ReceiveResult>;
  private closing: Promise<void> | null = null;

  constructor(db: Database, options: CoreOptions, defaults: { maxInFlight: number }) {
    this.dialect = db.dialect.name;
    this.ctx = {
      db,
      now: options.clock ?? Date.now,
      newId: createIdGenerator(),
      duplicateWindowMs: options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
    };
    this.receiver = new Batcher({
      maxBatch: options.groupCommit?.maxBatch ?? 256,
      maxDelayMs: options.groupCommit?.maxDelayMs ?? 0,
      maxInFlight: options.groupCommit?.maxInFlight ?? defaults.maxInFlight,
      execute: (items) => db.write((tx) => receiveBatch(tx, this.ctx, items)),
    });
  }

  async receive(input: ReceiveInput): Promise<ReceiveResult> {
    checkReceive(input);
    const envelope = input.envelope === undefined ? undefined : normalizeEnvelope(input.envelope);
    return this.receiver.submit(envelope === undefined ? input : { ...input, envelope });
  }

  recordAnswer(input: { partnerId: string; idempotencyKey: string; answer: unknown }): Promise<void> {
    return q.recordAnswer(this.ctx, input);
  }

  getMessage(id: string, viewer: Viewer): Promise<StoredMessage | null> {
    return q.getMessage(this.ctx, id, viewer);
  }

  getPayload(id: string, viewer: Viewer): Promise<Payload | null> {
    return q.getPayload(this.ctx, id, viewer);
  }

  searchMessages(query: MessageQuery, viewer: Viewer): Promise<Page<MessageSummary>> {
    return q.searchMessages(this.ctx, query, viewer);
  }

  timeline(messageId: string, viewer: Viewer): Promise<AuditEvent[] | null> {
    return q.timeline(this.ctx, messageId, viewer);
  }

  appendEvent(input: NewEvent): Promise<void> {
    return q.appendEvent(this.ctx, input);
  }

  claimMessage(id: string): Promise<ClaimedMessage | null> {
    return proc.claimMessage(this.ctx, id);
  }

  openForProcessing(id: string): Promise<ClaimedMessage | null> {
    return proc.openForProcessing(this.ctx, id);
  }

  async completeMessage(id: string, result: CompleteInput): Promise<CompleteOutcome> {
    if (!FINAL.has(result.status)) throw invalid(`completeMessage: ${result.status} is not a final status`);
    const envelope = result.envelope === undefined ? undefined : normalizeEnvelope(result.envelope);
    const outbound = result.outbound?.map(normalizeOutbound);
    return proc.completeMessage(this.ctx, id, { ...result, envelope, outbound });
  }

  createOutbound(input: NewOutbound): Promise<OutboundCreated> {
    return proc.createOutbound(this.ctx, normalizeOutbound(input));
  }

  matchAcknowledgement(input: { ackMessageId: string; partnerId: string; controlRef: string }): Promise<string | null> {
    return proc.matchAcknowledgement(this.ctx, input);
  }

  flagOverdueAcks(): Promise<string[]> {
    return proc.flagOverdueAcks(this.ctx);
  }

  getDocument(id: string, viewer: Viewer): Promise<StoredDocument | null> {
    return q.getDocument(this.ctx, id, viewer);
  }

  listDocuments(messageId: string, viewer: Viewer): Promise<DocumentSummary[]> {
    return q.listDocuments(this.ctx, messageId, viewer);
  }

  referenceTimeline(reference: Reference, viewer: Viewer, options: { limit?: number } = {}): Promise<ReferenceTimeline> {
    return q.referenceTimeline(this.ctx, reference, viewer, options.limit);
  }

  containerTimeline(containerNumber: string, viewer: Viewer): Promise<ReferenceTimeline> {
    return q.referenceTimeline(this.ctx, { kind: 'container', value: containerNumber }, viewer);
  }

  billTimeline(billOfLadingNumber: string, viewer: Viewer): Promise<ReferenceTimeline> {
    return q.referenceTimeline(this.ctx, { kind: 'bill-of-lading', value: billOfLadingNumber }, viewer);
  }

  getDelivery(id: string, viewer: Viewer): Promise<StoredDelivery | null> {
    return del.getDelivery(this.ctx, id, viewer);
  }

  getDeliveryPayload(id: string, viewer: Viewer): Promise<Payload | null> {
    return del.getDeliveryPayload(this.ctx, id, viewer);
  }

  listDeliveries(messageId: string, viewer: Viewer): Promise<DeliverySummary[]> {
    return del.listDeliveries(this.ctx, messageId, viewer);
  }

  renderDelivery(input: { id: string; payload: Uint8Array; contentType: string }): Promise<DeliverySummary | null> {
    return del.renderDelivery(this.ctx, input);
  }

  listMailbox(query: MailboxQuery): Promise<Page<DeliverySummary>> {
    return del.listMailbox(this.ctx, query);
  }

  lease(input: LeaseInput): Promise<DeliverySummary[]> {
    return del.lease(this.ctx, input);
  }

  ackDelivery(input: { id: string; partnerId: string }): Promise<AckDeliveryResult> {
    return del.ackDelivery(this.ctx, input);
  }

  recordAttempt(input: AttemptInput): Promise<DeliverySummary | null> {
    return del.recordAttempt(this.ctx, input);
  }

  listDeadLetters(query: { cursor?: string; limit?: number }, viewer: Viewer): Promise<Page<DeliverySummary>> {
    return del.listDeadLetters(this.ctx, query, viewer);
  }

  replayDelivery(id: string, viewer: Viewer): Promise<DeliverySummary | null> {
    return del.replayDelivery(this.ctx, id, viewer);
  }

  nextValue(name: string): Promise<number> {
    return q.nextValue(this.ctx, name);
  }

  listStaleMessages(query: { olderThanMs: number; cursor?: string; limit?: number }): Promise<Page<StaleMessage>> {
    return q.listStaleMessages(this.ctx, query);
  }

  listOpenDeliveries(query: { channels?: readonly DeliveryChannel[]; cursor?: string; limit?: number }): Promise<Page<DeliverySummary>> {
    return del.listOpenDeliveries(this.ctx, query);
  }

  releaseExpiredLeases(): Promise<number> {
    return del.releaseExpiredLeases(this.ctx);
  }

  purgePayloads(input: PurgeInput): Promise<PurgeResult> {
    return purgePayloads(this.ctx, input);
  }

  async ping(): Promise<void> {
    if (this.closing !== null) throw new Error('the store is closed');
    await this.ctx.db.read.get('SELECT 1 AS one');
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.receiver.close();
      await this.ctx.db.close();
    })();
    return this.closing;
  }
}

function invalid(text: string): GatewayError {
  return new GatewayError('GW_ERR_STORE_INVALID_INPUT', text, { statusCode: 500 });
}

function checkReceive(input: ReceiveInput): void {
  if (typeof input.partnerId !== 'string' || input.partnerId === '') throw invalid('receive: partnerId is required');
  if (!CHANNELS.has(input.channel)) throw invalid(`receive: unknown channel ${input.channel}`);
  if (!FORMATS.has(input.format)) throw invalid(`receive: unknown format ${input.format}`);
  if (!(input.payload instanceof Uint8Array)) throw invalid('receive: payload must be bytes');
  if (typeof input.contentType !== 'string') throw invalid('receive: contentType is required');
  if (input.idempotencyKey !== undefined && (input.idempotencyKey === '' || input.idempotencyKey.length > 255)) {
    throw invalid('receive: an Idempotency-Key must be 1 to 255 characters');
  }
}

/** Message types are matched upper-case; empty identifiers count as absent. */
function normalizeEnvelope(e: EnvelopeSummary): EnvelopeSummary {
  const id = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const out: { -readonly [K in keyof EnvelopeSummary]: EnvelopeSummary[K] } = {};
  const senderId = id(e.senderId);
  const senderQualifier = id(e.senderQualifier);
  const recipientId = id(e.recipientId);
  const recipientQualifier = id(e.recipientQualifier);
  const controlRef = id(e.controlRef);
  if (senderId !== undefined) out.senderId = senderId;
  if (senderQualifier !== undefined) out.senderQualifier = senderQualifier;
  if (recipientId !== undefined) out.recipientId = recipientId;
  if (recipientQualifier !== undefined) out.recipientQualifier = recipientQualifier;
  if (controlRef !== undefined) out.controlRef = controlRef;
  if (e.messageTypes !== undefined) out.messageTypes = [...new Set(e.messageTypes.map((t) => t.trim().toUpperCase()).filter((t) => t !== ''))];
  if (e.testIndicator !== undefined) out.testIndicator = e.testIndicator;
  if (e.ackRequested !== undefined) out.ackRequested = e.ackRequested;
  return out;
}

function normalizeOutbound(o: NewOutbound): NewOutbound {
  return o.envelope === undefined ? o : { ...o, envelope: normalizeEnvelope(o.envelope) };
}
