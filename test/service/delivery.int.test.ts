/**
 * Deliveries over real HTTP: signed webhooks to a receiver on loopback (retries with backoff, dead
 * letters, replay, one stable delivery id), a cancel withdrawing a release from a mailbox, and
 * acknowledgements from partners matched to what the gateway sent (and flagged when overdue).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/transports/webhook/signature.js';
import { DIALECTS, eventually, freePort, KEYS, repoRoot, startTestGateway, testDatabase, type TestDatabase, type TestGateway } from './harness.js';
import { contrl, deliveryOrderJson, gateInJson } from './messages.js';

const SECRET = 'test-webhook-secret-0123456789';

/** A partner's webhook endpoint: answers with the next status of `script` (then the last one), records every request. */
class Receiver {
  readonly requests: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
  script: number[] = [200];
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.port = await freePort();
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({ headers: req.headers, body: Buffer.concat(chunks) });
        const status = this.script.length > 1 ? this.script.shift()! : this.script[0];
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }

  for(deliveryId: string): { headers: IncomingHttpHeaders; body: Buffer }[] {
    return this.requests.filter((r) => r.headers['edigw-delivery-id'] === deliveryId);
  }
}

describe.each(DIALECTS)('deliveries and acknowledgements (%s)', (dialect) => {
  let db: TestDatabase;
  let gw: TestGateway;
  const receiver = new Receiver();
  const stamp = (): string => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

  beforeAll(async () => {
    await receiver.start();
    db = await testDatabase(dialect);
    gw = await startTestGateway({
      db,
      env: { EDIGW_DELIVERY_ATTEMPTS: '3' },
      edit: (file) => {
        file['demo'] = false;
        file['delivery'] = { backoffMs: 100 };
        (file['partners'] as unknown[]).push({
          id: 'hookfwd',
          name: 'Forwarder with a webhook',
          role: 'forwarder',
          partyIds: ['HOOKFWD'],
          channels: { hook: { type: 'webhook', url: `http://127.0.0.1:${receiver.port}/edi?token=hidden`, secret: SECRET } },
          defaultChannel: 'hook',
        });
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await db?.destroy();
    await receiver.stop();
  });

  async function deliveryTo(partner: string): Promise<{ id: string; messageId: string }> {
    const r = await gw.http.post('/v1/messages', KEYS.nbct, gateInJson({ documentId: `GI-${stamp()}`, forwarder: 'HOOKFWD' }), { prefer: 'wait' });
    expect(r.status).toBe(200);
    const d = (r.json.deliveries as { id: string; destinationId: string }[]).find((x) => x.destinationId === partner);
    expect(d).toBeDefined();
    return { id: d!.id, messageId: r.json.id as string };
  }

  const delivery = (id: string) => gw.http.get(`/v1/deliveries/${id}`, KEYS.admin).then((r) => r.json);

  it('POSTs a signed webhook with the delivery id, and records the attempt', async () => {
    receiver.script = [200];
    const d = await deliveryTo('hookfwd');
    const done = await eventually(async () => { const x = await delivery(d.id); return x.status === 'delivered' ? x : undefined; }, 'the webhook delivery');
    const [req] = receiver.for(d.id);
    expect(req.headers['content-type']).toContain('application/json');
    expect(req.headers['edigw-message-id']).toBe(d.messageId);
    expect(req.headers['edigw-document-type']).toBe('EquipmentInterchangeReceipt');
    expect(verifyWebhook(SECRET, { signature: req.headers['edigw-signature'] as string, timestamp: req.headers['edigw-timestamp'] as string, deliveryId: d.id }, req.body)).toBe(true);
    expect(verifyWebhook('another-secret-0123456789', { signature: req.headers['edigw-signature'] as string, timestamp: req.headers['edigw-timestamp'] as string, deliveryId: d.id }, req.body)).toBe(false);
    expect(JSON.parse(req.body.toString('utf8'))).toMatchObject({ documentType: 'EquipmentInterchangeReceipt' });
    expect(done.attemptLog).toEqual([expect.objectContaining({ attempt: 1, outcome: 'delivered', statusCode: 200 })]);
  });

  it('retries a failing webhook with backoff, then makes it a dead letter that replays with the same delivery id', async () => {
    receiver.script = [503];
    const d = await deliveryTo('hookfwd');
    const dead = await eventually(async () => { const x = await delivery(d.id); return x.status === 'dead' ? x : undefined; }, 'the dead letter');
    expect(dead.attemptLog.map((a: { outcome: string }) => a.outcome)).toEqual(['failed', 'failed', 'dead']);
    expect(dead.lastError).toContain('HTTP 503');
    expect(dead.lastError).not.toContain('token=hidden');
    expect(receiver.for(d.id)).toHaveLength(3);
    const list = await gw.http.get('/v1/dead-letters?limit=500', KEYS.admin);
    expect((list.json.items as { id: string }[]).map((x) => x.id)).toContain(d.id);
    const theirs = await gw.http.get('/v1/dead-letters?limit=500', 'edigw_demo_nbct');
    expect((theirs.json.items as { id: string }[]).map((x) => x.id)).toContain(d.id);

    receiver.script = [200];
    const replay = await gw.http.post(`/v1/dead-letters/${d.id}/replay`, KEYS.admin, {});
    expect(replay.status).toBe(202);
    await eventually(async () => ((await delivery(d.id)).status === 'delivered' ? true : undefined), 'the replayed delivery');
    const ids = new Set(receiver.for(d.id).map((r) => r.headers['edigw-delivery-id']));
    expect(ids).toEqual(new Set([d.id]));
    expect(receiver.for(d.id)).toHaveLength(4);
  });

  it('makes a delivery refused with HTTP 4xx a dead letter at once (no retry)', async () => {
    receiver.script = [400];
    const d = await deliveryTo('hookfwd');
    const dead = await eventually(async () => { const x = await delivery(d.id); return x.status === 'dead' ? x : undefined; }, 'the dead letter');
    expect(dead.attemptLog).toHaveLength(1);
    expect(receiver.for(d.id)).toHaveLength(1);
    receiver.script = [200];
  });

  it('withdraws a released delivery order from the forwarder\'s mailbox when the release is cancelled', async () => {
    const release = `RE${stamp()}`;
    const original = await gw.http.post('/v1/messages', KEYS.cosco, deliveryOrderJson({ forwarder: 'SINOTRANS-NB', releaseNumber: release }), { prefer: 'wait' });
    expect(original.status).toBe(200);
    const entry = (original.json.deliveries as { id: string; destinationId: string }[]).find((x) => x.destinationId === 'sinotrans')!;
    const before = await gw.http.get('/v1/mailbox?peek=true&limit=100&type=DeliveryOrder', KEYS.sinotrans);
    expect((before.json.entries as { id: string }[]).map((e) => e.id)).toContain(entry.id);

    const cancel = await gw.http.post('/v1/messages', KEYS.cosco, deliveryOrderJson({ forwarder: 'SINOTRANS-NB', releaseNumber: release, function: 'cancel' }), { prefer: 'wait' });
    expect(cancel.status).toBe(200);
    const after = await gw.http.get('/v1/mailbox?peek=true&limit=100&type=DeliveryOrder', KEYS.sinotrans);
    const ids = (after.json.entries as { id: string }[]).map((e) => e.id);
    expect(ids).not.toContain(entry.id);
    // The cancellation itself reaches the forwarder, so it knows why.
    const cancelEntry = (cancel.json.deliveries as { id: string; destinationId: string }[]).find((x) => x.destinationId === 'sinotrans')!;
    expect(ids).toContain(cancelEntry.id);
    expect((await gw.http.get(`/v1/mailbox/${entry.id}`, KEYS.sinotrans)).status).toBe(410);
    expect((await gw.http.post(`/v1/mailbox/${entry.id}/ack`, KEYS.sinotrans, {})).status).toBe(409);
    const docs = await gw.http.get(`/v1/messages/${original.json.id}/document`, KEYS.cosco);
    expect(docs.json.documents[0].state).toBe('withdrawn');
  });

  it('matches a partner\'s CONTRL to the interchange the gateway sent, without acknowledging it again', async () => {
    const controlRef = `OUT${stamp()}`.slice(0, 14);
    const sent = await gw.store.createOutbound({
      partnerId: 'cosco', format: 'edifact', contentType: 'application/EDIFACT', payload: Buffer.from(`UNB+UNOC:3+EDIGWNGB:ZZZ+COSCO:ZZZ+250317:1430+${controlRef}'`),
      envelope: { controlRef, messageTypes: ['CODECO'] }, awaitAckUntil: new Date(Date.now() + 3_600_000),
    });
    const r = await gw.http.post('/v1/messages', KEYS.cosco, contrl({ controlRef: `C${stamp()}`.slice(0, 14), acknowledged: controlRef, sender: 'COSCO' }), { prefer: 'wait' });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('processed');
    expect(r.json.findings).toEqual([expect.objectContaining({ code: 'GW_ERR_ACK_RECEIVED' })]);
    expect(r.json.acknowledgements).toEqual([]);
    const ack = await gw.http.get(`/v1/messages/${sent.message.id}/ack`, KEYS.cosco);
    expect(ack.json.ack).toMatchObject({ state: 'received', overdue: false });
    expect((ack.json.acknowledgements as { id: string }[]).map((a) => a.id)).toEqual([r.json.id]);

    const stray = await gw.http.post('/v1/messages', KEYS.cosco, contrl({ controlRef: `D${stamp()}`.slice(0, 14), acknowledged: 'NEVERSENT', sender: 'COSCO' }), { prefer: 'wait' });
    expect(stray.json.findings).toEqual([expect.objectContaining({ code: 'GW_ERR_ACK_UNMATCHED', severity: 'warning' })]);
  });

  it('matches a customs receipt (MT9999) to the customs message the gateway sent', async () => {
    const messageId = `EDIGWNGB${stamp()}`;
    const sent = await gw.store.createOutbound({
      partnerId: 'ningbo-customs', format: 'xml', contentType: 'application/xml', payload: Buffer.from('<Manifest/>'),
      envelope: { controlRef: messageId, messageTypes: ['MT1101'] }, awaitAckUntil: new Date(Date.now() + 3_600_000),
    });
    const receipt = readFileSync(join(repoRoot, 'fixtures', 'xml', 'mt9999-ningbo-receipt.xml'), 'utf8')
      .replace('<SenderID>EPORT</SenderID>', '<SenderID>3100</SenderID>')
      .replace('<MessageID>CN_MT1101_1p0_3100NB00001_20240308093000123</MessageID>', `<MessageID>${messageId}</MessageID>`);
    const r = await gw.http.request('POST', '/v1/messages', { key: KEYS.customs, body: receipt, headers: { 'content-type': 'application/xml', prefer: 'wait' } });
    expect(r.status).toBe(200);
    expect(r.json.findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'GW_ERR_ACK_RECEIVED' })]));
    expect(r.json.status).toBe('processed');
    const ack = await gw.http.get(`/v1/messages/${sent.message.id}/ack`, KEYS.admin);
    expect(ack.json.ack.state).toBe('received');
    expect((ack.json.acknowledgements as { id: string }[]).map((a) => a.id)).toEqual([r.json.id]);
  });

  it('flags an acknowledgement that did not come within the partner\'s deadline', async () => {
    const controlRef = `LATE${stamp()}`.slice(0, 14);
    const sent = await gw.store.createOutbound({
      partnerId: 'cosco', format: 'edifact', contentType: 'application/EDIFACT', payload: Buffer.from('UNB'),
      envelope: { controlRef }, awaitAckUntil: new Date(Date.now() - 1000),
    });
    const ack = await eventually(async () => {
      const a = await gw.http.get(`/v1/messages/${sent.message.id}/ack`, KEYS.admin);
      // `overdue` reads true as soon as the deadline passed; the sweep then flags it once (state, event, metric).
      return a.json.ack?.state === 'overdue' ? a.json.ack : undefined;
    }, 'the sweep to flag it');
    expect(ack.overdue).toBe(true);
    const detail = await gw.http.get(`/v1/messages/${sent.message.id}`, KEYS.admin);
    expect((detail.json.timeline as { type: string }[]).map((e) => e.type)).toContain('acknowledgement-overdue');
    const metrics = await gw.http.get('/metrics');
    expect(metrics.text).toMatch(/edigw_acknowledgements_overdue_total [1-9]/);
  });
});
