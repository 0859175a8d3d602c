import { describe, expect, it } from 'vitest';
import { adminViewer, partnerViewer, type NewDelivery, type Store } from '../../../src/store/index.js';
import type { TargetFactory } from '../harness.js';
import { acceptedId, edifactInput, withStore } from './setup.js';

/** One processed message from LINE1 with one document per delivery given. */
async function deliver(store: Store, ref: string, deliveries: NewDelivery[], type: 'DeliveryOrder' | 'EquipmentInterchangeReceipt' = 'DeliveryOrder'): Promise<string[]> {
  const id = acceptedId(await store.receive(edifactInput('LINE1', ref)));
  const outcome = await store.completeMessage(id, {
    status: 'processed',
    documents: deliveries.map((d, i) => ({ type, function: 'original' as const, businessKey: `${ref}-${i}`, body: { i }, deliveries: [d] })),
  });
  return outcome.deliveries.map((d) => d.id);
}

const mailbox = (destinationId: string, text = 'doc'): NewDelivery => ({ destinationId, format: 'json', channel: 'mailbox', contentType: 'application/json', payload: Buffer.from(JSON.stringify({ text })) });
const webhook = (destinationId: string): NewDelivery => ({ destinationId, format: 'edifact:D95B', channel: 'webhook', contentType: 'application/EDIFACT', payload: Buffer.from('UNB') });

