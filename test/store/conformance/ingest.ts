import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminViewer, idTime, isId, partnerViewer, type ReceiveResult } from '../../../src/store/index.js';
import { DAY, type TargetFactory } from '../harness.js';
import { acceptedId, edifactInput, withStore } from './setup.js';

export function ingestConformance(make: TargetFactory): void {
  describe('receive', () => {
    const env = withStore(make);

    it('stores the payload byte for byte with its envelope and a first audit event', async () => {
      const { store, clock } = env();
      // Latin-1 bytes that are not valid UTF-8 must come back unchanged.
      const payload = Buffer.concat([Buffer.from("UNA:+.? 'UNB+UNOC:3+LINE1:ZZZ+PORTHUB:ZZZ+250301:0800+R1'FTX+AAA+++", 'latin1'), Buffer.from([0xe9, 0xfc, 0x00, 0xff]), Buffer.from("'UNZ+0+R1'")]);
      const result = await store.receive({
        ...edifactInput('LINE1', 'R1'),
        payload,
        envelope: { senderId: 'LINE1', senderQualifier: 'ZZZ', recipientId: 'PORTHUB', recipientQualifier: 'ZZZ', controlRef: 'R1', messageTypes: ['codeco', 'COARRI'], testIndicator: true, ackRequested: true },
        eventData: { remoteAddress: '127.0.0.1' },
      });
      const id = acceptedId(result);
      expect(isId(id)).toBe(true);
      expect(idTime(id)).toBe(clock.now);
      const message = await store.getMessage(id, adminViewer);
      expect(message).toMatchObject({
        id,
        receivedAt: new Date(clock.now).toISOString(),
        partnerId: 'LINE1',
        channel: 'http',
        direction: 'inbound',
        format: 'edifact',
        contentType: 'application/EDIFACT',
        size: payload.length,
        sha256: createHash('sha256').update(payload).digest('hex'),
        status: 'received',
        related: null,
        ack: null,
        findings: [],
        envelope: { senderId: 'LINE1', senderQualifier: 'ZZZ', recipientId: 'PORTHUB', recipientQualifier: 'ZZZ', controlRef: 'R1', messageTypes: ['CODECO', 'COARRI'], testIndicator: true, ackRequested: true },
      });
      const stored = await store.getPayload(id, adminViewer);
      expect(stored?.contentType).toBe('application/EDIFACT');
      expect(Buffer.compare(stored!.bytes, payload)).toBe(0);
      const events = await store.timeline(id, adminViewer);
      expect(events).toHaveLength(1);
      expect(events![0]).toMatchObject({ messageId: id, deliveryId: null, type: 'received', data: { channel: 'http', size: payload.length, remoteAddress: '127.0.0.1' } });
    });

    it('keeps input it could not classify (format unknown, no envelope)', async () => {
      const { store } = env();
      const id = acceptedId(await store.receive({ partnerId: 'YARD1', channel: 'folder', format: 'unknown', contentType: 'application/octet-stream', payload: Buffer.from([1, 2, 3]) }));
      const message = await store.getMessage(id, adminViewer);
      expect(message?.envelope).toEqual({ testIndicator: false, ackRequested: false });
      expect(message?.format).toBe('unknown');
    });

    it('group-commits hundreds of concurrent receives: every one stored, ids distinct and time-ordered', async () => {
      const { store, clock } = env();
      const wave = async (from: number) => (await Promise.all(Array.from({ length: 150 }, (_, i) => store.receive(edifactInput(i % 2 === 0 ? 'LINE1' : 'LINE2', `C${from + i}`))))).map(acceptedId);
      const first = await wave(0);
      clock.advance(5);
      const second = await wave(150);
      const ids = [...first, ...second];
      expect(new Set(ids).size).toBe(300);
      expect([...first].sort().at(-1)! < [...second].sort()[0]).toBe(true);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.searchMessages({ cursor, limit: 70 }, adminViewer);
        seen.push(...page.items.map((m) => m.id));
        cursor = page.next ?? undefined;
      } while (cursor !== undefined);
      expect(seen).toHaveLength(300);
      expect(new Set(seen)).toEqual(new Set(ids));
      expect([...seen].reverse()).toEqual([...seen].sort());
    });

    it('refuses malformed input without disturbing the calls batched with it', async () => {
      const { store } = env();
      const bad = store.receive({ ...edifactInput('LINE1', 'X'), partnerId: '' });
      const badChannel = store.receive({ ...edifactInput('LINE1', 'Y'), channel: 'fax' as never });
      const good = store.receive(edifactInput('LINE1', 'Z'));
      await expect(bad).rejects.toMatchObject({ code: 'GW_ERR_STORE_INVALID_INPUT' });
      await expect(badChannel).rejects.toMatchObject({ code: 'GW_ERR_STORE_INVALID_INPUT' });
      expect((await good).outcome).toBe('accepted');
    });
  });

  describe('idempotency keys', () => {
    const env = withStore(make);

    it('accepts a key once, even when the repeats arrive in the same batch and on another connection', async () => {
      const { store } = env();
      const other = await env().second();
      const input = edifactInput('FWD1', 'K1', { idempotencyKey: 'order-77' });
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : other).receive(input)));
      const accepted = results.filter((r) => r.outcome === 'accepted');
      expect(accepted).toHaveLength(1);
      const id = acceptedId(accepted[0]);
      for (const r of results.filter((x) => x.outcome !== 'accepted')) {
        expect(r).toEqual({ outcome: 'replay', messageId: id, answer: null, samePayload: true });
      }
      const stored = await store.searchMessages({ partnerId: 'FWD1' }, adminViewer);
      expect(stored.items).toHaveLength(1);
    });

    it('answers a repeat with the recorded answer and tells a different payload apart', async () => {
      const { store } = env();
      const id = acceptedId(await store.receive(edifactInput('FWD1', 'K2', { idempotencyKey: 'k' })));
      const answer = { status: 202, body: { id, status: 'received' } };
      await store.recordAnswer({ partnerId: 'FWD1', idempotencyKey: 'k', answer });
      expect(await store.receive(edifactInput('FWD1', 'K2', { idempotencyKey: 'k' }))).toEqual({ outcome: 'replay', messageId: id, answer, samePayload: true });
      expect(await store.receive(edifactInput('FWD1', 'K3', { idempotencyKey: 'k' }))).toEqual({ outcome: 'replay', messageId: id, answer, samePayload: false });
      // Keys belong to a partner: another partner's identical key is a new request.
      expect((await store.receive(edifactInput('FWD2', 'K2', { idempotencyKey: 'k' }))).outcome).toBe('accepted');
    });
  });

  describe('duplicate interchanges', () => {
    const env = withStore(make);

    it('accepts a control reference once per partner and sender, also under concurrency and across connections', async () => {
      const { store } = env();
      const other = await env().second();
      const results: ReceiveResult[] = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? other : store).receive(edifactInput('LINE1', 'DUP1'))));
      const accepted = results.filter((r) => r.outcome === 'accepted');
      expect(accepted).toHaveLength(1);
      const original = acceptedId(accepted[0]);
      const duplicates = results.filter((r) => r.outcome === 'duplicate');
      expect(duplicates).toHaveLength(11);
      for (const d of duplicates) {
        if (d.outcome !== 'duplicate') continue;
        expect(d.originalId).toBe(original);
        expect(d.message.status).toBe('duplicate');
        expect(d.message.related).toEqual({ id: original, relation: 'duplicate-of' });
        const stored = await store.getMessage(d.message.id, adminViewer);
        expect(stored?.findings).toEqual([expect.objectContaining({ code: 'GW_ERR_DUPLICATE_INTERCHANGE', severity: 'error', contrl: '26', location: expect.objectContaining({ interchangeRef: 'DUP1', tag: 'UNB' }) })]);
        const events = await store.timeline(d.message.id, adminViewer);
        expect(events?.map((e) => e.type)).toEqual(['received', 'duplicate']);
      }
    });

    it('tells senders, qualifiers and partners apart', async () => {
      const { store } = env();
      const base = edifactInput('LINE1', 'R9');
      expect((await store.receive(base)).outcome).toBe('accepted');
      expect((await store.receive({ ...base, envelope: { ...base.envelope, senderQualifier: '5' } })).outcome).toBe('accepted');
      expect((await store.receive({ ...base, partnerId: 'LINE2', envelope: { ...base.envelope } })).outcome).toBe('accepted');
      expect((await store.receive({ ...base, envelope: { ...base.envelope, senderId: 'LINE1B' } })).outcome).toBe('accepted');
      expect((await store.receive(base)).outcome).toBe('duplicate');
      // Without a control reference nothing can be compared, so nothing is a duplicate.
      const noRef = { ...base, envelope: { senderId: 'LINE1' } };
      expect((await store.receive(noRef)).outcome).toBe('accepted');
      expect((await store.receive(noRef)).outcome).toBe('accepted');
    });

    it('lets a reference be reused once the window has passed', async () => {
      const { store, clock } = env();
      const first = acceptedId(await store.receive(edifactInput('LINE1', 'WRAP')));
      clock.advance(89 * DAY);
      const dup = await store.receive(edifactInput('LINE1', 'WRAP'));
      expect(dup).toMatchObject({ outcome: 'duplicate', originalId: first });
      clock.advance(2 * DAY);
      const second = acceptedId(await store.receive(edifactInput('LINE1', 'WRAP')));
      expect(second).not.toBe(first);
      // The window now runs from the second use.
      clock.advance(DAY);
      expect(await store.receive(edifactInput('LINE1', 'WRAP'))).toMatchObject({ outcome: 'duplicate', originalId: second });
    });
  });

  describe('duplicate window setting', () => {
    const env = withStore(make, { duplicateWindowMs: 60_000 });

    it('follows the configured window', async () => {
      const { store, clock } = env();
      acceptedId(await store.receive(edifactInput('LINE1', 'SHORT')));
      clock.advance(30_000);
      expect((await store.receive(edifactInput('LINE1', 'SHORT'))).outcome).toBe('duplicate');
      clock.advance(31_000);
      expect((await store.receive(edifactInput('LINE1', 'SHORT'))).outcome).toBe('accepted');
    });
  });

  describe('partner isolation of messages', () => {
    const env = withStore(make);

    it('shows a partner only its own messages; admins see all', async () => {
      const { store } = env();
      const a = acceptedId(await store.receive(edifactInput('AGENT1', 'A1')));
      const b = acceptedId(await store.receive(edifactInput('AGENT2', 'B1')));
      const asA = partnerViewer('AGENT1');
      expect((await store.getMessage(a, asA))?.id).toBe(a);
      expect(await store.getMessage(b, asA)).toBeNull();
      expect(await store.getPayload(b, asA)).toBeNull();
      expect(await store.timeline(b, asA)).toBeNull();
      expect(await store.timeline('01ZZZZZZZZZZZZZZZZZZZZZZZZ', adminViewer)).toBeNull();
      expect((await store.searchMessages({}, asA)).items.map((m) => m.id)).toEqual([a]);
      expect((await store.searchMessages({ partnerId: 'AGENT2' }, asA)).items).toEqual([]);
      expect((await store.searchMessages({}, adminViewer)).items.map((m) => m.id)).toEqual([b, a]);
    });
  });
}
