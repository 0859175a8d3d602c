/**
 * The deliver worker's work on one delivery: render it if routing could not, then hand it to the
 * transport of its channel and record the attempt. The queue owns retries: a transient failure is
 * recorded as `failed` and rethrown so BullMQ retries with backoff; the last one, or a permanent
 * one, makes the delivery a dead letter (listed and replayable). Re-running this for a delivery that
 * is already delivered, acknowledged or withdrawn does nothing.
 */
import type { ChannelConfig, Partner } from '../config/types.js';
import { formatToString, parseFormat } from '../config/types.js';
import { isGatewayError } from '../errors/gateway-error.js';
import { messageLogger } from '../observability/logger.js';
import { adminViewer, type DeliveryChannel, type DeliverySummary, type StoredDelivery } from '../store/types.js';
import { isTransportError, TransportError, type TransportSet } from '../transports/types.js';
import { renderDocument } from './render.js';
import { deliveryChannelOf, PULL_CHANNELS, timedAsync, type PipelineDeps } from './types.js';

export interface DeliverDeps extends PipelineDeps {
  readonly transports: TransportSet;
  readonly onAttempt?: (outcome: 'delivered' | 'failed' | 'dead', channel: DeliveryChannel) => void;
}

export type DeliverOutcome = 'delivered' | 'held' | 'skipped' | 'dead';

/** Statuses in which there is nothing (more) to send. */
const SETTLED = new Set(['delivered', 'acknowledged', 'withdrawn', 'dead', 'leased']);

/**
 * One attempt for one delivery. `attempt` is 1-based; `last` says no retry follows. Throws a
 * TransportError only when the queue should retry.
 */
export async function deliverOne(deps: DeliverDeps, deliveryId: string, attempt: { number: number; last: boolean }): Promise<{ outcome: DeliverOutcome; delivery: DeliverySummary | null }> {
  let d: StoredDelivery | DeliverySummary | null = await deps.store.getDelivery(deliveryId, adminViewer);
  if (!d || SETTLED.has(d.status)) return { outcome: 'skipped', delivery: d };
  const log = messageLogger(deps.logger, d.messageId, { deliveryId, destination: d.destinationId, channel: d.channel });
  const partner = deps.directory.get(d.destinationId);
  if (!partner) return dead(deps, d, `partner ${d.destinationId} is no longer in the configuration`, log);

  if (!d.rendered) {
    const unrendered = d;
    try {
      d = await timedAsync(deps, 'render', () => renderStored(deps, unrendered, partner));
    } catch (err) {
      return dead(deps, unrendered, err instanceof Error ? err.message : String(err), log);
    }
    if (!d) return { outcome: 'skipped', delivery: null };
  }

  const transport = deps.transports.get(d.channel);
  if (!transport) {
    // A pull channel needs no sender: the rendered delivery waits in the store for the partner.
    if (PULL_CHANNELS.has(d.channel)) return { outcome: 'held', delivery: d };
    return dead(deps, d, `no transport for the ${d.channel} channel runs in this gateway`, log);
  }
  const channel = channelFor(partner, d);
  if (!channel) return dead(deps, d, `partner ${partner.id} has no ${d.channel} channel any more`, log);
  const payload = await deps.store.getDeliveryPayload(d.id, adminViewer);
  if (!payload) return { outcome: 'skipped', delivery: d };

  const started = process.hrtime.bigint();
  try {
    const result = await timedAsync(deps, 'send', () => transport.send({
      id: d.id, messageId: d.messageId, documentId: d.documentId, documentType: d.documentType, destination: partner,
      channelName: channel.name, channel: channel.config, format: d.format, contentType: payload.contentType,
      payload: payload.bytes, test: d.test, attempt: attempt.number,
    }));
    if (result.outcome === 'held') return { outcome: 'held', delivery: d };
    const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    const recorded = await deps.store.recordAttempt({ id: d.id, outcome: 'delivered', durationMs, ...(result.statusCode !== undefined ? { statusCode: result.statusCode } : {}) });
    deps.onAttempt?.('delivered', d.channel);
    log.info({ attempt: attempt.number, statusCode: result.statusCode, durationMs }, 'delivered');
    return { outcome: 'delivered', delivery: recorded };
  } catch (err) {
    const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    const terr = isTransportError(err) ? err : new TransportError(err instanceof Error ? err.message : String(err), { transient: true, cause: err });
    const final = attempt.last || !terr.transient;
    await deps.store.recordAttempt({ id: d.id, outcome: final ? 'dead' : 'failed', error: terr.message, durationMs, ...(terr.statusCode !== undefined ? { statusCode: terr.statusCode } : {}) });
    deps.onAttempt?.(final ? 'dead' : 'failed', d.channel);
    log.warn({ attempt: attempt.number, code: terr.code, statusCode: terr.statusCode, final }, final ? 'delivery is a dead letter' : 'delivery attempt failed; the queue retries it');
    if (final) return { outcome: 'dead', delivery: d };
    throw terr;
  }
}

