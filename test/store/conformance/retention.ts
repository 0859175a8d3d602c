import { describe, expect, it } from 'vitest';
import { adminViewer, partnerViewer, type NewDelivery, type Store } from '../../../src/store/index.js';
import { DAY, type TargetFactory } from '../harness.js';
import { acceptedId, edifactInput, withStore } from './setup.js';

const mailbox = (destinationId: string): NewDelivery => ({ destinationId, format: 'json', channel: 'mailbox', contentType: 'application/json', payload: Buffer.from('{"order":1}') });

/** A processed message from LINE1 with one document and the deliveries given. */
async function processed(store: Store, ref: string, deliveries: NewDelivery[]): Promise<{ id: string; deliveries: string[] }> {
  const id = acceptedId(await store.receive(edifactInput('LINE1', ref)));
  const outcome = await store.completeMessage(id, {
    status: 'processed',
    documents: [{ type: 'DeliveryOrder', function: 'original', businessKey: ref, body: { ref }, references: [{ kind: 'container', value: 'MSCU1234565' }], deliveries }],
  });
  return { id, deliveries: outcome.deliveries.map((d) => d.id) };
}

export function retentionConformance(make: TargetFactory): void {
  describe('retention purge', () => {
    const env = withStore(make);

    it('removes old payloads of finished messages and their done deliveries, and keeps every record', async () => {
      const { store, clock, target } = env();
      const done = await processed(store, 'OLD1', [mailbox('FWD1')]);
      expect(await store.ackDelivery({ id: done.deliveries[0], partnerId: 'FWD1' })).toBe('acknowledged');
      const waiting = await processed(store, 'OLD2', [mailbox('FWD1')]); // still in the forwarder's mailbox
      const unfinished = acceptedId(await store.receive(edifactInput('LINE1', 'OLD3'))); // never processed
      clock.advance(10 * DAY);
      const recent = await processed(store, 'NEW1', []);
      clock.advance(DAY);
      const before = new Date(clock.now - 5 * DAY);

      expect(await store.purgePayloads({ before, dryRun: true })).toEqual({ messages: 1, deliveries: 1, bytes: expect.any(Number) as number, dryRun: true });
      expect((await store.getPayload(done.id, adminViewer))?.bytes.length).toBeGreaterThan(0);

      const result = await store.purgePayloads({ before });
      expect(result).toMatchObject({ messages: 1, deliveries: 1, dryRun: false });
      const original = (await store.getMessage(done.id, adminViewer))!;
      expect(result.bytes).toBe(original.size);

      // The payload is gone, and says when; the record is whole.
      const payload = await store.getPayload(done.id, partnerViewer('LINE1'));
      expect(payload).toMatchObject({ purgedAt: new Date(clock.now).toISOString() });
      expect(payload?.bytes.length).toBe(0);
      expect(original).toMatchObject({ status: 'processed', purgedAt: new Date(clock.now).toISOString() });
      expect(original.size).toBeGreaterThan(0);
      expect((await store.listDocuments(done.id, adminViewer))).toHaveLength(1);
      expect((await store.containerTimeline('MSCU1234565', adminViewer)).messages.map((m) => m.id)).toEqual(expect.arrayContaining([done.id, waiting.id, recent.id]));
      const rows = await target.query(`SELECT id, payload FROM deliveries WHERE message_id IN ('${done.id}', '${waiting.id}') ORDER BY id`);
      expect(rows.map((r) => [r['id'], r['payload'] === null])).toEqual([[done.deliveries[0], true], [waiting.deliveries[0], false]].sort());
      const events = (await store.timeline(done.id, adminViewer))!;
      expect(events.at(-1)).toMatchObject({ type: 'payload-purged', data: { before: before.toISOString(), size: original.size, deliveries: done.deliveries } });

      // What is still needed stays: a delivery still in a mailbox, an unfinished message, a recent one.
      for (const id of [waiting.id, unfinished, recent.id]) {
        expect((await store.getPayload(id, adminViewer))?.purgedAt).toBeUndefined();
        expect((await store.getMessage(id, adminViewer))?.purgedAt).toBeNull();
      }
      expect((await store.getDeliveryPayload(waiting.deliveries[0], partnerViewer('FWD1')))?.bytes.toString()).toBe('{"order":1}');

      // Once its delivery is done, the next purge takes the other one too; nothing is purged twice.
      expect(await store.ackDelivery({ id: waiting.deliveries[0], partnerId: 'FWD1' })).toBe('acknowledged');
      expect(await store.purgePayloads({ before })).toMatchObject({ messages: 1, deliveries: 1 });
      expect(await store.purgePayloads({ before })).toMatchObject({ messages: 0, deliveries: 0, bytes: 0 });
      expect((await store.timeline(done.id, adminViewer))!.filter((e) => e.type === 'payload-purged')).toHaveLength(1);
    });

    it('purges a backlog larger than one transaction, and two stores purging at once record each message once', async () => {
      const { store, clock } = env();
      const other = await env().second();
      const ids: string[] = [];
      for (let i = 0; i < 520; i++) ids.push((await processed(store, `B${i}`, [])).id);
      clock.advance(2 * DAY);
      const before = new Date(clock.now - DAY);
      const [a, b] = await Promise.all([store.purgePayloads({ before }), other.purgePayloads({ before })]);
      expect(a.messages + b.messages).toBe(520);
      const purgedEvents = await Promise.all([ids[0], ids[519]].map(async (id) => (await store.timeline(id, adminViewer))!.filter((e) => e.type === 'payload-purged').length));
      expect(purgedEvents).toEqual([1, 1]);
      expect((await store.getPayload(ids[519], adminViewer))?.purgedAt).toBeDefined();
    });
  });
}
