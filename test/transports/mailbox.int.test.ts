/**
 * The mailbox transport on a real store (SQLite file and PostgreSQL schema of their own): the
 * conformance suite, leases (two pollers never get one entry; an expired lease comes back; an
 * acknowledged entry is gone) and long polls woken by the signal.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Partner } from '../../src/config/types.js';
import type { Store } from '../../src/store/index.js';
import { LocalMailboxSignal, MailboxTransport } from '../../src/transports/mailbox/index.js';
import type { OutgoingDelivery } from '../../src/transports/types.js';
import { postgresTarget, sqliteTarget, TestClock, type StoreTarget } from '../store/harness.js';
import { transportConformance } from './conformance.js';

let seq = 0;

/** A stored message with one rendered mailbox delivery to `partnerId`, as routing would make it. */
async function mailboxDelivery(store: Store, partnerId: string, payload: Buffer): Promise<OutgoingDelivery> {
  const received = await store.receive({ partnerId: 'sender', channel: 'http', format: 'json', contentType: 'application/json', payload: Buffer.from(`{"n":${++seq}}`) });
  if (received.outcome !== 'accepted') throw new Error('not accepted');
  const id = received.message.id;
  await store.claimMessage(id);
  const done = await store.completeMessage(id, {
    status: 'processed',
    documents: [{ type: 'DeliveryOrder', function: 'original', body: {}, deliveries: [{ destinationId: partnerId, format: 'json', channel: 'mailbox', payload, contentType: 'application/octet-stream' }] }],
  });
  const d = done.deliveries[0];
  return {
    id: d.id, messageId: id, documentId: d.documentId, documentType: d.documentType, destination: { id: partnerId } as Partner,
    channelName: 'mailbox', channel: { type: 'mailbox' }, format: 'json', contentType: 'application/octet-stream', payload, test: false, attempt: 1,
  };
}

for (const [dialect, target] of [['sqlite', sqliteTarget], ['postgres', postgresTarget]] as const) {
  transportConformance({
    name: `mailbox (${dialect})`,
    async setup() {
      const t: StoreTarget = await target();
      const store = await t.open();
      return {
        transport: new MailboxTransport(store, new LocalMailboxSignal()),
        delivery: (payload) => mailboxDelivery(store, 'fwd', payload),
        async received() {
          const page = await store.listMailbox({ partnerId: 'fwd', limit: 500 });
          return Promise.all(page.items.map(async (d) => ({ id: d.id, payload: (await store.getDeliveryPayload(d.id, { role: 'partner', partnerId: 'fwd' }))!.bytes })));
        },
        teardown: () => t.destroy(),
      };
    },
  });

  describe(`mailbox leases and long polls (${dialect})`, () => {
    let t: StoreTarget;
    let store: Store;
    const clock = new TestClock(Date.now());
    beforeEach(async () => {
      t = await target();
      store = await t.open({ clock: clock.read });
    });
    afterEach(async () => {
      await t.destroy();
    });

    it('never gives one entry to two pollers, brings back an expired lease, and forgets an acknowledged entry', async () => {
      const mailbox = new MailboxTransport(store, new LocalMailboxSignal());
      const made = await Promise.all(Array.from({ length: 6 }, (_, i) => mailboxDelivery(store, 'fwd', Buffer.from(`entry ${i}`))));
      const [a, b] = await Promise.all([
        mailbox.poll({ partnerId: 'fwd', holder: 'poller-a', leaseMs: 60_000, limit: 4 }),
        mailbox.poll({ partnerId: 'fwd', holder: 'poller-b', leaseMs: 60_000, limit: 4 }),
      ]);
      const idsA = a.deliveries.map((d) => d.id);
      const idsB = b.deliveries.map((d) => d.id);
      expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
      expect(new Set([...idsA, ...idsB])).toEqual(new Set(made.map((m) => m.id)));
      expect((await mailbox.poll({ partnerId: 'fwd', holder: 'poller-c', leaseMs: 60_000 })).deliveries).toEqual([]);
      expect((await mailbox.poll({ partnerId: 'other', holder: 'poller-d', leaseMs: 60_000 })).deliveries).toEqual([]);

      // Poller A acknowledges one entry and dies; its other leases expire and the entries come back.
      expect(await store.ackDelivery({ id: idsA[0], partnerId: 'fwd' })).toBe('acknowledged');
      clock.advance(61_000);
      const again = await mailbox.poll({ partnerId: 'fwd', holder: 'poller-e', leaseMs: 60_000, limit: 10 });
      expect(new Set(again.deliveries.map((d) => d.id))).toEqual(new Set([...idsA.slice(1), ...idsB]));
    });

    it('wakes a long poll when a delivery arrives, and answers empty after the wait otherwise', async () => {
      const signal = new LocalMailboxSignal();
      const mailbox = new MailboxTransport(store, signal, { recheckMs: 60_000 });
      const empty = await mailbox.poll({ partnerId: 'fwd', holder: 'p', leaseMs: 60_000, waitMs: 200 });
      expect(empty.deliveries).toEqual([]);
      const waiting = mailbox.poll({ partnerId: 'fwd', holder: 'p', leaseMs: 60_000, waitMs: 30_000 });
      const d = await mailboxDelivery(store, 'fwd', Buffer.from('arrived'));
      await mailbox.send(d);
      const got = await waiting;
      expect(got.deliveries.map((x) => x.id)).toEqual([d.id]);
    });

    it('answers a long poll at once when the gateway stops', async () => {
      const mailbox = new MailboxTransport(store, new LocalMailboxSignal(), { recheckMs: 60_000 });
      const waiting = mailbox.poll({ partnerId: 'fwd', holder: 'p', leaseMs: 60_000, waitMs: 60_000 });
      await new Promise((r) => setTimeout(r, 50));
      await mailbox.stop();
      expect((await waiting).deliveries).toEqual([]);
    });
  });
}
