import { describe, expect, it } from 'vitest';
import { adminViewer, partnerViewer, type CompleteOutcome, type NewDocument } from '../../../src/store/index.js';
import type { TargetFactory } from '../harness.js';
import { acceptedId, edifactInput, withStore } from './setup.js';

const FORWARDERS = ['FWD1', 'FWD2', 'FWD3'] as const;

function releaseFor(forwarder: string, i: number): NewDocument {
  return {
    type: 'DeliveryOrder',
    function: 'original',
    businessKey: `REL-${i}`,
    body: { forwarder, releaseNumber: `REL-${i}` },
    references: [
      { kind: 'container', value: `MSCU000000${i}` },
      { kind: 'container', value: 'TGHU1111111' },
      { kind: 'bill-of-lading', value: `BL-${i}` },
    ],
    deliveries: [{ destinationId: forwarder, format: 'json', channel: 'mailbox', contentType: 'application/json', payload: Buffer.from(`{"release":"REL-${i}"}`) }],
  };
}

export function visibilityConformance(make: TargetFactory): void {
  describe('isolation of documents and deliveries', () => {
    const env = withStore(make);

    async function coreor(): Promise<{ id: string; outcome: CompleteOutcome }> {
      const { store } = env();
      const id = acceptedId(await store.receive(edifactInput('LINE1', 'COREOR1')));
      const outcome = await store.completeMessage(id, {
        status: 'processed',
        envelope: { senderId: 'LINE1', controlRef: 'COREOR1', messageTypes: ['COREOR'] },
        references: [{ kind: 'vessel-call', value: 'CNSHA-2025-031' }],
        documents: FORWARDERS.map((f, i) => releaseFor(f, i)),
      });
      return { id, outcome };
    }

    it('shows each forwarder only its own release order of a shared COREOR', async () => {
      const { store } = env();
      const { id, outcome } = await coreor();
      for (const [i, fwd] of FORWARDERS.entries()) {
        const viewer = partnerViewer(fwd);
        const own = outcome.documents[i];
        const ownDelivery = outcome.deliveries.find((d) => d.documentId === own.id)!;
        const foreign = outcome.documents.filter((d) => d.id !== own.id);
        const foreignDeliveries = outcome.deliveries.filter((d) => d.documentId !== own.id);

        expect(await store.getMessage(id, viewer)).toBeNull();
        expect(await store.getPayload(id, viewer)).toBeNull();
        expect((await store.getDocument(own.id, viewer))?.body).toEqual({ forwarder: fwd, releaseNumber: `REL-${i}` });
        for (const d of foreign) expect(await store.getDocument(d.id, viewer)).toBeNull();
        expect((await store.listDocuments(id, viewer)).map((d) => d.id)).toEqual([own.id]);
        expect((await store.listDeliveries(id, viewer)).map((d) => d.id)).toEqual([ownDelivery.id]);
        expect((await store.listMailbox({ partnerId: fwd })).items.map((d) => d.id)).toEqual([ownDelivery.id]);
        expect((await store.getDeliveryPayload(ownDelivery.id, viewer))?.bytes.toString()).toBe(`{"release":"REL-${i}"}`);
        for (const d of foreignDeliveries) {
          expect(await store.getDelivery(d.id, viewer)).toBeNull();
          expect(await store.getDeliveryPayload(d.id, viewer)).toBeNull();
        }
        // Its view of the message's history is its own delivery's history only.
        const events = (await store.timeline(id, viewer))!;
        expect(events.length).toBeGreaterThan(0);
        expect(events.every((e) => e.deliveryId === ownDelivery.id)).toBe(true);
        expect((await store.searchMessages({}, viewer)).items).toEqual([]);
      }
      // The sender sees its message, all its documents and where each went.
      const line = partnerViewer('LINE1');
      expect((await store.listDocuments(id, line)).map((d) => d.id)).toEqual(outcome.documents.map((d) => d.id));
      expect(await store.listDeliveries(id, line)).toHaveLength(3);
      expect((await store.timeline(id, line))!.some((e) => e.deliveryId === null)).toBe(true);
      // A bystander sees nothing at all.
      const other = partnerViewer('LINE2');
      expect(await store.timeline(id, other)).toBeNull();
      expect(await store.listDocuments(id, other)).toEqual([]);
      expect(await store.listDeliveries(id, other)).toEqual([]);
    });

    it('joins a container or B/L timeline from what the viewer may see', async () => {
      const { store } = env();
      const { id, outcome } = await coreor();
      const gateIn = acceptedId(await store.receive(edifactInput('TERM1', 'GATE1')));
      await store.completeMessage(gateIn, {
        status: 'processed',
        documents: [{
          type: 'EquipmentInterchangeReceipt',
          function: 'original',
          businessKey: 'EIR-1',
          body: { container: 'MSCU0000001' },
          references: [{ kind: 'container', value: 'mscu0000001' }],
          deliveries: [{ destinationId: 'LINE1', format: 'edifact:D95B', channel: 'webhook', payload: Buffer.from('CODECO') }],
        }],
      });

      const admin = await store.containerTimeline('MSCU0000001', adminViewer);
      expect(admin.reference).toEqual({ kind: 'container', value: 'MSCU0000001' });
      expect(admin.messages.map((m) => m.id)).toEqual([id, gateIn]);
      expect(admin.documents.map((d) => d.type)).toEqual(['DeliveryOrder', 'EquipmentInterchangeReceipt']);
      expect(admin.deliveries.map((d) => d.destinationId)).toEqual(['FWD2', 'LINE1']);
      expect(admin.events.map((e) => e.at)).toEqual([...admin.events.map((e) => e.at)].sort());

      // FWD2's release order names the container; FWD1 has no business with it.
      const fwd2 = await store.containerTimeline('mscu0000001', partnerViewer('FWD2'));
      expect(fwd2.messages).toEqual([]);
      expect(fwd2.documents.map((d) => d.id)).toEqual([outcome.documents[1].id]);
      expect(fwd2.deliveries.map((d) => d.destinationId)).toEqual(['FWD2']);
      expect(fwd2.events.length).toBeGreaterThan(0);
      expect(fwd2.events.every((e) => e.deliveryId === fwd2.deliveries[0].id)).toBe(true);
      const fwd1 = await store.containerTimeline('MSCU0000001', partnerViewer('FWD1'));
      expect([fwd1.messages, fwd1.documents, fwd1.deliveries, fwd1.events]).toEqual([[], [], [], []]);

      // The line sees its COREOR and the gate-in delivered to it, but not the terminal's raw message.
      const line = await store.containerTimeline('MSCU0000001', partnerViewer('LINE1'));
      expect(line.messages.map((m) => m.id)).toEqual([id]);
      expect(line.documents.map((d) => d.type)).toEqual(['DeliveryOrder', 'EquipmentInterchangeReceipt']);

      // A container named in all three orders: each forwarder gets its own.
      for (const [i, fwd] of FORWARDERS.entries()) {
        const shared = await store.containerTimeline('TGHU1111111', partnerViewer(fwd));
        expect(shared.documents.map((d) => d.id)).toEqual([outcome.documents[i].id]);
      }
      const bill = await store.billTimeline('bl-2', partnerViewer('FWD3'));
      expect(bill.documents.map((d) => d.businessKey)).toEqual(['REL-2']);
      expect((await store.billTimeline('BL-2', partnerViewer('FWD2'))).documents).toEqual([]);
      expect((await store.referenceTimeline({ kind: 'vessel-call', value: 'CNSHA-2025-031' }, partnerViewer('LINE1'))).messages.map((m) => m.id)).toEqual([id]);
    });

    it('searches by reference, document type, status and time range', async () => {
      const { store, clock } = env();
      const { id } = await coreor();
      clock.advance(60_000);
      const later = acceptedId(await store.receive(edifactInput('LINE1', 'LATER')));
      const search = async (q: Parameters<typeof store.searchMessages>[0]) => (await store.searchMessages(q, adminViewer)).items.map((m) => m.id);
      expect(await search({ reference: { kind: 'bill-of-lading', value: 'BL-1' } })).toEqual([id]);
      expect(await search({ reference: { value: 'bl-1' } })).toEqual([id]);
      expect(await search({ reference: { kind: 'booking', value: 'BL-1' } })).toEqual([]);
      expect(await search({ documentType: 'DeliveryOrder' })).toEqual([id]);
      expect(await search({ status: ['received', 'processed'] })).toEqual([later, id]);
      expect(await search({ status: 'received' })).toEqual([later]);
      expect(await search({ direction: 'outbound' })).toEqual([]);
      const t = new Date(clock.now);
      expect(await search({ to: t })).toEqual([id]);
      expect(await search({ from: t.toISOString() })).toEqual([later]);
      expect(await search({ from: new Date(clock.now - 120_000), to: new Date(clock.now + 1) })).toEqual([later, id]);
    });
  });
}
