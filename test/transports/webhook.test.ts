/** The webhook transport with undici's MockAgent (no network): headers, signature, failure classes. */
import { createHmac } from 'node:crypto';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Partner } from '../../src/config/types.js';
import { redactUrl, WebhookTransport } from '../../src/transports/webhook/index.js';
import { signWebhook, verifyWebhook } from '../../src/transports/webhook/signature.js';
import type { OutgoingDelivery } from '../../src/transports/types.js';

const SECRET = 'unit-test-secret-0123456789';
const delivery: OutgoingDelivery = {
  id: '01JDELIVERY000000000000000', messageId: '01JMESSAGE0000000000000000', documentId: '01JDOC', documentType: 'DeliveryOrder',
  destination: { id: 'fwd' } as Partner, channelName: 'hook', channel: { type: 'webhook', url: 'https://partner.example/edi?token=abc', secret: SECRET },
  format: 'json', contentType: 'application/json; charset=utf-8', payload: Buffer.from('{"releaseNumber":"RE1"}'), test: true, attempt: 3,
};

describe('webhook transport', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    await agent.close();
  });

  it('POSTs the payload with the delivery id, a timestamp and an HMAC-SHA256 signature a receiver can check', async () => {
    let seen: Record<string, string> = {};
    agent.get('https://partner.example').intercept({ path: '/edi?token=abc', method: 'POST' }).reply(204, (opts) => {
      seen = opts.headers as Record<string, string>;
      return '';
    });
    const t = new WebhookTransport({ dispatcher: agent, now: () => 1_742_191_800_000 });
    expect(await t.send(delivery)).toEqual({ outcome: 'delivered', statusCode: 204 });
    expect(seen['edigw-delivery-id']).toBe(delivery.id);
    expect(seen['edigw-timestamp']).toBe('1742191800');
    expect(seen['edigw-attempt']).toBe('3');
    expect(seen['edigw-test']).toBe('true');
    expect(seen['edigw-document-type']).toBe('DeliveryOrder');
    const expected = createHmac('sha256', SECRET).update(`1742191800.${delivery.id}.`).update(delivery.payload).digest('hex');
    expect(seen['edigw-signature']).toBe(`v1=${expected}`);
    const headers = { signature: seen['edigw-signature'], timestamp: seen['edigw-timestamp'], deliveryId: delivery.id };
    expect(verifyWebhook(SECRET, headers, delivery.payload, { now: 1_742_191_860 })).toBe(true);
    expect(verifyWebhook(SECRET, headers, Buffer.from('{"releaseNumber":"RE2"}'), { now: 1_742_191_860 })).toBe(false);
    expect(verifyWebhook(SECRET, { ...headers, deliveryId: '01JOTHER' }, delivery.payload, { now: 1_742_191_860 })).toBe(false);
    expect(verifyWebhook(SECRET, headers, delivery.payload, { now: 1_742_191_800 + 301 })).toBe(false);
  });

  it('reports a network failure as transient, without the URL\'s query', async () => {
    agent.get('https://partner.example').intercept({ path: '/edi?token=abc', method: 'POST' }).replyWithError(new Error('connect ECONNREFUSED'));
    const t = new WebhookTransport({ dispatcher: agent });
    const err = await t.send(delivery).then(() => undefined, (e: unknown) => e as Error & { transient: boolean; code: string });
    expect(err).toMatchObject({ transient: true, code: 'GW_ERR_DELIVERY_TRANSIENT' });
    expect(err?.message).not.toContain('token=abc');
  });

  it('refuses to send once stopped (the queue retries elsewhere)', async () => {
    const t = new WebhookTransport({ dispatcher: agent });
    await t.stop();
    await expect(t.send(delivery)).rejects.toMatchObject({ transient: true });
  });

  it('signs the exact bytes and strips credentials from URLs in messages', () => {
    expect(signWebhook('k', 1, 'id', Buffer.from('a'))).toBe(`v1=${createHmac('sha256', 'k').update('1.id.a').digest('hex')}`);
    expect(redactUrl('https://user:pw@partner.example:8443/edi?token=abc')).toBe('https://partner.example:8443/edi');
  });
});