export function deliveriesConformance(make: TargetFactory): void {
  describe('mailbox', () => {
    const env = withStore(make);

    it('lists a partner its rendered, unacknowledged deliveries, oldest first, with filters and cursor', async () => {
      const { store, clock } = env();
      const orders = await deliver(store, 'M1', [mailbox('FWD1'), mailbox('FWD1'), mailbox('FWD2')]);
      clock.advance(1);
      const eirs = await deliver(store, 'M2', [mailbox('FWD1')], 'EquipmentInterchangeReceipt');
      clock.advance(1);
      const unrendered = await deliver(store, 'M3', [{ destinationId: 'FWD1', format: 'json', channel: 'mailbox' }]);
      const all = (await store.listMailbox({ partnerId: 'FWD1' })).items.map((d) => d.id);
      expect(all).toEqual([orders[0], orders[1], eirs[0]].sort());
      expect((await store.listMailbox({ partnerId: 'FWD1', documentType: 'EquipmentInterchangeReceipt' })).items.map((d) => d.id)).toEqual(eirs);
      expect((await store.listMailbox({ partnerId: 'FWD1', channels: ['sftp'] })).items).toEqual([]);
      const page1 = await store.listMailbox({ partnerId: 'FWD1', limit: 2 });
      expect(page1.items.map((d) => d.id)).toEqual(all.slice(0, 2));
      const page2 = await store.listMailbox({ partnerId: 'FWD1', limit: 2, cursor: page1.next! });
      expect(page2).toEqual({ items: [expect.objectContaining({ id: all[2] })], next: null });

      // Rendering later makes it appear.
      const rendered = await store.renderDelivery({ id: unrendered[0], payload: Buffer.from('{"late":true}'), contentType: 'application/json' });
      expect(rendered).toMatchObject({ rendered: true, size: 13 });
      expect((await store.listMailbox({ partnerId: 'FWD1' })).items.map((d) => d.id)).toContain(unrendered[0]);
      expect((await store.getDeliveryPayload(unrendered[0], partnerViewer('FWD1')))?.bytes.toString()).toBe('{"late":true}');
    });

    it('never leases one delivery to two pollers, also on two connections at once', async () => {
      const { store, clock } = env();
      const other = await env().second();
      const ids = await deliver(store, 'L1', Array.from({ length: 20 }, () => mailbox('FWD1')));
      await other.listMailbox({ partnerId: 'FWD1' }); // both connections ready, so the pollers really overlap
      const leases = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : other).lease({ partnerId: 'FWD1', holder: `poller-${i}`, leaseMs: 30_000, limit: 4 })));
      const leased = leases.flat().map((d) => d.id);
      expect(new Set(leased).size).toBe(leased.length);
      expect([...leased].sort()).toEqual([...ids].sort());
      leases.forEach((batch, i) => { expect(batch.every((d) => d.status === 'leased' && d.leaseHolder === `poller-${i}`)).toBe(true); });
      const leasedA = leases[0].map((d) => d.id);
      expect(await store.lease({ partnerId: 'FWD1', holder: 'poller-c', leaseMs: 30_000 })).toEqual([]);
      // Listing shows leased entries too: they are not acknowledged yet.
      expect((await store.listMailbox({ partnerId: 'FWD1', limit: 100 })).items).toHaveLength(20);

      // A lease that expires returns the delivery to the next poller.
      clock.advance(30_000);
      expect((await store.getDelivery(leasedA[0], adminViewer))?.status).toBe('pending');
      const again = await store.lease({ partnerId: 'FWD1', holder: 'poller-c', leaseMs: 1000, limit: 100 });
      expect(again).toHaveLength(20);
      clock.advance(1000);
      expect(await store.releaseExpiredLeases()).toBe(20);
      expect(await store.releaseExpiredLeases()).toBe(0);
      const events = (await store.timeline((await store.getDelivery(ids[0], adminViewer))!.messageId, adminViewer))!;
      expect(events.filter((e) => e.deliveryId === ids[0]).map((e) => e.type)).toEqual(['delivery-created', 'delivery-leased', 'delivery-leased', 'delivery-lease-expired']);
    });

    it('leases one given delivery, filtered by document type', async () => {
      const { store } = env();
      const [order] = await deliver(store, 'L2', [mailbox('FWD1')]);
      const [eir] = await deliver(store, 'L3', [mailbox('FWD1')], 'EquipmentInterchangeReceipt');
      expect((await store.lease({ partnerId: 'FWD1', holder: 'h', leaseMs: 1000, id: eir })).map((d) => d.id)).toEqual([eir]);
      expect(await store.lease({ partnerId: 'FWD2', holder: 'h', leaseMs: 1000, id: order })).toEqual([]);
      expect((await store.lease({ partnerId: 'FWD1', holder: 'h', leaseMs: 1000, documentType: 'DeliveryOrder' })).map((d) => d.id)).toEqual([order]);
    });

    it('takes an acknowledgement only from the destination partner', async () => {
      const { store } = env();
      const [id] = await deliver(store, 'A1', [mailbox('FWD1')]);
      await store.lease({ partnerId: 'FWD1', holder: 'h', leaseMs: 1000 });
      expect(await store.ackDelivery({ id: id, partnerId: 'FWD2' })).toBe('not-found');
      expect(await store.ackDelivery({ id: id, partnerId: 'LINE1' })).toBe('not-found');
      expect(await store.ackDelivery({ id: id, partnerId: 'FWD1' })).toBe('acknowledged');
      expect(await store.ackDelivery({ id: id, partnerId: 'FWD1' })).toBe('already-acknowledged');
      expect((await store.listMailbox({ partnerId: 'FWD1' })).items).toEqual([]);
      expect(await store.lease({ partnerId: 'FWD1', holder: 'h', leaseMs: 1000 })).toEqual([]);
      expect((await store.getDelivery(id, partnerViewer('FWD1')))?.status).toBe('acknowledged');
    });
  });

  describe('push attempts and dead letters', () => {
    const env = withStore(make);

    it('records attempts, lists dead letters and replays them', async () => {
      const { store, clock } = env();
      const [id] = await deliver(store, 'W1', [webhook('TERM1')]);
      clock.advance(1);
      expect(await store.recordAttempt({ id: id, outcome: 'failed', error: 'connect ECONNREFUSED', durationMs: 3 })).toMatchObject({ status: 'failed', attempts: 1, lastError: 'connect ECONNREFUSED' });
      expect((await store.listOpenDeliveries({})).items.map((d) => d.id)).toEqual([id]);
      clock.advance(1);
      await store.recordAttempt({ id: id, outcome: 'dead', error: 'HTTP 500', statusCode: 500 });
      expect((await store.listOpenDeliveries({})).items).toEqual([]);
      expect((await store.listDeadLetters({}, adminViewer)).items.map((d) => d.id)).toEqual([id]);
      expect((await store.listDeadLetters({}, partnerViewer('TERM1'))).items.map((d) => d.id)).toEqual([id]);
      expect((await store.listDeadLetters({}, partnerViewer('FWD9'))).items).toEqual([]);
      expect(await store.replayDelivery(id, partnerViewer('FWD9'))).toBeNull();
      expect(await store.replayDelivery(id, adminViewer)).toMatchObject({ status: 'pending', attempts: 2, lastError: null });
      expect(await store.replayDelivery(id, adminViewer)).toBeNull();
      await store.recordAttempt({ id: id, outcome: 'delivered', statusCode: 204, durationMs: 12 });
      const delivery = await store.getDelivery(id, adminViewer);
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 3 });
      expect(delivery?.attemptLog).toEqual([
        { at: expect.any(String), attempt: 1, outcome: 'failed', error: 'connect ECONNREFUSED', durationMs: 3 },
        { at: expect.any(String), attempt: 2, outcome: 'dead', error: 'HTTP 500', statusCode: 500 },
        { at: expect.any(String), attempt: 3, outcome: 'delivered', statusCode: 204, durationMs: 12 },
      ]);
      // Delivered is final for pushes: a redone job is told not to send again.
      expect(await store.recordAttempt({ id: id, outcome: 'delivered' })).toBeNull();
    });
  });

  describe('recovery sweep', () => {
    const env = withStore(make);

    it('finds accepted but unfinished messages and open deliveries to enqueue again', async () => {
      const { store, clock } = env();
      const ids = await Promise.all(['S1', 'S2', 'S3', 'S4'].map(async (r) => acceptedId(await store.receive(edifactInput('LINE1', r)))));
      expect((await store.listStaleMessages({ olderThanMs: 60_000 })).items).toEqual([]);
      clock.advance(60_001);
      await store.claimMessage(ids[1]);
      await store.completeMessage(ids[2], { status: 'unrouted' });
      const fresh = acceptedId(await store.receive(edifactInput('LINE1', 'S5')));
      const page1 = await store.listStaleMessages({ olderThanMs: 60_000, limit: 1 });
      expect(page1.items).toEqual([{ id: ids[0], status: 'received', statusAt: expect.any(String) }]);
      const page2 = await store.listStaleMessages({ olderThanMs: 60_000, cursor: page1.next! });
      // The claim just now refreshed status_at, so the claimed message is not stale yet.
      expect(page2.items.map((m) => m.id)).toEqual([ids[3]]);
      clock.advance(60_001);
      expect((await store.listStaleMessages({ olderThanMs: 60_000 })).items.map((m) => [m.id, m.status])).toEqual([
        [ids[0], 'received'], [ids[1], 'processing'], [ids[3], 'received'], [fresh, 'received'],
      ]);

      const [push, pull] = await deliver(store, 'S6', [webhook('TERM1'), mailbox('FWD1')]);
      expect((await store.listOpenDeliveries({})).items.map((d) => d.id)).toEqual([push, pull]);
      expect((await store.listOpenDeliveries({ channels: ['webhook', 'remote-sftp'] })).items.map((d) => d.id)).toEqual([push]);
    });
  });

  describe('counters', () => {
    const env = withStore(make);

    it('never hands out a value twice, across connections', async () => {
      const { store } = env();
      const other = await env().second();
      const values = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? store : other).nextValue('unb-0020')));
      expect([...values].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(await store.nextValue('unh-0062')).toBe(1);
      expect(await other.nextValue('unb-0020')).toBe(201);
    });
  });
}
