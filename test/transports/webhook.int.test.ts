/** The webhook transport against a real HTTP receiver on loopback: the conformance suite, and 4xx vs 5xx. */
import { createServer, type Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { ChannelConfig, Partner } from '../../src/config/types.js';
import { WebhookTransport } from '../../src/transports/webhook/index.js';
import { verifyWebhook } from '../../src/transports/webhook/signature.js';
import type { OutgoingDelivery } from '../../src/transports/types.js';
import { transportConformance, type ReceivedItem } from './conformance.js';

const SECRET = 'conformance-secret-0123456789';

interface Receiver {
  readonly url: string;
  readonly items: ReceivedItem[];
  status: number;
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const items: ReceivedItem[] = [];
  const state = { status: 200 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const id = String(req.headers['edigw-delivery-id']);
      // Only what carries a valid signature counts as received: the receiver side does what docs/service.md says.
      const ok = verifyWebhook(SECRET, { signature: req.headers['edigw-signature'] as string, timestamp: req.headers['edigw-timestamp'] as string, deliveryId: id }, body);
      if (ok && state.status < 300) items.push({ id, payload: body });
      res.writeHead(ok ? state.status : 401).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    items,
    get status() { return state.status; },
    set status(v: number) { state.status = v; },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => { r(); }); }),
  };
}

function outgoing(channel: ChannelConfig, payload: Buffer): OutgoingDelivery {
  return {
    id: `01TEST${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    messageId: '01TESTMESSAGE',
    documentId: null,
    documentType: 'EquipmentInterchangeReceipt',
    destination: { id: 'hookfwd' } as Partner,
    channelName: 'hook',
    channel,
    format: 'json',
    contentType: 'application/json',
    payload,
    test: false,
    attempt: 1,
  };
}

transportConformance({
  name: 'webhook',
  async setup() {
    const r = await receiver();
    const channel: ChannelConfig = { type: 'webhook', url: r.url, secret: SECRET };
    let closed = false;
    return {
      transport: new WebhookTransport({ timeoutMs: 5000 }),
      delivery: (payload) => Promise.resolve(outgoing(channel, payload)),
      received: () => Promise.resolve(r.items),
      breakDestination: async () => { closed = true; await r.close(); },
      teardown: async () => { if (!closed) await r.close(); },
    };
  },
});

describe('webhook answers', () => {
  it('treats 4xx as permanent and 408, 429 and 5xx as transient, each reported once', async () => {
    const r = await receiver();
    const t = new WebhookTransport({ timeoutMs: 5000 });
    await t.start();
    try {
      const channel: ChannelConfig = { type: 'webhook', url: r.url, secret: SECRET };
      for (const [status, transient] of [[400, false], [404, false], [410, false], [408, true], [429, true], [500, true], [503, true]] as const) {
        r.status = status;
        const err = await t.send(outgoing(channel, Buffer.from('x'))).then(() => undefined, (e: unknown) => e as { transient: boolean; statusCode: number });
        expect(err, String(status)).toMatchObject({ transient, statusCode: status });
      }
    } finally {
      await t.stop();
      await r.close();
    }
  });
});
