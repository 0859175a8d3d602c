/**
 * The conformance suite every transport passes (BullMQ's adapter-conformance habit): what reaches
 * the destination is the payload byte for byte under the delivery's stable id; a delivery sent
 * again (a job redone after a crash) arrives under the same id; an unreachable destination is a
 * transient TransportError (the queue retries), never a silent success; start and stop are safe.
 *
 *   transportConformance({ name: 'webhook', setup: async () => ({ … }) });
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTransportError, type OutgoingDelivery, type Transport } from '../../src/transports/types.js';

export interface ReceivedItem {
  /** The delivery id the destination saw (header, mailbox entry id, file name). */
  readonly id: string;
  readonly payload: Buffer;
}

export interface TransportFixture {
  readonly transport: Transport;
  /** A delivery ready to send with this payload (creating whatever the destination needs for it). */
  delivery(payload: Buffer): Promise<OutgoingDelivery>;
  /** Everything that reached the destination side so far, in arrival order. */
  received(): Promise<readonly ReceivedItem[]>;
  /** Makes the destination unreachable; absent when the channel cannot fail that way (a mailbox in the store). */
  breakDestination?(): Promise<void>;
  teardown(): Promise<void>;
}

export interface TransportHarness {
  readonly name: string;
  setup(): Promise<TransportFixture>;
}

export function transportConformance(h: TransportHarness): void {
  describe(`transport conformance: ${h.name}`, () => {
    let f: TransportFixture;
    beforeEach(async () => {
      f = await h.setup();
      await f.transport.start();
    });
    afterEach(async () => {
      await f.transport.stop();
      await f.teardown();
    });

    it('delivers the payload byte for byte under the delivery id', async () => {
      const payload = Buffer.from(`UNB+UNOC:3+EDIGWNGB:ZZZ+COSCO:ZZZ+250317:1430+${Date.now()}'UNH+1+CODECO:D:95B:UN'`, 'latin1');
      const d = await f.delivery(payload);
      const result = await f.transport.send(d);
      expect(['delivered', 'held']).toContain(result.outcome);
      const mine = (await f.received()).filter((r) => r.id === d.id);
      expect(mine).toHaveLength(1);
      expect(mine[0].payload.equals(payload)).toBe(true);
    });

    it('keeps bytes outside ASCII exactly (UTF-8 and GB 18030 text)', async () => {
      const utf8 = Buffer.from('{"consignee":"宁波家居用品进出口有限公司","remark":"空箱进场待修"}', 'utf8');
      const gb = Buffer.from([0xc4, 0xfe, 0xb2, 0xa8, 0x27, 0x0a, 0x81, 0x30, 0x81, 0x30]);
      for (const payload of [utf8, gb]) {
        const d = await f.delivery(payload);
        await f.transport.send(d);
        const got = (await f.received()).find((r) => r.id === d.id);
        expect(got?.payload.equals(payload)).toBe(true);
      }
    });

    it('delivers a repeated send under the same id, so the receiver can drop the repeat', async () => {
      const d = await f.delivery(Buffer.from(`repeat ${Date.now()}`));
      await f.transport.send(d);
      await f.transport.send({ ...d, attempt: d.attempt + 1 });
      const mine = (await f.received()).filter((r) => r.id === d.id);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      for (const r of mine) expect(r.payload.equals(d.payload)).toBe(true);
    });

    it('reports an unreachable destination as a transient TransportError', async (ctx) => {
      if (!f.breakDestination) {
        ctx.skip();
        return;
      }
      const d = await f.delivery(Buffer.from('unreachable'));
      await f.breakDestination();
      const err: unknown = await f.transport.send(d).then(() => undefined, (e: unknown) => e);
      expect(isTransportError(err)).toBe(true);
      expect((err as { transient: boolean }).transient).toBe(true);
      expect((err as { code: string }).code).toBe('GW_ERR_DELIVERY_TRANSIENT');
    });

    it('serves the channel it says, and stops twice without complaint', async () => {
      expect(typeof f.transport.channel).toBe('string');
      await f.transport.stop();
      await f.transport.stop();
    });
  });
}
