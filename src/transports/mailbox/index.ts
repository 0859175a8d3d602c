/**
 * The HTTP mailbox: deliveries wait in the store, rendered, until the destination partner polls
 * (`GET /v1/mailbox`) and acknowledges them. Polling leases entries for a while, so two pollers of
 * one partner never get the same entry and an entry taken by a poller that crashed comes back when
 * its lease expires: nothing is lost between poll and ack. The entry's id is the delivery id.
 */
import type { Store } from '../../store/store.js';
import type { OutgoingDelivery, PollRequest, PollResult, SendResult, Transport } from '../types.js';
import { TransportError } from '../types.js';
import type { MailboxSignal } from './signal.js';

export { LocalMailboxSignal, type MailboxSignal } from './signal.js';

export interface MailboxOptions {
  /** How often a long poll re-checks the store when no signal came (default 1 s). */
  readonly recheckMs?: number;
}

export class MailboxTransport implements Transport {
  readonly channel = 'mailbox' as const;
  private readonly store: Store;
  private readonly signal: MailboxSignal;
  private readonly recheckMs: number;
  private stopping: AbortController = new AbortController();

  constructor(store: Store, signal: MailboxSignal, options: MailboxOptions = {}) {
    this.store = store;
    this.signal = signal;
    this.recheckMs = options.recheckMs ?? 1000;
  }

  start(): Promise<void> {
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.stopping.abort();
    return Promise.resolve();
  }

  /** The rendered delivery is already in the store: waking the partner's long polls is all there is to do. */
  send(d: OutgoingDelivery): Promise<SendResult> {
    if (d.payload.length === 0) return Promise.reject(new TransportError(`delivery ${d.id} has no payload to put in the mailbox`, { transient: false }));
    this.signal.notify(d.destination.id);
    return Promise.resolve({ outcome: 'held' });
  }

  async poll(req: PollRequest): Promise<PollResult> {
    const deadline = Date.now() + Math.max(0, req.waitMs ?? 0);
    const abort = req.signal === undefined ? this.stopping.signal : AbortSignal.any([req.signal, this.stopping.signal]);
    for (;;) {
      const deliveries = await this.store.lease({
        partnerId: req.partnerId,
        holder: req.holder,
        leaseMs: req.leaseMs,
        channels: ['mailbox'],
        ...(req.limit !== undefined ? { limit: req.limit } : {}),
        ...(req.documentType !== undefined ? { documentType: req.documentType } : {}),
      });
      const left = deadline - Date.now();
      if (deliveries.length > 0 || left <= 0 || abort.aborted) return { deliveries, ingested: [] };
      await this.signal.wait(req.partnerId, Math.min(left, this.recheckMs), abort);
    }
  }
}
