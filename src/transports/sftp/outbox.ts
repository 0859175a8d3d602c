/**
 * `outbox/` is not a directory on disk: it is the partner's pending deliveries on the SFTP channel,
 * read from the store on every listing. Nothing is copied, so every gateway process sees the same
 * outbox, a restart loses nothing, and a withdrawn delivery (a cancelled release order) disappears
 * from the listing at once. Deleting a file acknowledges the delivery; reading it does not lease
 * it (the outbox belongs to one partner, and a file vanishing from `ls` while a second session of
 * the same partner reads it would be more surprising than helpful).
 */
import type { Store } from '../../store/store.js';
import { partnerViewer, type DeliverySummary } from '../../store/types.js';
import { deliveryIdOf, outboxFileName } from '../drop-folder/files.js';

export interface OutboxEntry {
  readonly name: string;
  readonly delivery: DeliverySummary;
}

export type OutboxRemoval = 'acknowledged' | 'not-found' | 'refused';

export class OutboxView {
  private readonly store: Store;
  private readonly partnerId: string;

  constructor(store: Store, partnerId: string) {
    this.store = store;
    this.partnerId = partnerId;
  }

  /** One page of the outbox, oldest first; pass `next` back for the following page. */
  async list(cursor?: string): Promise<{ entries: OutboxEntry[]; next: string | null }> {
    const page = await this.store.listMailbox({
      partnerId: this.partnerId,
      channels: ['sftp'],
      limit: 200,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    return { entries: page.items.map((d) => ({ name: outboxFileName(d), delivery: d })), next: page.next };
  }

  /** The pending delivery this exact file name stands for, if any. */
  async find(name: string): Promise<DeliverySummary | undefined> {
    const id = deliveryIdOf(name);
    if (id === undefined) return undefined;
    const d = await this.store.getDelivery(id, partnerViewer(this.partnerId));
    if (!d || d.destinationId !== this.partnerId || d.channel !== 'sftp' || !d.rendered) return undefined;
    if (d.status !== 'pending' && d.status !== 'leased') return undefined;
    return outboxFileName(d) === name ? d : undefined;
  }

  async read(d: DeliverySummary): Promise<Buffer | undefined> {
    const payload = await this.store.getDeliveryPayload(d.id, partnerViewer(this.partnerId));
    return payload?.bytes;
  }

  async remove(name: string): Promise<OutboxRemoval> {
    const d = await this.find(name);
    if (!d) return 'not-found';
    const result = await this.store.ackDelivery({ id: d.id, partnerId: this.partnerId });
    switch (result) {
      case 'acknowledged':
      case 'already-acknowledged':
        return 'acknowledged';
      case 'withdrawn':
      case 'not-found':
        return 'not-found';
      case 'not-ackable':
        return 'refused';
    }
  }
}
