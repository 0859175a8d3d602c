import { describe, expect, it } from 'vitest';
import { makeIssue } from '../../../src/errors/index.js';
import { adminViewer, partnerViewer, type CompleteInput, type NewDocument, type Store } from '../../../src/store/index.js';
import type { TargetFactory } from '../harness.js';
import { acceptedId, edifactInput, withStore } from './setup.js';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

function releaseOrder(fn: 'original' | 'replace' | 'cancel', key: string, forwarder: string, container: string): NewDocument {
  return {
    type: 'DeliveryOrder',
    function: fn,
    businessKey: key,
    body: { releaseNumber: key, forwarder, containers: [container] },
    references: [{ kind: 'release', value: key }, { kind: 'container', value: container }],
    deliveries: [{ destinationId: forwarder, format: 'json', channel: 'mailbox', contentType: 'application/json', payload: json({ key, fn }) }],
  };
}

async function ingestAndComplete(store: Store, partnerId: string, ref: string, result: CompleteInput): Promise<{ id: string; outcome: Awaited<ReturnType<Store['completeMessage']>> }> {
  const id = acceptedId(await store.receive(edifactInput(partnerId, ref)));
  await store.claimMessage(id);
  return { id, outcome: await store.completeMessage(id, result) };
}

export function processingConformance(make: TargetFactory): void {
  describe('claim and complete', () => {
    const env = withStore(make);

    it('claims a message with its payload until it is final', async () => {
      const { store, clock } = env();
      const input = edifactInput('LINE1', 'P1');
      const id = acceptedId(await store.receive(input));
      clock.advance(10);
      const claimed = await store.claimMessage(id);
      expect(claimed?.message).toMatchObject({ id, status: 'processing', statusAt: new Date(clock.now).toISOString() });
      expect(Buffer.compare(claimed!.payload, Buffer.from(input.payload))).toBe(0);
      // A worker that died mid-job leaves it `processing`; the job redone may claim it again.
      expect((await store.claimMessage(id))?.message.status).toBe('processing');
      await expect(store.completeMessage(id, { status: 'received' as never })).rejects.toMatchObject({ code: 'GW_ERR_STORE_INVALID_INPUT' });
      await store.completeMessage(id, { status: 'unrouted' });
      expect(await store.claimMessage(id)).toBeNull();
      expect((await store.getMessage(id, adminViewer))?.status).toBe('unrouted');
    });

    it('records documents, references, deliveries and the acknowledgement in one go, exactly once', async () => {
      const { store } = env();
      const warning = makeIssue('GW_ERR_TRAILING_SEPARATOR', 'Segment 4 ends with a separator.', { segment: 4, tag: 'BGM' });
      const result: CompleteInput = {
        status: 'processed',
        findings: [warning],
        envelope: { senderId: 'LINE1', controlRef: 'P2', messageTypes: ['COREOR'], ackRequested: true },
        references: [{ kind: 'vessel-call', value: 'v123e' }],
        documents: [releaseOrder('original', 'REL-1', 'FWD1', 'MSCU1234565')],
        outbound: [{
          partnerId: 'LINE1',
          format: 'edifact',
          contentType: 'application/EDIFACT',
          payload: Buffer.from("UNB+UNOC:3+PORTHUB+LINE1+250301:0800+9'UNH+1+CONTRL:D:3:UN'UCI+P2+LINE1+PORTHUB+7'UNT+3+1'UNZ+1+9'"),
          envelope: { controlRef: '9', messageTypes: ['CONTRL'] },
          deliveries: [{ destinationId: 'LINE1', format: 'edifact', channel: 'webhook', contentType: 'application/EDIFACT', payload: Buffer.from('CONTRL') }],
        }],
        eventData: { durationMs: 3 },
      };
      const { id, outcome } = await ingestAndComplete(store, 'LINE1', 'P2', result);
      expect(outcome.completed).toBe(true);
      expect(outcome.status).toBe('processed');
      expect(outcome.documents).toHaveLength(1);
      expect(outcome.documents[0]).toMatchObject({ messageId: id, type: 'DeliveryOrder', function: 'original', businessKey: 'REL-1', state: 'active', supersedesId: null });
      expect(outcome.outbound).toHaveLength(1);
      expect(outcome.deliveries.map((d) => [d.destinationId, d.channel, d.status, d.rendered])).toEqual(
        expect.arrayContaining([['FWD1', 'mailbox', 'pending', true], ['LINE1', 'webhook', 'pending', true]]),
      );
      expect(outcome.deliveries).toHaveLength(2);

      const message = await store.getMessage(id, adminViewer);
      expect(message).toMatchObject({ status: 'processed', findings: [warning], acknowledgements: outcome.outbound });
      expect(message?.envelope).toMatchObject({ messageTypes: ['COREOR'], ackRequested: true });
      expect((await store.searchMessages({ messageType: 'coreor' }, adminViewer)).items.map((m) => m.id)).toEqual([id]);
      expect((await store.searchMessages({ messageType: 'CODECO' }, adminViewer)).items).toEqual([]);
      const ack = await store.getMessage(outcome.outbound[0], adminViewer);
      expect(ack).toMatchObject({ direction: 'outbound', channel: 'generated', status: 'generated', partnerId: 'LINE1', related: { id, relation: 'acknowledges' } });
      const doc = await store.getDocument(outcome.documents[0].id, adminViewer);
      expect(doc?.body).toEqual({ releaseNumber: 'REL-1', forwarder: 'FWD1', containers: ['MSCU1234565'] });

      const types = (await store.timeline(id, adminViewer))!.map((e) => e.type);
      expect(types.slice(0, 3)).toEqual(['received', 'processing', 'completed']);
      expect(types).toEqual(expect.arrayContaining(['document-created', 'delivery-created', 'acknowledgement-generated']));

      // The same job redone (after a crash, a retry) writes nothing and reports what exists.
      const again = await store.completeMessage(id, { status: 'rejected', documents: [releaseOrder('original', 'REL-X', 'FWD2', 'X')] });
      expect(again.completed).toBe(false);
      expect(again.status).toBe('processed');
      expect(again.deliveries.map((d) => d.id).sort()).toEqual(outcome.deliveries.map((d) => d.id).sort());
      expect(again.documents.map((d) => d.id)).toEqual(outcome.documents.map((d) => d.id));
      expect(again.outbound).toEqual(outcome.outbound);
      expect((await store.timeline(id, adminViewer))!.map((e) => e.type)).toEqual(types);
    });

    it('opens a message for processing without writing, and records its start with the completion', async () => {
      const { store, clock } = env();
      const input = edifactInput('LINE1', 'OP1');
      const id = acceptedId(await store.receive(input));
      clock.advance(10);
      const started = clock.now;
      const opened = await store.openForProcessing(id);
      expect(opened?.message).toMatchObject({ id, status: 'received' });
      expect(Buffer.compare(opened!.payload, Buffer.from(input.payload))).toBe(0);
      expect((await store.timeline(id, adminViewer))!.map((e) => e.type)).toEqual(['received']);
      clock.advance(5);
      const outcome = await store.completeMessage(id, {
        status: 'processed',
        processingStartedAt: new Date(started),
        envelope: { senderId: 'LINE1', controlRef: 'OP1', messageTypes: ['COREOR', 'CODECO'] },
        documents: [releaseOrder('original', 'REL-OP1', 'FWD1', 'MSCU1234565')],
      });
      expect(outcome.completed).toBe(true);
      const events = (await store.timeline(id, adminViewer))!;
      expect(events.slice(0, 3).map((e) => e.type)).toEqual(['received', 'processing', 'completed']);
      expect(events[1].at).toBe(new Date(started).toISOString());
      expect((await store.getMessage(id, adminViewer))?.envelope.messageTypes).toEqual(['COREOR', 'CODECO']);
      expect((await store.searchMessages({ messageType: 'CODECO' }, adminViewer)).items.map((m) => m.id)).toEqual([id]);
      // Final: nothing left to open; a repeat of the completion writes nothing.
      expect(await store.openForProcessing(id)).toBeNull();
      expect((await store.completeMessage(id, { status: 'rejected', processingStartedAt: new Date(started) })).completed).toBe(false);
      expect((await store.timeline(id, adminViewer))!).toHaveLength(events.length);
      expect(await store.openForProcessing('01AAAAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
    });

    it('opens a message for processing with the acknowledgements already linked to it', async () => {
      const { store } = env();
      const plain = acceptedId(await store.receive(edifactInput('LINE1', 'OA1')));
      expect((await store.openForProcessing(plain))?.message.acknowledgements).toEqual([]);
      const id = acceptedId(await store.receive(edifactInput('LINE1', 'OA2')));
      const made = await Promise.all(['81', '82'].map((ref) => store.createOutbound({
        partnerId: 'LINE1', format: 'edifact', contentType: 'application/EDIFACT', payload: Buffer.from(`CONTRL ${ref}`),
        envelope: { controlRef: ref, messageTypes: ['CONTRL'] }, relatedId: id, relation: 'acknowledges',
      })));
      const opened = await store.openForProcessing(id);
      expect(opened?.message.acknowledgements).toEqual(made.map((m) => m.message.id).sort());
      expect(opened?.message.acknowledgements).toEqual((await store.getMessage(id, adminViewer))?.acknowledgements);
    });

    it('answers a completion with exactly what a repeat of it reads back', async () => {
      const { store } = env();
      const same = (o: Awaited<ReturnType<Store['completeMessage']>>): unknown => ({ status: o.status, documents: o.documents, deliveries: o.deliveries });
      const contrl = (ref: string): NonNullable<CompleteInput['outbound']>[number] => ({
        partnerId: 'LINE1',
        format: 'edifact',
        contentType: 'application/EDIFACT',
        payload: Buffer.from(`CONTRL ${ref}`),
        envelope: { controlRef: ref, messageTypes: ['CONTRL'] },
        deliveries: [{ destinationId: 'LINE1', format: 'edifact', channel: 'webhook', contentType: 'application/EDIFACT', payload: Buffer.from(ref) }],
      });
      const cases: [string, CompleteInput, ((id: string) => Promise<unknown>)?][] = [
        ['documents, message deliveries and acknowledgements', {
          status: 'processed',
          documents: [releaseOrder('original', 'RA-1', 'FWD1', 'MSCU1234565'), releaseOrder('original', 'RA-2', 'FWD2', 'MSCU7654321')],
          deliveries: [{ destinationId: 'ARCHIVE', format: 'edifact', channel: 'mailbox', contentType: 'application/EDIFACT', payload: Buffer.from('x') }],
          outbound: [contrl('71'), contrl('72')],
        }],
        ['a document replaced by a later one of the same message', {
          status: 'processed',
          documents: [releaseOrder('original', 'RA-3', 'FWD1', 'MSCU1234565'), releaseOrder('replace', 'RA-3', 'FWD1', 'MSCU1234565')],
        }],
        ['an acknowledgement stored before the completion', { status: 'processed', outbound: [contrl('73')] }, (id) => store.createOutbound({ ...contrl('70'), relatedId: id, relation: 'acknowledges' })],
      ];
      for (const [name, input, before] of cases) {
        const id = acceptedId(await store.receive(edifactInput('LINE1', `RA-${name.length}`)));
        await before?.(id);
        const first = await store.completeMessage(id, input);
        expect(first.completed, name).toBe(true);
        const again = await store.completeMessage(id, input);
        expect(again.completed, name).toBe(false);
        expect(same(first), name).toEqual(same(again));
        // A completion names the acknowledgements it made; a repeat, all there are.
        if (before === undefined) expect(first.outbound, name).toEqual(again.outbound);
        else expect(again.outbound, name).toEqual([...(await store.getMessage(id, adminViewer))!.acknowledgements].sort());
        expect(again.outbound, name).toEqual(expect.arrayContaining([...first.outbound]));
      }
    });

    it('indexes the message types first known at completion', async () => {
      const { store } = env();
      const input = edifactInput('LINE1', 'MT1');
      const id = acceptedId(await store.receive({ ...input, envelope: { ...input.envelope, messageTypes: undefined } }));
      expect((await store.searchMessages({ messageType: 'CODECO' }, adminViewer)).items).toEqual([]);
      await store.completeMessage(id, { status: 'processed', envelope: { senderId: 'LINE1', controlRef: 'MT1', messageTypes: ['CODECO', 'COPRAR'] } });
      expect((await store.searchMessages({ messageType: 'COPRAR' }, adminViewer)).items.map((m) => m.id)).toEqual([id]);
      expect((await store.searchMessages({ messageType: 'CODECO' }, adminViewer)).items.map((m) => m.id)).toEqual([id]);
    });

    it('lets exactly one of two concurrent completions win', async () => {
      const { store } = env();
      const other = await env().second();
      const id = acceptedId(await store.receive(edifactInput('LINE1', 'P3')));
      const [a, b] = await Promise.all([
        store.completeMessage(id, { status: 'processed', documents: [releaseOrder('original', 'R-A', 'FWD1', 'C1')] }),
        other.completeMessage(id, { status: 'processed', documents: [releaseOrder('original', 'R-B', 'FWD1', 'C1')] }),
      ]);
      expect([a.completed, b.completed].sort()).toEqual([false, true]);
      expect(await store.listDocuments(id, adminViewer)).toHaveLength(1);
    });

    it('keeps the findings and references of a rejected message', async () => {
      const { store } = env();
      const error = makeIssue('GW_ERR_UNT_COUNT', 'UNT says 9 segments, the message has 8.', { segment: 12, tag: 'UNT', element: 1 });
      const { id } = await ingestAndComplete(store, 'TERM1', 'BAD1', { status: 'rejected', findings: [error], references: [{ kind: 'container', value: ' tghu7654321 ' }] });
      expect((await store.getMessage(id, adminViewer))?.findings).toEqual([error]);
      expect((await store.searchMessages({ containerNumber: 'TGHU7654321', status: 'rejected' }, adminViewer)).items.map((m) => m.id)).toEqual([id]);
    });

    it('appends pipeline events in order, visible with the message', async () => {
      const { store, clock } = env();
      const id = acceptedId(await store.receive(edifactInput('LINE1', 'EV1')));
      clock.advance(1);
      await store.appendEvent({ messageId: id, type: 'validated', data: { errors: 0 } });
      clock.advance(1);
      await store.appendEvent({ messageId: id, type: 'transformed' });
      const events = (await store.timeline(id, partnerViewer('LINE1')))!;
      expect(events.map((e) => e.type)).toEqual(['received', 'validated', 'transformed']);
      expect(events[1].data).toEqual({ errors: 0 });
      expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort());
      await expect(store.appendEvent({ messageId: '01AAAAAAAAAAAAAAAAAAAAAAAA', type: 'x' })).rejects.toThrow();
    });
  });

  describe('replace and cancel', () => {
    const env = withStore(make);

    it('supersedes on replace and withdraws on cancel, stopping deliveries not yet acknowledged', async () => {
      const { store } = env();
      const first = await ingestAndComplete(store, 'LINE1', 'S1', { status: 'processed', documents: [releaseOrder('original', 'REL1', 'FWD1', 'C1'), releaseOrder('original', 'REL2', 'FWD1', 'C2')] });
      const [doc1, docRel2] = first.outcome.documents;
      const d1 = first.outcome.deliveries.find((d) => d.documentId === doc1.id)!;
      const dRel2 = first.outcome.deliveries.find((d) => d.documentId === docRel2.id)!;
      expect(await store.ackDelivery({ id: dRel2.id, partnerId: 'FWD1' })).toBe('acknowledged');

      const replace = await ingestAndComplete(store, 'LINE1', 'S2', { status: 'processed', documents: [releaseOrder('replace', 'REL1', 'FWD1', 'C1')] });
      const doc2 = replace.outcome.documents[0];
      expect(doc2.supersedesId).toBe(doc1.id);
      expect(replace.outcome.withdrawn).toEqual([d1.id]);
      expect(await store.getDocument(doc1.id, adminViewer)).toMatchObject({ state: 'superseded', supersededById: doc2.id });
      expect((await store.getDelivery(d1.id, adminViewer))?.status).toBe('withdrawn');
      expect(await store.ackDelivery({ id: d1.id, partnerId: 'FWD1' })).toBe('withdrawn');
      const d3 = replace.outcome.deliveries[0];
      expect((await store.listMailbox({ partnerId: 'FWD1' })).items.map((d) => d.id)).toEqual([d3.id]);

      const cancel = await ingestAndComplete(store, 'LINE1', 'S3', { status: 'processed', documents: [{ ...releaseOrder('cancel', 'REL1', 'FWD1', 'C1'), deliveries: [] }] });
      expect(cancel.outcome.withdrawn).toEqual([d3.id]);
      expect(await store.getDocument(doc2.id, adminViewer)).toMatchObject({ state: 'withdrawn', supersededById: cancel.outcome.documents[0].id });
      expect((await store.listMailbox({ partnerId: 'FWD1' })).items).toEqual([]);

      // What the forwarder already acknowledged stays acknowledged.
      const cancel2 = await ingestAndComplete(store, 'LINE1', 'S4', { status: 'processed', documents: [{ ...releaseOrder('cancel', 'REL2', 'FWD1', 'C2'), deliveries: [] }] });
      expect(cancel2.outcome.withdrawn).toEqual([]);
      expect((await store.getDelivery(dRel2.id, adminViewer))?.status).toBe('acknowledged');
      expect((await store.getDocument(docRel2.id, adminViewer))?.state).toBe('withdrawn');

      // Another sender's document with the same key is a different document.
      const foreign = await ingestAndComplete(store, 'LINE2', 'S5', { status: 'processed', documents: [releaseOrder('replace', 'REL1', 'FWD1', 'C1')] });
      expect(foreign.outcome.documents[0].supersedesId).toBeNull();

      const history = (await store.timeline(first.id, adminViewer))!.map((e) => e.type);
      expect(history).toEqual(expect.arrayContaining(['document-superseded', 'document-withdrawn', 'delivery-withdrawn']));
    });
  });

  describe('concurrent replaces', () => {
    const env = withStore(make);

    it('leaves exactly one active document when replaces of one key commit at the same moment', async () => {
      const { store } = env();
      const other = await env().second();
      await ingestAndComplete(store, 'LINE1', 'CR0', { status: 'processed', documents: [releaseOrder('original', 'REL9', 'FWD1', 'C9')] });
      const ids = await Promise.all(['CR1', 'CR2', 'CR3', 'CR4'].map(async (r) => acceptedId(await store.receive(edifactInput('LINE1', r)))));
      await other.listMailbox({ partnerId: 'FWD1' });
      await Promise.all(ids.map((id, i) => (i % 2 === 0 ? store : other).completeMessage(id, { status: 'processed', documents: [releaseOrder('replace', 'REL9', 'FWD1', 'C9')] })));
      const docs = (await Promise.all(ids.map((id) => store.listDocuments(id, adminViewer)))).flat();
      expect(docs.filter((d) => d.state === 'active')).toHaveLength(1);
      expect(docs.filter((d) => d.supersedesId !== null)).toHaveLength(4);
      expect(new Set(docs.map((d) => d.supersedesId)).size).toBe(4);
      const mailbox = await store.listMailbox({ partnerId: 'FWD1' });
      expect(mailbox.items.map((d) => d.documentId)).toEqual(docs.filter((d) => d.state === 'active').map((d) => d.id));
    });
  });

  describe('acknowledgements of outbound interchanges', () => {
    const env = withStore(make);

    it('matches an inbound CONTRL to the interchange it acknowledges and flags overdue ones once', async () => {
      const { store, clock } = env();
      const hour = 60 * 60 * 1000;
      const outbound = (ref: string) => store.createOutbound({
        partnerId: 'LINE1',
        format: 'edifact',
        contentType: 'application/EDIFACT',
        payload: Buffer.from(`UNB+UNOC:3+PORTHUB+LINE1+250301:0800+${ref}'`),
        envelope: { senderId: 'PORTHUB', recipientId: 'LINE1', controlRef: ref, messageTypes: ['COPRAR'], ackRequested: true },
        awaitAckUntil: new Date(clock.now + hour),
        deliveries: [{ destinationId: 'LINE1', format: 'edifact:D95B', channel: 'webhook', payload: Buffer.from('x'), contentType: 'application/EDIFACT' }],
      });
      const out1 = await outbound('000123');
      const out2 = await outbound('000124');
      expect(out1.message).toMatchObject({ direction: 'outbound', status: 'generated', ack: { state: 'awaited', overdue: false, receivedAt: null } });
      expect(out1.deliveries).toHaveLength(1);

      const contrl = acceptedId(await store.receive({ ...edifactInput('LINE1', 'C-1'), envelope: { senderId: 'LINE1', controlRef: 'C-1', messageTypes: ['CONTRL'] } }));
      expect(await store.matchAcknowledgement({ ackMessageId: contrl, partnerId: 'LINE2', controlRef: '000123' })).toBeNull();
      expect(await store.matchAcknowledgement({ ackMessageId: contrl, partnerId: 'LINE1', controlRef: '000123' })).toBe(out1.message.id);
      expect(await store.getMessage(out1.message.id, partnerViewer('LINE1'))).toMatchObject({ ack: { state: 'received', overdue: false }, acknowledgements: [contrl] });
      expect((await store.getMessage(contrl, adminViewer))?.related).toEqual({ id: out1.message.id, relation: 'acknowledges' });
      expect(await store.getMessage(out1.message.id, partnerViewer('LINE2'))).toBeNull();

      expect(await store.flagOverdueAcks()).toEqual([]);
      clock.advance(hour + 1);
      expect((await store.getMessage(out2.message.id, adminViewer))?.ack).toMatchObject({ state: 'awaited', overdue: true });
      expect(await store.flagOverdueAcks()).toEqual([out2.message.id]);
      expect(await store.flagOverdueAcks()).toEqual([]);
      expect((await store.getMessage(out2.message.id, adminViewer))?.ack).toMatchObject({ state: 'overdue', overdue: true });

      const late = acceptedId(await store.receive({ ...edifactInput('LINE1', 'C-2'), envelope: { senderId: 'LINE1', controlRef: 'C-2', messageTypes: ['CONTRL'] } }));
      expect(await store.matchAcknowledgement({ ackMessageId: late, partnerId: 'LINE1', controlRef: '000124' })).toBe(out2.message.id);
      expect((await store.getMessage(out2.message.id, adminViewer))?.ack).toMatchObject({ state: 'received', overdue: true });
      const events = (await store.timeline(out2.message.id, adminViewer))!;
      expect(events.map((e) => e.type)).toEqual(['generated', 'delivery-created', 'acknowledgement-overdue', 'acknowledgement-received']);
      expect(events[3].data).toMatchObject({ ackMessageId: late, late: true });
    });
  });
}