async function dead(deps: DeliverDeps, d: DeliverySummary, error: string, log: DeliverDeps['logger']): Promise<{ outcome: DeliverOutcome; delivery: DeliverySummary | null }> {
  const recorded = await deps.store.recordAttempt({ id: d.id, outcome: 'dead', error });
  deps.onAttempt?.('dead', d.channel);
  log.warn({ error }, 'delivery is a dead letter');
  return { outcome: 'dead', delivery: recorded };
}

/** Renders a delivery stored without payload (its format could not be rendered at routing time). */
async function renderStored(deps: DeliverDeps, d: DeliverySummary, partner: Partner): Promise<DeliverySummary | null> {
  if (d.documentId === null) throw new Error(`delivery ${d.id} has neither a payload nor a document to render`);
  const doc = await deps.store.getDocument(d.documentId, adminViewer);
  if (!doc) throw new Error(`document ${d.documentId} of delivery ${d.id} is missing`);
  const format = parseFormat(d.format);
  if (!format) throw new Error(`delivery ${d.id} has a format the gateway does not know: ${d.format}`);
  try {
    const rendered = await renderDocument(deps, doc.body as Parameters<typeof renderDocument>[1], { partner, format, test: d.test, messageId: d.messageId });
    const out = await deps.store.renderDelivery({ id: d.id, payload: rendered.payload, contentType: rendered.contentType });
    if (out && rendered.issues.length > 0) {
      await deps.store.appendEvent({ messageId: d.messageId, deliveryId: d.id, type: 'delivery-render-findings', data: { findings: rendered.issues } });
    }
    if (out && rendered.outbound !== undefined) {
      await deps.store.createOutbound({
        partnerId: partner.id, format: rendered.outbound.format, contentType: rendered.contentType, payload: rendered.payload,
        envelope: rendered.outbound.envelope, relatedId: d.messageId, relation: 'derived-from',
        ...(rendered.outbound.awaitAckUntil !== undefined ? { awaitAckUntil: rendered.outbound.awaitAckUntil } : {}),
      });
    }
    return out;
  } catch (err) {
    if (isGatewayError(err)) throw new Error(`${err.code}: ${err.message}`, { cause: err });
    throw new Error(`rendering ${formatToString(format)} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/**
 * The channel configuration a delivery goes out on. Deliveries record the channel type, so a
 * partner's test channel is preferred for test traffic, then its default channel, then the first
 * channel of that type.
 */
export function channelFor(partner: Partner, d: Pick<DeliverySummary, 'channel' | 'test'>): { name: string; config: ChannelConfig } | undefined {
  const names = Object.keys(partner.channels);
  const ofType = (name: string | undefined): boolean => name !== undefined && partner.channels[name] !== undefined && deliveryChannelOf(partner.channels[name].type) === d.channel;
  const name = [d.test ? partner.testTraffic.channel : undefined, partner.defaultChannel, ...names].find(ofType);
  return name === undefined ? undefined : { name, config: partner.channels[name] };
}
